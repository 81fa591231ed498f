/// Why a pipeline run did not complete.
public struct SupervisorError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String, Hashable, Sendable {
            case stageFailed = "stage_failed"
            case restartIntensity = "restart_intensity"
            case cannotReplay = "cannot_replay"
            case spawnFailed = "spawn_failed"
            case executableNotFound = "executable_not_found"
            case cancelled
        }
        fileprivate let value: Value

        /// A stage ended abnormally and its policy does not restart it (or the failure is final).
        public static let stageFailed = Code(value: .stageFailed)
        /// A stage was restarted more often than its policy allows within the window.
        public static let restartIntensity = Code(value: .restartIntensity)
        /// A stage died but its unacknowledged input was too large to keep for replay.
        public static let cannotReplay = Code(value: .cannotReplay)
        /// The operating system refused to start a stage process.
        public static let spawnFailed = Code(value: .spawnFailed)
        /// A stage's executable could not be found.
        public static let executableNotFound = Code(value: .executableNotFound)
        /// The run was cancelled.
        public static let cancelled = Code(value: .cancelled)

        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The stage concerned, when there is one.
    public var stage: String?
    /// What went wrong and what to do.
    public var message: String
    /// How the stage ended, when a stage ended.
    public var termination: Termination?

    public init(_ code: Code, stage: String? = nil, message: String, termination: Termination? = nil) {
        self.code = code
        self.stage = stage
        self.message = message
        self.termination = termination
    }

    public var description: String {
        var text = message
        if let lines = termination?.lastStderrLines, !lines.isEmpty {
            text += "\nlast stderr lines of stage \(stage ?? "?"):\n" + lines.map { "  " + $0 }.joined(separator: "\n")
        }
        return text
    }
}
