/// A store that cannot do what was asked.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String, Hashable, Sendable {
            case invalidKey = "invalid_key"
            case notFound = "not_found"
            case io = "storage_io"
            case full = "storage_full"
        }
        fileprivate let value: Value

        /// The key is empty or would leave the store.
        public static let invalidKey = Code(value: .invalidKey)
        /// There is no blob with that key.
        public static let notFound = Code(value: .notFound)
        /// The operating system refused a read or write.
        public static let io = Code(value: .io)
        /// The disk is full.
        public static let full = Code(value: .full)

        /// Stable snake_case name of the code.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
