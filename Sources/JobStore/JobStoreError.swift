/// A job store that cannot do what was asked.
public struct JobStoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String, Hashable, Sendable {
            case notFound = "not_found"
            case invalidState = "invalid_state"
            case invalidURL = "invalid_database_url"
            case unsupported = "unsupported_database"
            case unavailable = "database_unavailable"
        }
        fileprivate let value: Value

        /// No job has that id.
        public static let notFound = Code(value: .notFound)
        /// The job is not in a state that allows the change.
        public static let invalidState = Code(value: .invalidState)
        /// The database URL cannot be parsed.
        public static let invalidURL = Code(value: .invalidURL)
        /// The database URL names a kind of store this build does not have.
        public static let unsupported = Code(value: .unsupported)
        /// The database could not be opened, read or written.
        public static let unavailable = Code(value: .unavailable)

        /// Stable snake_case name of the code.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and what to do.
    public var message: String
    /// The underlying error, in words, if any.
    public var cause: String?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { "\($0)" }
    }

    public var description: String {
        cause.map { "\(message): \($0)" } ?? message
    }
}
