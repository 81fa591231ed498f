import Logging
import StageProtocol

/// What a stage is given to work with: its parameters, a logger and its manifest.
public struct StageContext: Sendable {
    /// The stage's manifest.
    public let manifest: StageManifest
    /// Parameter values, with manifest defaults filled in.
    public let parameters: StageParameters
    /// Logger writing structured lines to stderr, with `stage` metadata set.
    public let logger: Logger

    public init(manifest: StageManifest, parameters: StageParameters, logger: Logger) {
        self.manifest = manifest
        self.parameters = parameters
        self.logger = logger
    }
}
