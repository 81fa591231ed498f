import Foundation
import StageTesting

/// Media and subtitle files for the tests, made with the ffmpeg CLI.
enum Fixtures {
    /// A scratch directory removed by nobody (the system's temporary directory is cleaned by it).
    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-server-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A 3 s MP4 (testsrc picture, 440 Hz tone), made once per test process.
    static let clip: Data = {
        let directory = try! scratch("clip")
        let path = directory.appendingPathComponent("talk.mp4").path
        try! run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=3",
                  "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                  "-c:a", "aac", "-shortest", path])
        return try! Data(contentsOf: URL(fileURLWithPath: path))
    }()

    /// Two English cues.
    static let subtitles = Data("1\n00:00:00,500 --> 00:00:01,800\nHello there.\n\n2\n00:00:02,000 --> 00:00:02,900\nSecond line.\n".utf8)

    /// Runs a tool (reaped on a thread of its own: Foundation's `Process` reports exits on a
    /// Dispatch queue that busy tests can starve); returns its standard output.
    @discardableResult
    static func run(_ arguments: [String], timeout: Double = 120) throws -> Data {
        let outcome = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments, timeout: timeout)
        guard outcome.status == 0, outcome.signal == nil else {
            throw ServerTestError("\(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.standardError.suffix(500))")
        }
        return Data(outcome.standardOutput)
    }

    /// A pipeline that runs for `seconds` (testsrc paced at real time into passthrough); its
    /// `duration` value carries `marker`, so the test can find its processes.
    static func slowPipeline(in directory: URL, seconds: Int, marker: Int) throws -> URL {
        let pipelines = directory.appendingPathComponent("pipelines")
        try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
        let yaml = """
            name: slow
            summary: A tone generated at real time, for cancel and restart tests
            stages:
              - plugin: testsrc
                params: { duration: \(seconds).\(marker), pace: 1, chunk_seconds: 0.5 }
              - plugin: passthrough
            """
        try yaml.write(to: pipelines.appendingPathComponent("slow.yaml"), atomically: true, encoding: .utf8)
        return pipelines
    }

    /// Processes whose command line holds `marker`.
    static func processes(containing marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty,
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), !stat.contains(") Z ")
            else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(marker)
        }
    }
}
