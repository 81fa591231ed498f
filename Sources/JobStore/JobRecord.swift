import Foundation
import GRDB

/// A row of the `job` table. Lists and nested values are JSON text columns.
struct JobRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "job"

    var id: String
    var state: String
    var priority: Int
    var pipeline: String
    var sourceLanguage: String?
    var targetLanguages: [String]
    var burnIn: Bool
    var overrides: [String]
    var idempotencyKey: String?
    var client: String?
    var input: InputFile
    var subtitles: InputFile?
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var attempts: Int
    var worker: String?
    var cancelRequested: Bool
    var stages: [StageProgress]
    var artifacts: [Artifact]
    var failure: JobFailure?
    var warnings: [String]
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, state, priority, pipeline
        case sourceLanguage = "source_language", targetLanguages = "target_languages", burnIn = "burn_in", overrides
        case idempotencyKey = "idempotency_key", client, input, subtitles
        case createdAt = "created_at", startedAt = "started_at", finishedAt = "finished_at", attempts, worker
        case cancelRequested = "cancel_requested", stages, artifacts, failure, warnings, updatedAt = "updated_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let state = Column(CodingKeys.state)
        static let priority = Column(CodingKeys.priority)
        static let idempotencyKey = Column(CodingKeys.idempotencyKey)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    init(_ job: NewJob, now: Date) {
        id = job.id
        state = JobState.queued.rawValue
        priority = job.priority
        pipeline = job.pipeline
        sourceLanguage = job.sourceLanguage
        targetLanguages = job.targetLanguages
        burnIn = job.burnIn
        overrides = job.overrides
        idempotencyKey = job.idempotencyKey
        client = job.client
        input = job.input
        subtitles = job.subtitles
        createdAt = now
        attempts = 0
        cancelRequested = false
        stages = []
        artifacts = []
        warnings = []
        updatedAt = now
    }

    /// The public value; an unknown state text (from a newer server) reads as `failed`.
    var job: Job {
        Job(
            id: id, state: JobState(rawValue: state) ?? .failed, priority: priority, pipeline: pipeline, sourceLanguage: sourceLanguage,
            targetLanguages: targetLanguages, burnIn: burnIn, overrides: overrides, idempotencyKey: idempotencyKey, client: client,
            input: input, subtitles: subtitles, createdAt: createdAt, startedAt: startedAt, finishedAt: finishedAt, attempts: attempts,
            worker: worker, cancelRequested: cancelRequested, stages: stages, artifacts: artifacts, failure: failure, warnings: warnings)
    }
}
