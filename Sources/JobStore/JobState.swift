/// Where a job is in its life. `queued` and `running` are live; the others are final.
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a worker slot.
    case queued
    /// A worker is running its pipeline.
    case running
    /// Every stage finished; the results are ready.
    case succeeded
    /// A stage failed, or the job could not run.
    case failed
    /// Stopped at someone's request.
    case cancelled

    /// Whether the job will not change any more.
    public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
