import Foundation
import StageKit
import StageProtocol

/// A stage executable from the build products, run as the supervisor runs it (frames on stdin
/// and stdout) or standalone as a user would (`--input` and `--output` files of JSON lines).
public struct BuiltStage: Sendable {
    /// How messages go in and come out.
    public enum Format: Sendable {
        /// Binary frames on stdin and stdout, as in a pipeline.
        case frames
        /// JSON lines in `--input` and `--output` files, as in standalone mode.
        case jsonLines
    }

    /// The executable.
    public let executable: URL

    /// The built executable called `name` (`vtrans-decoder`).
    /// - Throws: ``StageTestError`` when it is not built.
    public init(_ name: String) throws(StageTestError) {
        executable = try BuiltProducts.executable(named: name)
    }

    /// Runs the stage on `input` and collects what it wrote.
    /// - Parameters:
    ///   - arguments: command-line arguments, before the `--param` pairs.
    ///   - parameters: sent as `--param NAME=VALUE`, sorted by name.
    ///   - input: messages to feed it, followed by an end of stream unless `endOfStream` is false.
    ///   - format: frames on stdin and stdout, or JSON lines in `--input` and `--output` files.
    ///   - workingDirectory: the stage's current directory.
    ///   - environment: variables added to the stage's environment.
    ///   - timeout: seconds before the stage is killed and the run throws.
    /// - Throws: ``StageTestError`` when it is not started or hangs; ``ProtocolError`` when its
    ///   output is not well-formed frames; ``StageFailure`` when its JSON lines do not parse.
    public func run(
        _ arguments: [String] = [], parameters: [String: String] = [:], input: [Message] = [], endOfStream: Bool = true,
        format: Format = .frames, workingDirectory: URL? = nil, environment: [String: String] = [:], timeout: Double = 60
    ) throws -> StageRun {
        let messages = input + (endOfStream ? [.endOfStream] : [])
        let arguments = arguments + parameters.sorted { $0.key < $1.key }.flatMap { ["--param", "\($0.key)=\($0.value)"] }
        switch format {
        case .frames:
            return try run(arguments, inputBytes: FrameBytes.encode(messages), workingDirectory: workingDirectory,
                           environment: environment, timeout: timeout)
        case .jsonLines:
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-stage-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let inputURL = scratch.appendingPathComponent("input.jsonl")
            let outputURL = scratch.appendingPathComponent("output.jsonl")
            try Data(messages.map { MessageJSON.line(for: $0) + "\n" }.joined().utf8).write(to: inputURL)
            let outcome = try ProcessRunner.run(
                executable, arguments: arguments + ["--input", inputURL.path, "--output", outputURL.path],
                workingDirectory: workingDirectory, environment: environment, timeout: timeout)
            let lines = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
            let output = try lines.split(separator: "\n").map { line throws(StageFailure) in try MessageJSON.message(from: String(line)) }
            return StageRun(outcome: outcome, messages: output)
        }
    }

    /// Runs the stage with `inputBytes` on stdin (well-formed frames or not) and decodes its stdout.
    /// - Throws: as ``run(_:parameters:input:endOfStream:format:workingDirectory:environment:timeout:)``.
    public func run(
        _ arguments: [String] = [], inputBytes: [UInt8], workingDirectory: URL? = nil, environment: [String: String] = [:],
        timeout: Double = 60
    ) throws -> StageRun {
        let outcome = try ProcessRunner.run(
            executable, arguments: arguments, standardInput: inputBytes, workingDirectory: workingDirectory,
            environment: environment, timeout: timeout)
        return StageRun(outcome: outcome, messages: try FrameBytes.messages(in: outcome.standardOutput))
    }

    /// What `--describe` prints; the stage has `timeout` seconds to answer (it should take far less).
    /// - Throws: ``StageTestError`` when it fails or hangs, a `DecodingError` when the JSON is not a manifest.
    public func describe(timeout: Double = 5) throws -> StageManifest {
        let outcome = try ProcessRunner.run(executable, arguments: ["--describe"], timeout: timeout)
        guard outcome.status == 0 else {
            throw StageTestError("\(executable.lastPathComponent) --describe exited \(outcome.status): \(outcome.standardError)")
        }
        return try JSONDecoder().decode(StageManifest.self, from: Data(outcome.standardOutput))
    }

    /// A fresh directory for one test's files (the caller removes it).
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-stage-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
