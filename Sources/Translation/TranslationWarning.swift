/// Something a job should tell its user that did not stop the translation.
public struct TranslationWarning: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The segment concerned, when there is one.
    public var segmentID: UInt64?
    /// What happened and what was done instead.
    public var message: String

    /// Creates a warning.
    public init(segmentID: UInt64?, message: String) {
        self.segmentID = segmentID
        self.message = message
    }

    public var description: String {
        segmentID.map { "segment \($0): \(message)" } ?? message
    }
}
