import Foundation
import StageProtocol

/// One run of a built stage executable: the messages it wrote, its exit status and its log.
struct StageRun {
    var messages: [Message]
    var status: Int32
    var stderr: String

    /// The first `error` message, if any.
    var failure: StageFailure? {
        messages.lazy.compactMap { if case .error(let f) = $0 { f } else { nil } }.first
    }

    /// Every audio chunk, in order.
    var chunks: [AudioChunk] { messages.compactMap { if case .audioChunk(let c) = $0 { c } else { nil } } }

    /// Every progress message, in order.
    var progress: [StageProtocol.Progress] { messages.compactMap { if case .progress(let p) = $0 { p } else { nil } } }

    /// Every file-ready message, in order.
    var files: [FileReady] { messages.compactMap { if case .fileReady(let f) = $0 { f } else { nil } } }

    /// The first stream description.
    var streamInfo: StreamInfo? { messages.lazy.compactMap { if case .streamInfo(let s) = $0 { s } else { nil } }.first }

    /// All audio samples, concatenated.
    var samples: [Float] { chunks.flatMap(\.samples) }

    /// Runs `executable` (a product name such as `vtrans-decoder`) with `parameters`, feeding it
    /// `input` as frames on stdin, and kills it after `timeout` seconds.
    static func run(
        _ executable: String, parameters: [String: String], input: [Message] = [], timeout: TimeInterval = 120
    ) throws -> StageRun {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("stage-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdinURL = scratch.appendingPathComponent("in.frames")
        let stdoutURL = scratch.appendingPathComponent("out.frames")
        let stderrURL = scratch.appendingPathComponent("err.txt")
        var encoder = FrameEncoder()
        var bytes: [UInt8] = []
        for message in input + [.endOfStream] { encoder.encode(message, into: &bytes) }
        try Data(bytes).write(to: stdinURL)
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        let process = Process()
        process.executableURL = try StageBinaries.url(executable)
        process.arguments = parameters.sorted { $0.key < $1.key }.flatMap { ["--param", "\($0.key)=\($0.value)"] }
        process.standardInput = try FileHandle(forReadingFrom: stdinURL)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw StageRunError(message: "\(executable) did not finish within \(timeout) s")
        }

        var decoder = FrameDecoder()
        decoder.append([UInt8](try Data(contentsOf: stdoutURL)))
        var messages: [Message] = []
        while let frame = try decoder.next() { messages.append(try frame.message()) }
        try decoder.finish()
        let log = String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
        return StageRun(messages: messages, status: process.terminationStatus, stderr: log)
    }
}

/// A stage run that could not be carried out.
struct StageRunError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Finds the stage executables that `swift build` / `swift test` put beside the test binary.
enum StageBinaries {
    /// The build products directory: the one holding the running test binary.
    static let directory: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    static func url(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw StageRunError(message: "\(name) is not built in \(directory.path); run 'swift build' first")
        }
        return url
    }
}
