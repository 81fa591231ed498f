import Foundation
import HummingbirdWSClient
import Logging

/// Follows a job's WebSocket until the server closes it; returns every message, parsed.
enum JobEvents {
    /// - Parameter onMessage: called with each message as it arrives (from the client's task).
    ///   - timeout: seconds before giving up with an error, so that a socket the server never
    ///     closes fails the test instead of hanging the run.
    static func follow(
        _ url: String, timeout: Double = 300, onMessage: @escaping @Sendable ([String: Any]) async -> Void = { _ in }
    ) async throws -> [[String: Any]] {
        let collected = Collected()
        let outcome = Outcome()
        let follower = Task {
            do {
                try await WebSocketClient.connect(url: url, logger: Logger(label: "test.ws")) { inbound, _, _ in
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        guard case .text(let text) = message,
                            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                        else { continue }
                        collected.append(text)
                        await onMessage(object)
                    }
                }
                outcome.settle(nil)
            } catch {
                outcome.settle(error)
            }
        }
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            outcome.settle(ServerTestError("the event socket \(url) was still open after \(timeout) s; got: \(collected.texts.suffix(3))"))
            follower.cancel()
        }
        defer { timer.cancel() }
        if let error = await outcome.value { throw error }
        return collected.texts.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The first of: the socket closed (nil), it failed, or the time ran out.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var result: (any Error)??
        private var waiter: CheckedContinuation<(any Error)?, Never>?

        func settle(_ error: (any Error)?) {
            let resume: CheckedContinuation<(any Error)?, Never>? = lock.withLock {
                guard result == nil else { return nil }
                result = .some(error)
                defer { waiter = nil }
                return waiter
            }
            resume?.resume(returning: error)
        }

        var value: (any Error)? {
            get async {
                await withCheckedContinuation { continuation in
                    let settled: (any Error)?? = lock.withLock {
                        if result == nil { waiter = continuation }
                        return result
                    }
                    if let settled { continuation.resume(returning: settled) }
                }
            }
        }
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String] = []
        func append(_ text: String) { lock.withLock { storage.append(text) } }
        var texts: [String] { lock.withLock { storage } }
    }
}
