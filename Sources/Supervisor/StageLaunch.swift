import Pipeline
import StageProtocol

/// Everything needed to start one stage process.
public struct StageLaunch: Sendable {
    /// Stage name in the pipeline (unique).
    public var name: String
    /// Absolute path of the executable.
    public var executablePath: String
    /// Parameters passed as `--param NAME=VALUE`.
    public var parameters: [String: String]
    /// Resource limits applied to the process.
    public var limits: ResourceLimits
    /// What to do when the process dies.
    public var restart: RestartPolicy

    public init(name: String, executablePath: String, parameters: [String: String], limits: ResourceLimits, restart: RestartPolicy) {
        self.name = name
        self.executablePath = executablePath
        self.parameters = parameters
        self.limits = limits
        self.restart = restart
    }

    /// Command-line arguments after the executable name.
    var arguments: [String] {
        parameters.keys.sorted().flatMap { ["--param", "\($0)=\(parameters[$0]!)"] }
    }
}
