import Foundation

/// One stage of a job: where it is, how far it got and what it cost.
public struct StageProgress: Sendable, Hashable, Codable {
    /// Where a stage is.
    public enum State: String, Sendable, Hashable, Codable {
        /// Not started yet.
        case pending
        /// Its process is running.
        case running
        /// It died and will be started again.
        case restarting
        /// It finished its work.
        case succeeded
        /// It ended abnormally and the job failed.
        case failed
        /// It was stopped (the job was cancelled, or another stage failed).
        case stopped
    }

    /// Stage name in the pipeline.
    public var name: String
    /// Where it is.
    public var state: State
    /// Fraction done, 0...1, when the stage knows it.
    public var fraction: Double?
    /// Units done (seconds of audio, segments…).
    public var done: Double?
    /// Units in all, when known.
    public var total: Double?
    /// What ``done`` and ``total`` count.
    public var unit: String?
    /// The stage's latest short note.
    public var note: String?
    /// Processes started (1 + restarts).
    public var attempts: Int
    /// When its first process started.
    public var startedAt: Date?
    /// When it ended.
    public var finishedAt: Date?
    /// Wall time from start to end, in seconds.
    public var seconds: Double?
    /// Largest resident set of its processes, in bytes.
    public var peakResidentBytes: UInt64?
    /// How it ended, in words, when it did not finish cleanly.
    public var termination: String?

    public init(
        name: String, state: State = .pending, fraction: Double? = nil, done: Double? = nil, total: Double? = nil, unit: String? = nil,
        note: String? = nil, attempts: Int = 0, startedAt: Date? = nil, finishedAt: Date? = nil, seconds: Double? = nil,
        peakResidentBytes: UInt64? = nil, termination: String? = nil
    ) {
        self.name = name
        self.state = state
        self.fraction = fraction
        self.done = done
        self.total = total
        self.unit = unit
        self.note = note
        self.attempts = attempts
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.seconds = seconds
        self.peakResidentBytes = peakResidentBytes
        self.termination = termination
    }
}
