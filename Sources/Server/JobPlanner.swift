import Foundation
import JobStore
import Pipeline

/// Turns a job's choices into a runnable pipeline.
///
/// The job's languages, burn-in and subtitle file become parameter overrides by parameter name,
/// so any pipeline can take them (docs/api.md, "From job fields to stage parameters"):
/// - `source_language` sets every stage parameter named `source`, `source_language` or `language`;
/// - `target_languages` sets `targets` and `target_languages` (all of them, comma-separated) and
///   `target` and `target_language` (the first; a warning says the others were not produced);
/// - `burn_in` sets every parameter named `burn_in`; a pipeline without one refuses the job;
/// - an uploaded subtitle file sets `path` of every stage running the `import` plugin.
/// The job's own `overrides` win over all of these. The pipeline is loaded once to learn its
/// stages, so it must give every required parameter a value itself (as `import-subtitles` does
/// for `import.path`); the job's fields then replace those values.
struct JobPlanner: Sendable {
    /// Where pipelines are found.
    let library: PipelineLibrary

    /// The plan of `job`, whose input is at `input` and whose results go to `output`.
    /// - Throws: ``PipelineError`` for bad overrides, ``APIError`` for an unknown pipeline or a
    ///   choice the pipeline cannot honour.
    func plan(
        pipeline name: String, sourceLanguage: String?, targetLanguages: [String], burnIn: Bool, overrides texts: [String],
        subtitlesPath: String?, input: String, output: String
    ) throws -> JobPlan {
        let file = try library.file(named: name)
        var overrides: [ParameterOverride] = []
        for text in texts { overrides.append(try ParameterOverride(parsing: text)) }
        let variables = PipelineLoader.variables(input: input, output: output, jobDirectory: output)
        let loader = PipelineLoader(registry: library.registry)
        let first = try loader.load(file: file, overrides: overrides, variables: variables)

        var warnings: [String] = []
        var derived: [ParameterOverride] = []
        var burnInHonoured = false
        let explicit = Set(overrides.map { "\($0.stage).\($0.parameter)" })
        func set(_ stage: StageDefinition, _ parameter: String, _ value: String) {
            guard stage.plugin.manifest.parameter(named: parameter) != nil, !explicit.contains("\(stage.name).\(parameter)") else { return }
            derived.append(ParameterOverride(stage: stage.name, parameter: parameter, value: value))
        }
        for stage in first.stages {
            let manifest = stage.plugin.manifest
            if let source = sourceLanguage {
                for parameter in ["source", "source_language", "language"] { set(stage, parameter, source) }
            }
            if !targetLanguages.isEmpty {
                for parameter in ["targets", "target_languages"] { set(stage, parameter, targetLanguages.joined(separator: ",")) }
                for parameter in ["target", "target_language"] where manifest.parameter(named: parameter) != nil {
                    set(stage, parameter, targetLanguages[0])
                    if targetLanguages.count > 1, manifest.parameter(named: "targets") == nil, manifest.parameter(named: "target_languages") == nil {
                        warnings.append("stage \(stage.name) translates into one language: only \(targetLanguages[0]) is produced")
                    }
                }
            }
            if burnIn, manifest.parameter(named: "burn_in") != nil {
                set(stage, "burn_in", "true")
                burnInHonoured = true
            }
            if manifest.name == "import" {
                if let subtitlesPath {
                    set(stage, "path", subtitlesPath)
                } else if !explicit.contains("\(stage.name).path") {
                    throw APIError(.unprocessableContent, code: "subtitles_required",
                                   message: "pipeline '\(name)' imports subtitles: add a subtitle file (.srt or .vtt) in the 'subtitles' field")
                }
            }
        }
        if burnIn, !burnInHonoured {
            throw APIError(.unprocessableContent, code: "burn_in_unsupported", message: "pipeline '\(name)' cannot burn subtitles in; choose soft subtitles or another pipeline")
        }
        guard !derived.isEmpty else { return JobPlan(definition: first, warnings: warnings) }
        let definition = try loader.load(file: file, overrides: derived + overrides, variables: variables)
        return JobPlan(definition: definition, warnings: warnings)
    }
}
