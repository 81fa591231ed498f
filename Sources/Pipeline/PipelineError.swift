/// A pipeline file, a plugin manifest or an override that cannot be used, with every problem found.
///
/// Validation reads the whole input before giving up, so ``diagnostics`` lists all problems, in
/// file order, each with its position.
public struct PipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String, Hashable, Sendable {
            case unreadableFile = "unreadable_file"
            case invalidPipeline = "invalid_pipeline"
            case invalidPlugin = "invalid_plugin"
            case invalidOverride = "invalid_override"
        }
        fileprivate let value: Value

        /// A pipeline file or plugin search path could not be read.
        public static let unreadableFile = Code(value: .unreadableFile)
        /// The pipeline file has problems (syntax, keys, plugins, parameters, limits, message kinds).
        public static let invalidPipeline = Code(value: .invalidPipeline)
        /// An installed plugin's `plugin.yaml` has problems: an installation error, not the user's.
        public static let invalidPlugin = Code(value: .invalidPlugin)
        /// Only `--set` overrides are wrong; the pipeline file itself is fine.
        public static let invalidOverride = Code(value: .invalidOverride)

        /// Stable snake_case name of the code.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// Every problem found, each with its file and position.
    public var diagnostics: [Diagnostic]

    public init(_ code: Code, diagnostics: [Diagnostic]) {
        self.code = code
        self.diagnostics = diagnostics
    }

    /// The diagnostics, one per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
