import StageProtocol

/// How and why a stage process ended, classified and told in words.
public struct Termination: Sendable, Hashable, CustomStringConvertible {
    /// The classified cause.
    public enum Cause: Sendable, Hashable {
        /// Exited by itself with this status.
        case exited(Int32)
        /// Killed by this signal, for no reason the supervisor could name.
        case signaled(Int32)
        /// Stopped for going over its memory limit (bytes).
        case overMemoryLimit(UInt64)
        /// Stopped for using more CPU time than allowed (seconds).
        case overCPUTime(UInt64)
        /// Stopped for running longer than allowed (seconds).
        case overWallTime(UInt64)
        /// Killed because it sent bytes that break the wire protocol.
        case protocolViolation(String)
        /// The stage reported this failure and exited.
        case reportedFailure(StageFailure)
        /// Stopped because the run was cancelled or another stage failed.
        case stopped
    }

    /// Stage name in the pipeline.
    public var stage: String
    /// Process id of the incarnation that ended.
    public var pid: Int32
    /// The classified cause.
    public var cause: Cause
    /// Largest resident set seen, in bytes.
    public var peakResidentBytes: UInt64
    /// CPU time used (user + system), in seconds.
    public var cpuSeconds: Double
    /// The last lines the stage wrote to stderr.
    public var lastStderrLines: [String]

    /// Stable snake_case name of the cause, for APIs and metrics.
    public var code: String {
        switch cause {
        case .exited: "exited"
        case .signaled: "killed_by_signal"
        case .overMemoryLimit: "over_memory_limit"
        case .overCPUTime: "over_cpu_time"
        case .overWallTime: "over_wall_time"
        case .protocolViolation: "protocol_error"
        case .reportedFailure(let failure): failure.code
        case .stopped: "stopped"
        }
    }

    /// Whether starting the stage again might help.
    public var isRetryable: Bool {
        switch cause {
        case .reportedFailure(let failure): failure.retryable
        case .stopped, .overWallTime, .overCPUTime: false
        default: true
        }
    }

    /// "stage recognizer pid 812 killed: over memory limit 2GiB".
    public var description: String {
        let what: String
        switch cause {
        case .exited(let status): what = "exited with status \(status)"
        case .signaled(let signal): what = "killed by signal \(signal) (\(signalName(signal)))"
        case .overMemoryLimit(let limit): what = "killed: over memory limit \(Quantity.formatBytes(limit))"
        case .overCPUTime(let limit): what = "killed: over CPU time limit \(Quantity.formatSeconds(limit))"
        case .overWallTime(let limit): what = "killed: over wall time limit \(Quantity.formatSeconds(limit))"
        case .protocolViolation(let message): what = "killed: protocol error: \(message)"
        case .reportedFailure(let failure): what = "failed (\(failure.code)): \(failure.message)"
        case .stopped: what = "stopped"
        }
        return "stage \(stage) pid \(pid) \(what)"
    }
}

/// The conventional name of a signal number.
func signalName(_ signal: Int32) -> String {
    let names: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
        9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ",
    ]
    return names[signal] ?? "signal \(signal)"
}
