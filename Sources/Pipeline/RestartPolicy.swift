/// What the supervisor does when a stage exits unexpectedly (see DESIGN.md, "Supervision semantics").
///
/// Every unexpected exit counts toward the intensity: more than ``maxRestarts`` restarts within
/// ``windowSeconds`` fail the job attempt. Waits between restarts grow geometrically from
/// ``initialBackoffSeconds`` up to ``maxBackoffSeconds``.
public struct RestartPolicy: Sendable, Hashable {
    /// Whether a stage is restarted at all.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// A stage that exits unexpectedly fails the job attempt.
        case never
        /// A stage that exits unexpectedly is restarted, within the intensity limit.
        case onFailure = "on-failure"
    }

    /// Whether the stage is restarted.
    public var mode: Mode
    /// Restarts allowed within ``windowSeconds``; one more fails the job attempt.
    public var maxRestarts: Int
    /// Length of the window in which restarts are counted, in seconds.
    public var windowSeconds: Double
    /// Wait before the first restart, in seconds.
    public var initialBackoffSeconds: Double
    /// Longest wait between restarts, in seconds.
    public var maxBackoffSeconds: Double

    /// A policy; the defaults are 3 restarts in 60 s, waiting from 0.5 s up to 10 s.
    public init(
        mode: Mode = .onFailure, maxRestarts: Int = 3, windowSeconds: Double = 60, initialBackoffSeconds: Double = 0.5,
        maxBackoffSeconds: Double = 10
    ) {
        self.mode = mode
        self.maxRestarts = maxRestarts
        self.windowSeconds = windowSeconds
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
    }
}
