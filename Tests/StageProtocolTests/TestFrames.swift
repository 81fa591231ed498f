import StageProtocol

/// Encodes and decodes whole byte streams for tests.
enum TestFrames {
    /// The frames of `messages`, numbered from 1.
    static func encode(_ messages: [Message], checksummed: Bool = true) -> [UInt8] {
        var encoder = FrameEncoder(checksummed: checksummed)
        var bytes: [UInt8] = []
        for message in messages { encoder.encode(message, into: &bytes) }
        return bytes
    }

    /// What a decoder makes of `bytes` fed in pieces of the given sizes (the rest in one piece):
    /// the frames it returned, then the error that stopped it, if any.
    static func decode(
        _ bytes: [UInt8], pieces: [Int] = [], maximumPayloadLength: Int = WireFormat.defaultMaximumPayloadLength
    ) -> (frames: [Frame], error: ProtocolError?) {
        var decoder = FrameDecoder(maximumPayloadLength: maximumPayloadLength)
        var frames: [Frame] = []
        var offset = 0
        var sizes = pieces[...]
        do throws(ProtocolError) {
            while offset < bytes.count {
                let size = min(sizes.popFirst() ?? bytes.count, bytes.count - offset)
                decoder.append(Array(bytes[offset..<(offset + size)]))
                offset += size
                while let frame = try decoder.next() { frames.append(frame) }
            }
            try decoder.finish()
        } catch {
            return (frames, error)
        }
        return (frames, nil)
    }

    /// A frame header with the given fields, for hand-made (often bad) frames.
    static func header(
        magic: [UInt8] = [0x56, 0x54, 0x52, 0x46], major: UInt8 = WireFormat.majorVersion, minor: UInt8 = WireFormat.minorVersion,
        kind: MessageKind, flags: FrameFlags = [], length: UInt32, checksum: UInt32 = 0, sequence: UInt64 = 1
    ) -> [UInt8] {
        var w = PayloadWriter()
        for byte in magic { w.write(byte) }
        w.write(major)
        w.write(minor)
        w.write(kind.rawValue)
        w.write(flags.rawValue)
        w.write(length)
        w.write(checksum)
        w.write(sequence)
        return w.finish()
    }

    /// The encoded payload of `message`.
    static func payload(_ message: Message) -> [UInt8] {
        var w = PayloadWriter()
        message.encodePayload(into: &w)
        return w.finish()
    }
}
