import Foundation
import StageKit
import StageProtocol
import Testing
import Yams

/// A stage executable from the build products, run standalone on JSON lines as a user would.
struct BuiltStage {
    /// What one run left behind.
    struct Run {
        var status: Int32
        var messages: [Message]
        var standardError: String

        /// The `error` message the stage sent, if any.
        var failure: StageFailure? {
            messages.lazy.compactMap { if case .error(let failure) = $0 { failure } else { nil } }.first
        }
    }

    let executable: URL

    /// The executable called `name` beside the test binary (`swift build` and `swift test` put
    /// every product in one directory).
    init(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On macOS the test binary sits inside a bundle: products/X.xctest/Contents/MacOS/X.
        while directory.pathExtension == "xctest" || ["Contents", "MacOS"].contains(directory.lastPathComponent) {
            directory.deleteLastPathComponent()
        }
        executable = directory.appendingPathComponent(name)
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "\(name) is not in \(directory.path); build it with 'swift build --product \(name)'", sourceLocation: sourceLocation)
    }

    /// Runs the stage with `arguments`, feeding it `input` as JSON lines, and reads what it wrote.
    /// - Throws: when the stage does not finish within `timeout` seconds (it is killed).
    func run(_ arguments: [String], input: [Message] = [], in directory: URL, timeout: TimeInterval = 60) throws -> Run {
        let name = UUID().uuidString
        let inputFile = directory.appendingPathComponent("input-\(name).jsonl")
        let outputFile = directory.appendingPathComponent("output-\(name).jsonl")
        try Data(input.map { MessageJSON.line(for: $0) + "\n" }.joined().utf8).write(to: inputFile)
        let standardError = try execute(arguments + ["--input", inputFile.path, "--output", outputFile.path], in: directory, timeout: timeout)
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let messages = try output.split(separator: "\n").map { try MessageJSON.message(from: String($0)) }
        return Run(status: standardError.status, messages: messages, standardError: standardError.text)
    }

    /// What `--describe` prints; the stage has five seconds to answer (it should take far less).
    func describe(in directory: URL) throws -> StageManifest {
        let outputFile = directory.appendingPathComponent("describe-\(UUID().uuidString).json")
        _ = try execute(["--describe"], in: directory, timeout: 5, standardOutput: outputFile)
        return try JSONDecoder().decode(StageManifest.self, from: Data(contentsOf: outputFile))
    }

    private struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the executable to its end or `timeout`, returning its exit status and standard error.
    private func execute(_ arguments: [String], in directory: URL, timeout: TimeInterval, standardOutput: URL? = nil) throws -> (status: Int32, text: String) {
        let errorFile = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        try Data().write(to: errorFile)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardError = try FileHandle(forWritingTo: errorFile)
        if let standardOutput {
            try Data().write(to: standardOutput)
            process.standardOutput = try FileHandle(forWritingTo: standardOutput)
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Timeout(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return (process.terminationStatus, (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }

    /// A fresh directory for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-subtitles-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The manifest in `plugins/<plugin>/plugin.yaml` of this checkout.
    static func pluginManifest(_ plugin: String) throws -> StageManifest {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let yaml = try String(contentsOf: root.appendingPathComponent("plugins/\(plugin)/plugin.yaml"), encoding: .utf8)
        return try YAMLDecoder().decode(StageManifest.self, from: yaml)
    }
}
