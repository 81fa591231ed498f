import Recognition
import StageProtocol

extension StageFailure {
    /// The failure a `RecognitionError` crosses the pipe as: its stable code, its message and
    /// whether a restarted stage may succeed where this one failed.
    init(_ error: RecognitionError) {
        self.init(code: error.code.description, message: error.message, retryable: error.isRetryable)
    }
}
