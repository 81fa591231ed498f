import Foundation

/// A job as stored: what was asked, where it is, and what it produced.
public struct Job: Sendable, Hashable {
    /// Unique id (a lower-case UUID).
    public var id: String
    /// Where the job is.
    public var state: JobState
    /// Higher runs first.
    public var priority: Int
    /// Name of the pipeline it runs.
    public var pipeline: String
    /// Language spoken in the input, or `nil` to detect it.
    public var sourceLanguage: String?
    /// Languages to produce subtitles in.
    public var targetLanguages: [String]
    /// Whether subtitles are burned into the picture.
    public var burnIn: Bool
    /// `stage.param=value` overrides, as given.
    public var overrides: [String]
    /// The client's idempotency key, if any.
    public var idempotencyKey: String?
    /// Who submitted it.
    public var client: String?
    /// The uploaded input.
    public var input: InputFile
    /// An uploaded subtitle file, if any.
    public var subtitles: InputFile?
    /// When it was queued.
    public var createdAt: Date
    /// When its latest attempt started.
    public var startedAt: Date?
    /// When it reached a final state.
    public var finishedAt: Date?
    /// Attempts started so far (a job running for the first time has 1).
    public var attempts: Int
    /// Which worker runs it (or ran it last).
    public var worker: String?
    /// Whether someone asked for it to stop while it was running.
    public var cancelRequested: Bool
    /// Progress and figures of each stage, in pipeline order.
    public var stages: [StageProgress]
    /// Files it produced.
    public var artifacts: [Artifact]
    /// Why it failed, when it failed.
    public var failure: JobFailure?
    /// Things that went less well than they should have, without failing the job.
    public var warnings: [String]

    public init(
        id: String, state: JobState, priority: Int, pipeline: String, sourceLanguage: String?, targetLanguages: [String], burnIn: Bool,
        overrides: [String], idempotencyKey: String?, client: String?, input: InputFile, subtitles: InputFile?, createdAt: Date,
        startedAt: Date? = nil, finishedAt: Date? = nil, attempts: Int = 0, worker: String? = nil, cancelRequested: Bool = false,
        stages: [StageProgress] = [], artifacts: [Artifact] = [], failure: JobFailure? = nil, warnings: [String] = []
    ) {
        self.id = id
        self.state = state
        self.priority = priority
        self.pipeline = pipeline
        self.sourceLanguage = sourceLanguage
        self.targetLanguages = targetLanguages
        self.burnIn = burnIn
        self.overrides = overrides
        self.idempotencyKey = idempotencyKey
        self.client = client
        self.input = input
        self.subtitles = subtitles
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.attempts = attempts
        self.worker = worker
        self.cancelRequested = cancelRequested
        self.stages = stages
        self.artifacts = artifacts
        self.failure = failure
        self.warnings = warnings
    }
}
