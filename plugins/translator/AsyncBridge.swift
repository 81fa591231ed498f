import Dispatch

/// Runs asynchronous work to its end from the synchronous code StageKit calls, blocking the
/// calling thread meanwhile.
///
/// The stage loop runs on the main thread, outside Swift's cooperative pool, so blocking it
/// starves no task; the work runs on the global executor and Apertium's own dispatch queues.
enum AsyncBridge {
    /// Waits for `work` and returns its result or rethrows its error.
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                outcome.result = .success(try await work())
            } catch {
                outcome.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try outcome.result!.get()
    }

    /// The work's result, written by the task before it signals and read after the wait.
    private final class Outcome<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}
