import Foundation
import Synchronization

/// Fans a job's events out to its WebSocket subscribers.
///
/// Each event is encoded once and the same text goes to every subscriber. A subscriber's
/// stream buffers without limit, so a slow client receives every event (at the cost of memory
/// for that client) rather than a gap.
final class EventHub: Sendable {
    private struct Subscriber {
        let continuation: AsyncStream<String>.Continuation
    }

    private let subscribers = Mutex<[String: [UUID: Subscriber]]>([:])

    /// The events of `jobID` from now on; the stream ends when the job ends or on ``unsubscribe(jobID:id:)``.
    func subscribe(jobID: String) -> (id: UUID, events: AsyncStream<String>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
        subscribers.withLock { $0[jobID, default: [:]][id] = Subscriber(continuation: continuation) }
        continuation.onTermination = { [weak self] _ in self?.remove(jobID: jobID, id: id) }
        return (id, stream)
    }

    /// Ends one subscription.
    func unsubscribe(jobID: String, id: UUID) {
        remove(jobID: jobID, id: id)?.continuation.finish()
    }

    /// Sends `event` to every subscriber of its job.
    func publish(jobID: String, _ event: JobEvent) {
        let targets = subscribers.withLock { $0[jobID].map { Array($0.values) } ?? [] }
        guard !targets.isEmpty else { return }
        let text = event.json
        for subscriber in targets { subscriber.continuation.yield(text) }
    }

    /// Sends the final event and ends every subscription of the job.
    func finish(jobID: String, _ event: JobEvent) {
        let targets = subscribers.withLock { $0.removeValue(forKey: jobID).map { Array($0.values) } ?? [] }
        let text = event.json
        for subscriber in targets {
            subscriber.continuation.yield(text)
            subscriber.continuation.finish()
        }
    }

    /// Subscribers of `jobID`.
    func subscriberCount(jobID: String) -> Int {
        subscribers.withLock { $0[jobID]?.count ?? 0 }
    }

    /// Subscribers of every job.
    var totalSubscribers: Int {
        subscribers.withLock { $0.values.reduce(0) { $0 + $1.count } }
    }

    @discardableResult
    private func remove(jobID: String, id: UUID) -> Subscriber? {
        subscribers.withLock { all in
            let removed = all[jobID]?.removeValue(forKey: id)
            if all[jobID]?.isEmpty == true { all.removeValue(forKey: jobID) }
            return removed
        }
    }
}
