import StageProtocol

/// An installed plugin: its manifest and where it was found.
public struct PluginDescriptor: Sendable, Hashable {
    /// What the plugin's `plugin.yaml` declares.
    public var manifest: StageManifest
    /// Absolute path of the plugin's directory; a relative `executable` is resolved against it.
    public var directory: String
    /// Absolute path of the plugin's `plugin.yaml`.
    public var manifestPath: String

    public init(manifest: StageManifest, directory: String, manifestPath: String) {
        self.manifest = manifest
        self.directory = directory
        self.manifestPath = manifestPath
    }
}
