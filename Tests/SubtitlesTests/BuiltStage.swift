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
    func run(_ arguments: [String], input: [Message] = [], in directory: URL) throws -> Run {
        let inputFile = directory.appendingPathComponent("input-\(UUID().uuidString).jsonl")
        let outputFile = directory.appendingPathComponent("output-\(UUID().uuidString).jsonl")
        try Data(input.map { MessageJSON.line(for: $0) + "\n" }.joined().utf8).write(to: inputFile)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--input", inputFile.path, "--output", outputFile.path]
        process.currentDirectoryURL = directory
        let standardError = Pipe()
        process.standardError = standardError
        try process.run()
        let errorText = String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let messages = try output.split(separator: "\n").map { try MessageJSON.message(from: String($0)) }
        return Run(status: process.terminationStatus, messages: messages, standardError: errorText)
    }

    /// What `--describe` prints.
    func describe() throws -> StageManifest {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--describe"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(StageManifest.self, from: data)
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
