/// One problem found in a pipeline file, a plugin manifest or a `--set` override, with its position.
///
/// Lines and columns count from 1, columns in Unicode scalars (as libyaml does). A line of 0 means
/// the problem has no position in a file: `<command line>` for a `--set` override, or a whole file
/// that could not be read; ``description`` then leaves the position out.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Path of the file the problem is in, as it was given, or `<command line>`.
    public var file: String
    /// Line of the problem, from 1; 0 when the problem has no position.
    public var line: Int
    /// Column of the problem, from 1; 0 when the problem has no position.
    public var column: Int
    /// What is wrong and, where it helps, how to fix it.
    public var message: String

    /// The pseudo file name of problems in `--set` overrides.
    public static let commandLine = "<command line>"

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, or `file: message` when there is no position.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
