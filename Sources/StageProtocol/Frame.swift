/// One frame as it travels on the wire: header fields and the raw payload bytes.
public struct Frame: Hashable, Sendable {
    /// What the payload holds.
    public var kind: MessageKind
    /// Header flags (checksum present, …).
    public var flags: FrameFlags
    /// The sender's sequence number: data frames count up from 1; control frames repeat the last.
    public var sequence: UInt64
    /// The encoded message body.
    public var payload: [UInt8]

    public init(kind: MessageKind, flags: FrameFlags = .checksummed, sequence: UInt64, payload: [UInt8]) {
        self.kind = kind
        self.flags = flags
        self.sequence = sequence
        self.payload = payload
    }

    /// Decodes the payload as the message its kind names.
    /// - Throws: ``ProtocolError`` with code `malformedPayload` when it does not decode.
    public func message() throws(ProtocolError) -> Message {
        try Message(kind: kind, payload: payload)
    }
}
