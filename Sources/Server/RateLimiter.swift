import Foundation
import Synchronization

/// At most `limit` events per client in any sliding minute.
final class RateLimiter: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let events = Mutex<[String: [Date]]>([:])

    /// - Parameters:
    ///   - limit: events allowed per window; 0 allows everything.
    ///   - window: window length in seconds.
    init(limit: Int, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Counts an event of `client` if it is within the limit.
    /// - Returns: `nil` when allowed, else the seconds until the client may try again.
    func acquire(client: String, now: Date = Date()) -> Int? {
        guard limit > 0 else { return nil }
        return events.withLock { all in
            var times = all[client, default: []].filter { now.timeIntervalSince($0) < window }
            defer {
                all[client] = times.isEmpty ? nil : times
                if all.count > 10_000 { all = all.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            }
            guard times.count < limit else {
                return max(1, Int((window - now.timeIntervalSince(times[0])).rounded(.up)))
            }
            times.append(now)
            return nil
        }
    }
}
