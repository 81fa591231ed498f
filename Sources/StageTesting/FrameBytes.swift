import StageProtocol

/// Byte streams of frames, as a stage reads and writes them.
public enum FrameBytes {
    /// Encodes `messages` as numbered frames, with an end of stream after them when asked.
    public static func encode(_ messages: [Message], endOfStream: Bool = false, checksummed: Bool = true) -> [UInt8] {
        var encoder = FrameEncoder(checksummed: checksummed)
        var bytes: [UInt8] = []
        for message in messages + (endOfStream ? [.endOfStream] : []) { encoder.encode(message, into: &bytes) }
        return bytes
    }

    /// Every frame in `bytes`, which must end at a frame boundary.
    /// - Throws: ``ProtocolError`` for anything a reader would reject.
    public static func frames(in bytes: [UInt8], maximumPayloadLength: Int = WireFormat.defaultMaximumPayloadLength) throws(ProtocolError) -> [Frame] {
        var decoder = FrameDecoder(maximumPayloadLength: maximumPayloadLength)
        decoder.append(bytes)
        var frames: [Frame] = []
        while let frame = try decoder.next() { frames.append(frame) }
        try decoder.finish()
        return frames
    }

    /// Every message in `bytes`.
    /// - Throws: ``ProtocolError`` for a bad frame or payload.
    public static func messages(in bytes: [UInt8]) throws(ProtocolError) -> [Message] {
        try frames(in: bytes).map { frame throws(ProtocolError) in try frame.message() }
    }
}
