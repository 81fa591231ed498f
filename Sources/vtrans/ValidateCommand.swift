import ArgumentParser
import Foundation
import Pipeline

/// `vtrans validate`: checks pipeline files without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files and report every problem as file:line:column: message.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Pipeline names or YAML files to check.")
    var pipelines: [String]

    @Option(name: .customLong("set"), help: ArgumentHelp("Check with a parameter override: stage.param=value.", valueName: "stage.param=value"))
    var overrides: [String] = []

    func run() throws {
        let loader = PipelineLoader(registry: try global.registry())
        var failed = false
        for pipeline in pipelines {
            let file = try global.pipelineFile(pipeline)
            do {
                let parsed = try parseOverrides(overrides)
                let definition = try loader.load(file: file, overrides: parsed)
                print("\(file): ok (\(definition.stages.map(\.name).joined(separator: " → ")))")
            } catch {
                failed = true
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(65) }
    }
}
