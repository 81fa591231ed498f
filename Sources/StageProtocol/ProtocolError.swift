/// A violation of the wire format found while reading frames or payloads.
///
/// Readers never trap on bad input: every problem surfaces as one of these codes, with a
/// message that says what was wrong and where.
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of violation this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String, Hashable, Sendable {
            case badMagic = "bad_magic"
            case unsupportedVersion = "unsupported_version"
            case payloadTooLarge = "payload_too_large"
            case truncatedFrame = "truncated_frame"
            case checksumMismatch = "checksum_mismatch"
            case malformedPayload = "malformed_payload"
            case unexpectedMessage = "unexpected_message"
        }
        fileprivate let value: Value

        /// The first four bytes are not `VTRF`: the peer is not speaking this protocol.
        public static let badMagic = Code(value: .badMagic)
        /// The major version is not one this reader understands.
        public static let unsupportedVersion = Code(value: .unsupportedVersion)
        /// The header announces a payload larger than the reader's configured maximum.
        public static let payloadTooLarge = Code(value: .payloadTooLarge)
        /// The input ended in the middle of a frame.
        public static let truncatedFrame = Code(value: .truncatedFrame)
        /// The payload does not match the CRC-32C in the header.
        public static let checksumMismatch = Code(value: .checksumMismatch)
        /// The payload does not decode as the message its kind names.
        public static let malformedPayload = Code(value: .malformedPayload)
        /// A well-formed message arrived where the protocol does not allow it.
        public static let unexpectedMessage = Code(value: .unexpectedMessage)

        /// Stable snake_case name of the code.
        public var description: String { value.rawValue }
    }

    /// The violation.
    public var code: Code
    /// What went wrong, in words a person can act on.
    public var message: String
    /// Byte offset in the stream where the offending frame starts, when known.
    public var streamOffset: Int?

    public init(_ code: Code, _ message: String, streamOffset: Int? = nil) {
        self.code = code
        self.message = message
        self.streamOffset = streamOffset
    }

    public var description: String {
        if let streamOffset { return "protocol error (\(code)) at byte \(streamOffset): \(message)" }
        return "protocol error (\(code)): \(message)"
    }
}
