/// What ``JobStore/recoverAfterRestart(maxAttempts:)`` did.
public struct Recovery: Sendable, Hashable {
    /// Jobs that were running and are queued again.
    public var requeued: [String]
    /// Jobs that were running and had no attempt left, now failed.
    public var failed: [String]
    /// Jobs that were running with a cancellation requested, now cancelled.
    public var cancelled: [String]
    /// The stage processes that were recorded as running; they may still exist.
    public var processes: [StageProcess]

    public init(requeued: [String] = [], failed: [String] = [], cancelled: [String] = [], processes: [StageProcess] = []) {
        self.requeued = requeued
        self.failed = failed
        self.cancelled = cancelled
        self.processes = processes
    }
}
