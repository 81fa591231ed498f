import Foundation
import JobStore

/// A job as the API shows it (docs/api.md, "Job").
struct JobResource: Encodable, Sendable {
    struct File: Encodable, Sendable {
        var name: String
        var bytes: Int64
    }

    struct Stage: Encodable, Sendable {
        var name: String
        var state: String
        var fraction: Double?
        var done: Double?
        var total: Double?
        var unit: String?
        var note: String?
        var attempts: Int
        var startedAt: Date?
        var finishedAt: Date?
        var seconds: Double?
        var peakResidentBytes: UInt64?
        var termination: String?

        init(_ stage: StageProgress) {
            name = stage.name
            state = stage.state.rawValue
            fraction = stage.fraction
            done = stage.done
            total = stage.total
            unit = stage.unit
            note = stage.note
            attempts = stage.attempts
            startedAt = stage.startedAt
            finishedAt = stage.finishedAt
            seconds = stage.seconds
            peakResidentBytes = stage.peakResidentBytes
            termination = stage.termination
        }
    }

    struct Artifact: Encodable, Sendable {
        var name: String
        var role: String
        var language: String?
        var format: String?
        var bytes: Int64
        var url: String
    }

    struct Failure: Encodable, Sendable {
        var code: String
        var stage: String?
        var message: String
    }

    struct Links: Encodable, Sendable {
        var `self`: String
        var events: String
    }

    var id: String
    var state: String
    var pipeline: String
    var sourceLanguage: String?
    var targetLanguages: [String]
    var burnIn: Bool
    var overrides: [String]
    var priority: Int
    var idempotencyKey: String?
    var input: File
    var subtitles: File?
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var attempts: Int
    var cancelRequested: Bool
    var progress: Double
    var stages: [Stage]
    var artifacts: [Artifact]
    var error: Failure?
    var warnings: [String]
    var links: Links

    init(_ job: Job) {
        id = job.id
        state = job.state.rawValue
        pipeline = job.pipeline
        sourceLanguage = job.sourceLanguage
        targetLanguages = job.targetLanguages
        burnIn = job.burnIn
        overrides = job.overrides
        priority = job.priority
        idempotencyKey = job.idempotencyKey
        input = File(name: job.input.name, bytes: job.input.bytes)
        subtitles = job.subtitles.map { File(name: $0.name, bytes: $0.bytes) }
        createdAt = job.createdAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        attempts = job.attempts
        cancelRequested = job.cancelRequested
        stages = job.stages.map(Stage.init)
        let base = "/api/jobs/\(job.id)"
        artifacts = job.artifacts.map {
            Artifact(name: $0.name, role: $0.role, language: $0.language, format: $0.format, bytes: $0.bytes,
                     url: "\(base)/artifacts/\($0.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0.name)")
        }
        error = job.failure.map { Failure(code: $0.code, stage: $0.stage, message: $0.message) }
        warnings = job.warnings
        links = Links(self: base, events: "\(base)/events")
        progress = Self.overallProgress(job)
    }

    /// The mean of the stages' fractions (a finished stage counts 1), 1 for a succeeded job.
    static func overallProgress(_ job: Job) -> Double {
        if job.state == .succeeded { return 1 }
        guard !job.stages.isEmpty else { return 0 }
        let sum = job.stages.reduce(0.0) { total, stage in
            total + (stage.state == .succeeded ? 1 : min(max(stage.fraction ?? 0, 0), 1))
        }
        return sum / Double(job.stages.count)
    }
}
