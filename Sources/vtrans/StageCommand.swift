import ArgumentParser
import Foundation
import Pipeline
import Supervisor

/// `vtrans stage`: runs one stage on its own, reading and writing files, for debugging.
struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run one stage standalone on files (frames, or JSON lines for names ending in .jsonl).",
        discussion: """
            Examples:
              vtrans stage decoder -p path=talk.mp4 --output audio.frames
              vtrans stage subtitles --input segments.jsonl --output files.jsonl -p output_dir=out
              vtrans stage decoder --describe
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The plugin to run (see 'vtrans plugins').")
    var plugin: String

    @Option(name: [.customShort("p"), .customLong("param")], help: ArgumentHelp("A parameter: NAME=VALUE (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: [.short, .customLong("input"), .customLong("in")], help: ArgumentHelp("Read messages from this file instead of stdin.", valueName: "file"))
    var input: String?

    @Option(name: [.short, .customLong("output"), .customLong("out")], help: ArgumentHelp("Write messages to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(help: "Print the stage's manifest and exit.")
    var describe = false

    func run() throws {
        let registry = try global.registry()
        guard let descriptor = registry.plugins[plugin] else {
            throw ValidationError("no plugin '\(plugin)'; installed: \(registry.plugins.keys.sorted().joined(separator: ", "))")
        }
        let executable = try ExecutableLocator.standard().locate(descriptor)
        var arguments = parameters.flatMap { ["--param", $0] }
        if let input { arguments += ["--input", input] }
        if let output { arguments += ["--output", output] }
        if describe { arguments = ["--describe"] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
    }
}
