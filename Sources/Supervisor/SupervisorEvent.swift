import StageProtocol

/// What happens during a pipeline run, in order, for the CLI's display and the server's WebSocket.
public enum SupervisorEvent: Sendable {
    /// A stage process started (attempt 1, or a restart).
    case stageStarted(stage: String, pid: Int32, attempt: Int)
    /// A stage reported progress.
    case progress(stage: String, Progress)
    /// A stage wrote a line to stderr.
    case log(stage: String, line: String)
    /// A stage finished its work and exited cleanly.
    case stageFinished(stage: String, seconds: Double, peakResidentBytes: UInt64)
    /// A stage ended abnormally.
    case stageTerminated(Termination)
    /// A stage will be started again after a delay, resuming after its last checkpoint.
    case stageRestarting(stage: String, attempt: Int, delaySeconds: Double, replayedFrames: Int)
    /// The last stage produced a file.
    case fileReady(FileReady)
    /// The last stage produced another data message (segments of a transcribe-only pipeline, say).
    case output(Message)
}
