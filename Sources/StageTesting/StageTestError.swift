/// A stage or tool run that could not be carried out: not built, did not start, or hung.
public struct StageTestError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
