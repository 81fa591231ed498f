import Foundation
import StageTesting

/// A temporary directory holding a test's inputs and outputs, with the tools the tests call.
struct Workspace {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A real recording: the first LibriVox clip from Debian's pocketsphinx-testdata.
    static let librivox = "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav"

    /// Writes a test video to `path`: a test picture (H.264) over ``librivox`` (AAC), as long as the recording.
    static func makeClip(_ path: String) throws {
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-i", librivox, "-shortest",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path,
        ])
    }

    /// Runs a tool from PATH and returns its outcome.
    @discardableResult
    static func tool(_ name: String, _ arguments: [String], timeout: Double = 120) throws -> ProcessOutcome {
        let found = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let executable = found else { throw StageTestError("\(name) is not installed (scripts/install-system-packages.sh installs it)") }
        return try ProcessRunner.run(executable, arguments: arguments, timeout: timeout)
    }

    /// Runs ffmpeg quietly and fails on a non-zero exit.
    static func ffmpeg(_ arguments: [String]) throws {
        let outcome = try tool("ffmpeg", ["-y", "-v", "error"] + arguments)
        guard outcome.status == 0 else { throw StageTestError("ffmpeg \(arguments.joined(separator: " ")) failed: \(outcome.standardError)") }
    }

    /// Runs the built `vtrans` CLI from this workspace.
    func vtrans(_ arguments: [String], timeout: Double = 300) throws -> ProcessOutcome {
        try ProcessRunner.run(try BuiltProducts.executable(named: "vtrans"), arguments: arguments, workingDirectory: directory, timeout: timeout)
    }

    /// MD5 of every packet of one stream, in order, as ffprobe reports them.
    static func packetHashes(_ file: String, stream: String) throws -> [String] {
        let outcome = try tool("ffprobe", ["-v", "error", "-select_streams", stream, "-show_packets", "-show_data_hash", "MD5",
                                           "-show_entries", "packet=data_hash", "-of", "csv=p=0", file])
        guard outcome.status == 0 else { throw StageTestError("ffprobe failed on \(file): \(outcome.standardError)") }
        // Side data (AAC priming "Skip Samples") adds fields to some lines: keep only the hashes.
        return String(decoding: outcome.standardOutput, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "," })
            .filter { $0.hasPrefix("MD5:") }.map(String.init)
    }

    /// Presentation time of a stream's first packet, in seconds.
    static func firstPacketTime(_ file: String, stream: String) throws -> Double {
        let outcome = try tool("ffprobe", ["-v", "error", "-select_streams", stream, "-show_packets", "-read_intervals", "%+#1",
                                           "-show_entries", "packet=pts_time", "-of", "csv=p=0", file])
        return Double(String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n").first ?? "") ?? 0
    }

    /// One value of every stream of a file: `codec_type,codec_name,language`.
    static func streams(_ file: String) throws -> [String] {
        let outcome = try tool("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name:stream_tags=language",
                                           "-of", "csv=p=0", file])
        return String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
