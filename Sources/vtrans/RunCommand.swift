import ArgumentParser
import Foundation
import Pipeline
import StageProtocol
import Supervisor

/// `vtrans run`: validates a pipeline, runs every stage as its own process and shows progress.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline on an input file.",
        discussion: """
            The pipeline is checked in full before anything starts, then every stage checks its \
            own parameters (--validate: a translation route, a model file). Stage parameters can use \
            ${input}, ${input_dir}, ${input_stem}, ${output} and ${job_dir}.

            Example:
              vtrans run import-subtitles --input talk.mp4 --set import.path=talk.srt --output out/
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Pipeline name (from pipelines/) or path to a pipeline YAML file.")
    var pipeline: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The input file (a video, usually).", valueName: "file"))
    var input: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the results (created if missing).", valueName: "dir"))
    var output: String = "out"

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a stage parameter: stage.param=value (repeatable).", valueName: "stage.param=value"))
    var overrides: [String] = []

    @Flag(name: .shortAndLong, help: "Show every stage's log lines.")
    var verbose = false

    @Flag(help: "Print progress as plain lines even on a terminal.")
    var plain = false

    func run() async throws {
        let registry = try global.registry()
        let file = try global.pipelineFile(pipeline)
        let inputPath = try input.map { path -> String in
            guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("input file '\(path)' does not exist") }
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        let outputPath = URL(fileURLWithPath: output).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: outputPath, withIntermediateDirectories: true)
        let definition: PipelineDefinition
        do {
            let parsedOverrides = try parseOverrides(overrides)
            definition = try PipelineLoader(registry: registry).load(
                file: file, overrides: parsedOverrides,
                variables: PipelineLoader.variables(input: inputPath, output: outputPath, jobDirectory: outputPath))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(65)
        }

        let display = ProgressDisplay(stages: definition.stages.map(\.name), verbose: verbose, live: !plain && isatty(STDERR_FILENO) == 1)
        let options = SupervisorOptions(logger: global.logger(), onEvent: { display.handle($0) })
        let run = try PipelineRun(pipeline: definition, options: options)
        do {
            try run.preflight()
        } catch {
            FileHandle.standardError.write(Data("vtrans: \(error)\n".utf8))
            throw ExitCode(65)
        }
        let signals = SignalForwarder(run: run)
        defer { signals.cancel() }
        do {
            let result = try await run.run()
            display.finish()
            for file in result.files { print(file.path) }
        } catch {
            display.finish()
            FileHandle.standardError.write(Data("vtrans: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Turns SIGINT and SIGTERM into a cancelled run, so every stage is stopped in order.
final class SignalForwarder: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]

    init(run: PipelineRun) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { run.cancel(reason: "interrupted by signal \(number)") }
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
