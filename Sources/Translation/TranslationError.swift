/// A translation request that cannot be carried out, or a backend that failed while doing it.
///
/// The ``code`` is stable and meant for machines (a stage sends it across the pipe, the HTTP
/// layer maps it to a status); the ``message`` says what went wrong and how to fix it.
public struct TranslationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String, Hashable, Sendable {
            case invalidLanguage = "invalid_language"
            case noRoute = "no_route"
            case invalidGlossary = "invalid_glossary"
            case backendUnavailable = "backend_unavailable"
            case backendCrashed = "backend_crashed"
            case backendTimedOut = "backend_timed_out"
        }
        fileprivate let value: Value

        /// A language code that is not a well-formed ISO 639 / BCP 47 tag.
        public static let invalidLanguage = Code(value: .invalidLanguage)
        /// No installed pair, direct or through pivots, leads from the source to the target.
        public static let noRoute = Code(value: .noRoute)
        /// A glossary line or file that cannot be read.
        public static let invalidGlossary = Code(value: .invalidGlossary)
        /// The backend cannot be started: its program or data is missing.
        public static let backendUnavailable = Code(value: .backendUnavailable)
        /// The backend's process died twice on the same sentence.
        public static let backendCrashed = Code(value: .backendCrashed)
        /// The backend stopped answering.
        public static let backendTimedOut = Code(value: .backendTimedOut)

        /// Stable snake_case name of the code.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, in words a person can act on.
    public var message: String
    /// For ``Code/noRoute``: the targets that can be reached from the requested source.
    public var availableTargets: [LanguageCode]
    /// Whether trying the same request again may succeed.
    public var isRetryable: Bool

    /// Creates an error.
    public init(_ code: Code, _ message: String, availableTargets: [LanguageCode] = [], isRetryable: Bool = false) {
        self.code = code
        self.message = message
        self.availableTargets = availableTargets
        self.isRetryable = isRetryable
    }

    public var description: String { "translation error (\(code)): \(message)" }
}
