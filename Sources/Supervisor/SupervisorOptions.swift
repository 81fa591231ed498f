import Foundation
import Logging
import StageProtocol

/// How a ``PipelineRun`` runs its stages.
public struct SupervisorOptions: Sendable {
    /// Environment given to every stage (plus the supervisor's own variables).
    public var environment: [String: String]
    /// Working directory of the stages, or inherited.
    public var workingDirectory: String?
    /// Largest frame payload accepted from a stage.
    public var maximumFrameBytes: Int
    /// Unacknowledged input kept per stage for replay after a restart.
    public var replayBufferBytes: Int
    /// Time between SIGTERM and SIGKILL when stopping.
    public var stopGraceSeconds: Double
    /// stderr lines kept per stage for failure reports.
    public var stderrTailLines: Int
    /// Give each stage with a memory limit its own memory cgroup where the hierarchy is
    /// writable (resident-memory limit, OOM kills counted); otherwise, or when false, the limit
    /// is an address-space limit (RLIMIT_AS).
    public var useCgroups: Bool
    /// Receives every event, from several threads; must not block.
    public var onEvent: @Sendable (SupervisorEvent) -> Void
    /// The supervisor's own logger.
    public var logger: Logger

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String? = nil,
        maximumFrameBytes: Int = WireFormat.defaultMaximumPayloadLength,
        replayBufferBytes: Int = 512 << 20,
        stopGraceSeconds: Double = 3,
        stderrTailLines: Int = 20,
        useCgroups: Bool = ProcessInfo.processInfo.environment["VTRANS_CGROUPS"] != "off",
        logger: Logger = Logger(label: "vtrans.supervisor"),
        onEvent: @escaping @Sendable (SupervisorEvent) -> Void = { _ in }
    ) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.maximumFrameBytes = maximumFrameBytes
        self.replayBufferBytes = replayBufferBytes
        self.stopGraceSeconds = stopGraceSeconds
        self.stderrTailLines = stderrTailLines
        self.useCgroups = useCgroups
        self.logger = logger
        self.onEvent = onEvent
    }
}

/// What a completed run produced.
public struct RunResult: Sendable {
    /// Files the last stage reported.
    public var files: [FileReady]
    /// Per-stage figures.
    public var stages: [StageSummary]
}

/// Figures for one stage of a finished run.
public struct StageSummary: Sendable, Hashable {
    public var name: String
    /// Processes started (1 + restarts).
    public var attempts: Int
    /// Wall time from first start to clean exit, in seconds.
    public var seconds: Double
    /// Largest resident set of any of its processes, in bytes.
    public var peakResidentBytes: UInt64
    /// CPU time of all its processes, in seconds.
    public var cpuSeconds: Double
}
