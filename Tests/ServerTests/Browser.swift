import Foundation
import HummingbirdWSClient
import Logging

/// Debian's chromium, headless, driven over the Chrome DevTools Protocol.
final class Browser: @unchecked Sendable {
    let process: Process
    let debuggerURL: URL
    private let profile: URL

    /// Starts chromium with a fresh profile and a DevTools port chosen by the system.
    init() throws {
        profile = try Fixtures.scratch("chromium-profile")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=\(profile.path)",
            "--window-size=1280,1100", "about:blank",
        ]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning, !text.contains("DevTools listening on") || !text.contains("\n") {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "ws://127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw ServerTestError("chromium did not open its DevTools port: \(text)")
        }
        debuggerURL = URL(string: "http://127.0.0.1:\(port)")!
        // Keep draining stderr so chromium never blocks on a full pipe.
        stderr.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: profile)
    }

    /// The WebSocket URL of the first page target.
    func pageWebSocketURL() async throws -> String {
        // URLSession trips over DevTools' HTTP answer ("Failed writing header"); curl reads it fine.
        let data = try Fixtures.run(["curl", "-sS", "--max-time", "10", debuggerURL.appendingPathComponent("json/list").absoluteString])
        let targets = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
        guard let page = targets.first(where: { $0["type"] as? String == "page" }), let url = page["webSocketDebuggerUrl"] as? String else {
            throw ServerTestError("chromium has no page target: \(String(decoding: data, as: UTF8.self))")
        }
        return url
    }

    /// Connects to the page and runs `script` with a DevTools session.
    func withPage(_ script: @escaping @Sendable (DevToolsSession) async throws -> Void) async throws {
        let url = try await pageWebSocketURL()
        let failure = LockedError()
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 64 << 20
        try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "test.cdp")) { inbound, outbound, _ in
            let session = DevToolsSession(inbound: inbound.messages(maxSize: 64 << 20).makeAsyncIterator(), outbound: outbound)
            do {
                try await script(session)
            } catch {
                failure.set(error)
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
        if let error = failure.error { throw error }
    }

    private final class LockedError: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any Error)?
        func set(_ error: any Error) { lock.withLock { stored = error } }
        var error: (any Error)? { lock.withLock { stored } }
    }
}
