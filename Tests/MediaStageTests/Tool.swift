import Foundation
import StageTesting

/// Runs the command-line tools the fixtures and checks use (ffmpeg, ffprobe, espeak-ng).
enum Tool {
    /// Runs `arguments[0]` found on the search path; returns its standard output.
    /// - Throws: ``StageTestError`` with its standard error when it exits non-zero or hangs.
    @discardableResult
    static func run(_ arguments: [String], timeout: Double = 300) throws -> Data {
        let outcome = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments, timeout: timeout)
        guard outcome.status == 0, outcome.signal == nil else {
            throw StageTestError("\(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.standardError.suffix(2000))")
        }
        return Data(outcome.standardOutput)
    }

    /// ffmpeg's own decode of `path` to mono float32 at `rate`.
    static func ffmpegSamples(_ path: String, rate: Int = 16000) throws -> [Float] {
        let data = try run(["ffmpeg", "-v", "error", "-i", path, "-ac", "1", "-ar", "\(rate)", "-f", "f32le", "-"])
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}
