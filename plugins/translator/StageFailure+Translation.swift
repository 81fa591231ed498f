import StageProtocol
import Translation

extension StageFailure {
    /// The failure a `TranslationError` crosses the pipe as: its stable code, its message and
    /// whether trying again may help (a backend that crashed twice on one sentence may not a
    /// third time, after the supervisor restarts the stage).
    init(_ error: TranslationError) {
        self.init(code: error.code.description, message: error.message, retryable: error.isRetryable)
    }
}
