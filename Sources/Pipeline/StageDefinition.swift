import StageProtocol

/// One stage of a checked pipeline: which plugin runs, with which parameters, limits and restart policy.
public struct StageDefinition: Sendable {
    /// Instance name, unique in the pipeline (`name:`, else the plugin's name).
    public var name: String
    /// The plugin that runs.
    public var plugin: PluginDescriptor
    /// Every declared parameter that has a value, in canonical text form: a `--set` override, else
    /// the pipeline's `params:`, else the manifest default; lists joined with `,`. A value may still
    /// hold `${name}` for a built-in variable the loader was not given.
    public var parameters: [String: String]
    /// The manifest's default limits overridden by the pipeline's `limits:`.
    public var limits: ResourceLimits
    /// What to do when the stage exits unexpectedly.
    public var restart: RestartPolicy

    public init(
        name: String, plugin: PluginDescriptor, parameters: [String: String], limits: ResourceLimits,
        restart: RestartPolicy = RestartPolicy()
    ) {
        self.name = name
        self.plugin = plugin
        self.parameters = parameters
        self.limits = limits
        self.restart = restart
    }
}
