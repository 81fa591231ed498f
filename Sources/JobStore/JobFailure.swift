/// Why a job failed: a stable code, the stage concerned and what happened.
public struct JobFailure: Sendable, Hashable, Codable {
    /// Stable snake_case code (`stage_failed`, `restart_intensity`, `server_restarted`…).
    public var code: String
    /// The stage concerned, when there is one.
    public var stage: String?
    /// What went wrong, in words.
    public var message: String

    public init(code: String, stage: String? = nil, message: String) {
        self.code = code
        self.stage = stage
        self.message = message
    }

    /// The code of the failure a restart causes when the job has no attempt left.
    public static let serverRestartedCode = "server_restarted"
}
