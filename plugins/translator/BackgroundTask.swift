import Dispatch
import Foundation

/// Asynchronous work started now and collected later from the synchronous code StageKit calls.
///
/// The stage loop runs on the main thread, outside Swift's cooperative pool, so blocking it in
/// ``wait()`` starves no task; the work runs on the global executor and Apertium's own queues.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work`.
    init(_ work: @escaping @Sendable () async throws -> Value) {
        Task {
            let result: Result<Value, any Error>
            do {
                result = .success(try await work())
            } catch {
                result = .failure(error)
            }
            lock.withLock { outcome = result }
            done.signal()
        }
    }

    /// Whether the work has ended.
    var isFinished: Bool { lock.withLock { outcome != nil } }

    /// Waits for the work to end; returns its value or rethrows its error.
    func wait() throws -> Value {
        if !isFinished {
            done.wait()
            done.signal()
        }
        return try lock.withLock { outcome! }.get()
    }
}
