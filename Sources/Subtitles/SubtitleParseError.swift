/// Why a subtitle file could not be read, and on which line.
public struct SubtitleParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number where reading stopped.
    public var line: Int
    /// What is wrong with that line and what was expected.
    public var message: String

    /// Creates an error for `line`.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
