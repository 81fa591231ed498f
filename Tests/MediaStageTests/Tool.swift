import Foundation

/// Runs the command-line tools the fixtures and checks use (ffmpeg, ffprobe, espeak-ng).
enum Tool {
    /// Runs `arguments[0]` found on the search path; returns its standard output.
    /// - Throws: ``StageRunError`` with its standard error when it exits non-zero.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Data {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out")
        let err = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: try Data(contentsOf: err), as: UTF8.self)
            throw StageRunError(message: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text.suffix(2000))")
        }
        return try Data(contentsOf: out)
    }

    /// ffmpeg's own decode of `path` to mono float32 at `rate`.
    static func ffmpegSamples(_ path: String, rate: Int = 16000) throws -> [Float] {
        let data = try run(["ffmpeg", "-v", "error", "-i", path, "-ac", "1", "-ar", "\(rate)", "-f", "f32le", "-"])
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}
