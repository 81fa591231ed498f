/// Appends encoded frames to a byte buffer, numbering them.
///
/// The payload is written straight into the output buffer and the header patched afterwards,
/// so a message's bytes (audio samples included) are copied exactly once.
public struct FrameEncoder: Sendable {
    /// Sequence number the next frame gets.
    public private(set) var nextSequence: UInt64
    /// Whether frames carry a CRC-32C of their payload.
    public var checksummed: Bool

    /// - Parameters:
    ///   - firstSequence: sequence number of the first frame (a restarted stage resumes numbering).
    ///   - checksummed: compute and send payload checksums.
    public init(firstSequence: UInt64 = 1, checksummed: Bool = true) {
        self.nextSequence = firstSequence
        self.checksummed = checksummed
    }

    /// Encodes `message` as the next frame and appends it to `buffer`.
    ///
    /// Data frames and end of stream take the next sequence number; control frames (hello,
    /// progress, log, error, checkpoint) carry the number of the last data frame and do not
    /// advance it, so a deterministic stage numbers its output the same way on every run.
    /// - Returns: the sequence number given to the frame.
    @discardableResult
    public mutating func encode(_ message: Message, into buffer: inout [UInt8]) -> UInt64 {
        let sequence: UInt64
        if message.kind.isSequenced {
            sequence = nextSequence
            nextSequence &+= 1
        } else {
            sequence = nextSequence &- 1
        }
        let headerStart = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: WireFormat.headerSize))
        // Lend the buffer to the writer and take it back: swapping never copies it.
        var writer = PayloadWriter()
        swap(&writer.buffer, &buffer)
        message.encodePayload(into: &writer)
        swap(&writer.buffer, &buffer)
        let payloadLength = buffer.count - headerStart - WireFormat.headerSize
        Self.writeHeader(
            kind: message.kind, flags: checksummed ? .checksummed : [], sequence: sequence,
            payloadStart: headerStart + WireFormat.headerSize, payloadLength: payloadLength,
            headerStart: headerStart, buffer: &buffer)
        return sequence
    }

    /// Appends only the 24-byte header of `frame` (its checksum computed over the payload), for
    /// writers that send the payload from where it already is.
    public static func appendHeader(of frame: Frame, to buffer: inout [UInt8]) {
        let headerStart = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: WireFormat.headerSize))
        let crc = frame.flags.contains(.checksummed) ? CRC32C.checksum(frame.payload) : 0
        buffer.withUnsafeMutableBytes { raw in
            storeHeader(kind: frame.kind, flags: frame.flags, sequence: frame.sequence, length: frame.payload.count, crc: crc, at: headerStart, in: raw)
        }
    }

    /// Appends an already-encoded frame, keeping its sequence number and payload bytes.
    public static func append(_ frame: Frame, to buffer: inout [UInt8]) {
        let headerStart = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: WireFormat.headerSize))
        buffer.append(contentsOf: frame.payload)
        writeHeader(
            kind: frame.kind, flags: frame.flags, sequence: frame.sequence,
            payloadStart: headerStart + WireFormat.headerSize, payloadLength: frame.payload.count,
            headerStart: headerStart, buffer: &buffer)
    }

    private static func writeHeader(
        kind: MessageKind, flags: FrameFlags, sequence: UInt64,
        payloadStart: Int, payloadLength: Int, headerStart: Int, buffer: inout [UInt8]
    ) {
        buffer.withUnsafeMutableBytes { raw in
            let crc = flags.contains(.checksummed)
                ? CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[payloadStart..<(payloadStart + payloadLength)]))
                : 0
            storeHeader(kind: kind, flags: flags, sequence: sequence, length: payloadLength, crc: crc, at: headerStart, in: raw)
        }
    }

    private static func storeHeader(
        kind: MessageKind, flags: FrameFlags, sequence: UInt64, length: Int, crc: UInt32,
        at h: Int, in raw: UnsafeMutableRawBufferPointer
    ) {
        precondition(length <= Int(UInt32.max), "payload of \(length) bytes does not fit a frame")
        raw[h] = WireFormat.magic.0
        raw[h + 1] = WireFormat.magic.1
        raw[h + 2] = WireFormat.magic.2
        raw[h + 3] = WireFormat.magic.3
        raw[h + 4] = WireFormat.majorVersion
        raw[h + 5] = WireFormat.minorVersion
        raw[h + 6] = kind.rawValue
        raw[h + 7] = flags.rawValue
        raw.storeBytes(of: UInt32(length).littleEndian, toByteOffset: h + 8, as: UInt32.self)
        raw.storeBytes(of: crc.littleEndian, toByteOffset: h + 12, as: UInt32.self)
        raw.storeBytes(of: sequence.littleEndian, toByteOffset: h + 16, as: UInt64.self)
    }
}
