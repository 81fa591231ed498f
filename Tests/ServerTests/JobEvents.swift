import Foundation
import HummingbirdWSClient
import Logging

/// Follows a job's WebSocket until the server closes it; returns every message, parsed.
enum JobEvents {
    /// - Parameter onMessage: called with each message as it arrives (from the client's task).
    static func follow(_ url: String, onMessage: @escaping @Sendable ([String: Any]) async -> Void = { _ in }) async throws -> [[String: Any]] {
        let collected = Collected()
        try await WebSocketClient.connect(url: url, logger: Logger(label: "test.ws")) { inbound, _, _ in
            for try await message in inbound.messages(maxSize: 1 << 22) {
                guard case .text(let text) = message,
                    let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                else { continue }
                collected.append(text)
                await onMessage(object)
            }
        }
        return collected.texts.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String] = []
        func append(_ text: String) { lock.withLock { storage.append(text) } }
        var texts: [String] { lock.withLock { storage } }
    }
}
