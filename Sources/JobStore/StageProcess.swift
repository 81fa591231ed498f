import Foundation

/// A stage process a running job started; its process group has the same id.
public struct StageProcess: Sendable, Hashable, Codable {
    /// Process id, which is also its process group id.
    public var pid: Int32
    /// The job it works for.
    public var jobID: String
    /// Stage name in the pipeline.
    public var stage: String
    /// Absolute path of its executable, to recognise the process later.
    public var executable: String
    /// When it started.
    public var startedAt: Date

    public init(pid: Int32, jobID: String, stage: String, executable: String, startedAt: Date = Date()) {
        self.pid = pid
        self.jobID = jobID
        self.stage = stage
        self.executable = executable
        self.startedAt = startedAt
    }
}
