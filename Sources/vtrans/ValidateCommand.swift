import ArgumentParser
import Foundation
import Pipeline
import Supervisor

/// `vtrans validate`: checks pipeline files without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files and report every problem as file:line:column: message.",
        discussion: """
            With --input, every stage then checks its own parameters for that input as a run \
            would (--validate: a translation route, a subtitle file, a model), without starting.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Pipeline names or YAML files to check.")
    var pipelines: [String]

    @Option(name: .customLong("set"), help: ArgumentHelp("Check with a parameter override: stage.param=value.", valueName: "stage.param=value"))
    var overrides: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Also let every stage check its parameters for this input file.", valueName: "file"))
    var input: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The output directory a run would use, for ${output} (not created).", valueName: "dir"))
    var output: String = "out"

    func run() throws {
        let loader = PipelineLoader(registry: try global.registry())
        let variables = input.map { path in
            let output = URL(fileURLWithPath: output).standardizedFileURL.path
            return PipelineLoader.variables(input: URL(fileURLWithPath: path).standardizedFileURL.path, output: output, jobDirectory: output)
        }
        var failed = false
        for pipeline in pipelines {
            let file = try global.pipelineFile(pipeline)
            do {
                let parsed = try parseOverrides(overrides)
                let definition = try loader.load(file: file, overrides: parsed, variables: variables ?? [:])
                if variables != nil {
                    try PipelineRun(pipeline: definition, options: SupervisorOptions(logger: global.logger())).preflight()
                }
                print("\(file): ok (\(definition.stages.map(\.name).joined(separator: " → ")))")
            } catch {
                failed = true
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(65) }
    }
}
