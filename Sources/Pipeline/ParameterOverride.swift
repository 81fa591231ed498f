/// A per-job parameter value that replaces the pipeline's: `--set translator.target_language=es`.
public struct ParameterOverride: Sendable, Hashable, CustomStringConvertible {
    /// Instance name of the stage.
    public var stage: String
    /// Name of the parameter.
    public var parameter: String
    /// The value, as text; it may be empty.
    public var value: String

    public init(stage: String, parameter: String, value: String) {
        self.stage = stage
        self.parameter = parameter
        self.value = value
    }

    /// Parses `stage.parameter=value`; the value is everything after the first `=`.
    ///
    /// - Throws: ``PipelineError`` with code ``PipelineError/Code/invalidOverride`` and a
    ///   `<command line>` diagnostic when the text does not have that shape.
    public init(parsing text: String) throws(PipelineError) {
        let assignment = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let target = assignment[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard assignment.count == 2, target.count == 2, !target[0].isEmpty, !target[1].isEmpty else {
            let message = "--set \(text): expected STAGE.PARAMETER=VALUE, as in translator.target_language=es"
            let diagnostic = Diagnostic(file: Diagnostic.commandLine, line: 0, column: 0, message: message)
            throw PipelineError(.invalidOverride, diagnostics: [diagnostic])
        }
        self.init(stage: String(target[0]), parameter: String(target[1]), value: String(assignment[1]))
    }

    /// `stage.parameter=value`, as written on the command line.
    public var description: String { "\(stage).\(parameter)=\(value)" }
}
