import Foundation
import Testing

/// The built `vtrans serve`, run as a user would: its own process, a loopback port chosen by the
/// system, a data directory of its own.
final class ServerProcess: @unchecked Sendable {
    /// The base URL, `http://127.0.0.1:PORT`.
    let baseURL: URL
    /// The data directory.
    let dataDirectory: URL
    let process: Process
    private let logFile: URL

    /// The directory holding the built products (`vtrans` and the stage executables).
    static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Starts a server on `dataDirectory` with `environment` added to the test's own.
    init(dataDirectory: URL, environment: [String: String] = [:], arguments: [String] = []) throws {
        let executable = Self.productsDirectory.appendingPathComponent("vtrans")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build vtrans first ('swift build')")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        self.dataDirectory = dataDirectory
        logFile = dataDirectory.appendingPathComponent("server-\(UUID().uuidString.prefix(6)).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory.path] + arguments
        var env = ProcessInfo.processInfo.environment
        env["VTRANS_LOG_LEVEL"] = env["VTRANS_LOG_LEVEL"] ?? "info"
        env["VTRANS_RATE_LIMIT_PER_MINUTE"] = "0"
        env["VTRANS_MIN_FREE_BYTES"] = "0"
        for (name, value) in environment { env[name] = value }
        process.environment = env
        process.currentDirectoryURL = dataDirectory
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: logFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process

        // The first line on stdout names the port.
        let reader = stdout.fileHandleForReading
        var output = Data()
        let deadline = Date().addingTimeInterval(30)
        while !output.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            output += chunk
        }
        let line = String(decoding: output, as: UTF8.self)
        guard let range = line.range(of: "http://"), let url = URL(string: String(line[range.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            throw ServerTestError("the server did not start: \(line)\n\(log)")
        }
        baseURL = url
    }

    /// The server's stderr so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` and waits for the process to end.
    func stop(signal: Int32 = SIGTERM) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    deinit { stop(signal: SIGKILL) }

    /// `path` on this server.
    func url(_ path: String) -> URL { URL(string: path, relativeTo: baseURL)!.absoluteURL }

    /// `ws://` URL of `path`.
    func webSocketURL(_ path: String) -> String {
        url(path).absoluteString.replacingOccurrences(of: "http://", with: "ws://")
    }
}
