import Foundation

/// Reads pipeline YAML and checks all of it against the installed plugins before anything runs.
///
/// Every problem of a file is reported at once, each as `file:line:column: message`: YAML syntax,
/// unknown keys and parameters (with a did-you-mean), unknown plugins, duplicate stage names,
/// missing or mistyped parameters, bad limits and restart policies, and stages whose message
/// kinds do not meet. See docs/pipelines.md for the schema.
public struct PipelineLoader: Sendable {
    /// The plugins a pipeline's stages may name.
    public let registry: PluginRegistry

    /// The built-in variables a parameter value may refer to as `${name}`.
    public static let variableNames = ["input", "input_dir", "input_stem", "output", "job_dir"]

    public init(registry: PluginRegistry) {
        self.registry = registry
    }

    /// Reads and checks the pipeline in `path`.
    ///
    /// - Parameters:
    ///   - overrides: `--set` values; they win over the file's `params:` and are checked likewise,
    ///     with their problems reported at `<command line>`.
    ///   - variables: values for `${name}` references. A built-in variable left out stays in the
    ///     value as written and that value's type is not checked, so a pipeline can be validated
    ///     without an input; any other name given here becomes known too.
    /// - Throws: ``PipelineError`` listing every problem found.
    public func load(file path: String, overrides: [ParameterOverride] = [], variables: [String: String] = [:]) throws(PipelineError)
        -> PipelineDefinition
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PipelineError(.unreadableFile, diagnostics: [Diagnostic(file: path, line: 0, column: 0, message: "no such file")])
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PipelineError(
                .unreadableFile, diagnostics: [Diagnostic(file: path, line: 0, column: 0, message: "cannot read the file as UTF-8 text")])
        }
        return try load(yaml: text, file: path, overrides: overrides, variables: variables)
    }

    /// Reads and checks a pipeline given as text.
    ///
    /// - Parameters:
    ///   - file: the name diagnostics give the text, and the default pipeline name's source.
    ///   - overrides: as for ``load(file:overrides:variables:)``.
    ///   - variables: as for ``load(file:overrides:variables:)``.
    /// - Throws: ``PipelineError`` listing every problem found.
    public func load(yaml text: String, file: String, overrides: [ParameterOverride] = [], variables: [String: String] = [:])
        throws(PipelineError) -> PipelineDefinition
    {
        var reader = PipelineReader(file: file, registry: registry, variables: Variables(variables))
        let pipeline = reader.read(text, overrides: overrides)
        guard let pipeline, reader.diagnostics.isEmpty else {
            let code: PipelineError.Code = reader.fileDiagnostics.isEmpty ? .invalidOverride : .invalidPipeline
            throw PipelineError(code, diagnostics: reader.diagnostics)
        }
        return pipeline
    }

    /// Values of the built-in variables for one job.
    ///
    /// - Parameters:
    ///   - input: the input file; gives `input`, `input_dir` (`.` when the path has no directory)
    ///     and `input_stem` (the file name without its last extension).
    ///   - output: the output directory, as `output`.
    ///   - jobDirectory: the job's working directory, as `job_dir`.
    public static func variables(input: String?, output: String?, jobDirectory: String?) -> [String: String] {
        var values: [String: String] = [:]
        if let input {
            let path = input as NSString
            values["input"] = input
            values["input_dir"] = path.deletingLastPathComponent.isEmpty ? "." : path.deletingLastPathComponent
            values["input_stem"] = (path.lastPathComponent as NSString).deletingPathExtension
        }
        values["output"] = output
        values["job_dir"] = jobDirectory
        return values
    }
}
