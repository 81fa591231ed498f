/// A storage key: a relative path of safe components, such as `uploads/<job>/talk.mp4`.
///
/// No component is empty, `.` or `..`, or holds `/` or NUL, so a key can never name a file
/// outside its store.
public struct BlobKey: Sendable, Hashable, CustomStringConvertible {
    /// The components, outermost first.
    public let components: [String]

    /// Parses `uploads/abc/talk.mp4`.
    /// - Throws: ``StorageError`` `invalidKey` for an empty or unsafe path.
    public init(_ path: String) throws(StorageError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        try self.init(components: parts)
    }

    /// A key of `components`.
    /// - Throws: ``StorageError`` `invalidKey` when a component is unsafe.
    public init(components: [String]) throws(StorageError) {
        guard !components.isEmpty else { throw StorageError(.invalidKey, "a storage key cannot be empty") }
        for component in components where !Self.isSafe(component) {
            throw StorageError(.invalidKey, "'\(component)' cannot be part of a storage key")
        }
        self.components = components
    }

    /// The key of `name` inside this one.
    /// - Throws: ``StorageError`` `invalidKey` when `name` is not one safe component.
    public func appending(_ name: String) throws(StorageError) -> BlobKey {
        try BlobKey(components: components + [name])
    }

    /// The last component.
    public var name: String { components[components.count - 1] }

    /// `uploads/abc/talk.mp4`.
    public var description: String { components.joined(separator: "/") }

    static func isSafe(_ component: String) -> Bool {
        !component.isEmpty && component != "." && component != ".." && !component.contains("/") && !component.contains("\0")
    }
}
