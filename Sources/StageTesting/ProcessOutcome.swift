/// How a child process ended and what it wrote.
public struct ProcessOutcome: Sendable {
    /// Exit status, or the signal number when ``signal`` is set.
    public var status: Int32
    /// The signal that killed the process, if one did.
    public var signal: Int32?
    /// Everything written to standard output.
    public var standardOutput: [UInt8]
    /// Everything written to standard error, as UTF-8 text.
    public var standardError: String
}
