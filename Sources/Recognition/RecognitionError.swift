/// A model that cannot be used, or whisper.cpp failing while it recognises speech.
///
/// The ``code`` is stable and meant for machines (the recognizer stage sends it across the pipe);
/// the ``message`` says what went wrong and how to fix it.
public struct RecognitionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String, Hashable, Sendable {
            case modelMissing = "model_missing"
            case modelInvalid = "model_invalid"
            case modelLoadFailed = "model_load_failed"
            case unsupportedLanguage = "unsupported_language"
            case inferenceFailed = "inference_failed"
        }
        fileprivate let value: Value

        /// The model file is not there.
        public static let modelMissing = Code(value: .modelMissing)
        /// The file is not a whisper.cpp ggml model, or is cut short.
        public static let modelInvalid = Code(value: .modelInvalid)
        /// whisper.cpp could not create a context from the file (memory, backend, tensors).
        public static let modelLoadFailed = Code(value: .modelLoadFailed)
        /// The model does not know the language or task asked for.
        public static let unsupportedLanguage = Code(value: .unsupportedLanguage)
        /// whisper.cpp reported a failure while computing the mel spectrogram, encoding or decoding.
        public static let inferenceFailed = Code(value: .inferenceFailed)

        /// Stable snake_case name of the code.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, in words a person can act on.
    public var message: String
    /// Whether trying again (in a fresh process) may succeed.
    public var isRetryable: Bool

    /// Creates an error.
    public init(_ code: Code, _ message: String, isRetryable: Bool = false) {
        self.code = code
        self.message = message
        self.isRetryable = isRetryable
    }

    public var description: String { "recognition error (\(code)): \(message)" }
}
