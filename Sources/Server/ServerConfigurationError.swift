/// A configuration variable whose value cannot be used.
public struct ServerConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The variable (`VTRANS_PORT`) or flag.
    public var variable: String
    /// What is wrong with its value.
    public var message: String

    public init(variable: String, message: String) {
        self.variable = variable
        self.message = message
    }

    public var description: String { "\(variable): \(message)" }
}
