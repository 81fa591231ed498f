/// Turns a byte stream into frames, incrementally.
///
/// Feed bytes as they arrive with ``append(_:)`` and take frames with ``next()``; `nil` means
/// "not enough bytes yet", which is normal. At end of input call ``finish()``: leftover bytes
/// are a truncated frame. The header is validated (magic, major version, length against the
/// configured maximum) before any payload memory is set aside, so a lying length costs nothing.
public struct FrameDecoder: Sendable {
    /// Largest payload accepted; larger announced lengths are rejected from the header alone.
    public let maximumPayloadLength: Int
    /// Received bytes live in `buffer[readIndex..<end]`; the rest of `buffer` is free space that
    /// ``fill(atLeast:_:)`` reads into directly, so bytes are not copied between read and decode.
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var end = 0
    /// Bytes consumed by complete frames so far (the offset of the next frame in the stream).
    public private(set) var streamOffset = 0

    public init(maximumPayloadLength: Int = WireFormat.defaultMaximumPayloadLength) {
        self.maximumPayloadLength = maximumPayloadLength
    }

    /// Number of bytes received but not yet returned as frames.
    public var bufferedByteCount: Int { end - readIndex }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        makeRoom(bytes.count)
        buffer.withUnsafeMutableBytes { raw in
            UnsafeMutableRawBufferPointer(rebasing: raw[end..<(end + bytes.count)]).copyMemory(from: bytes)
        }
        end += bytes.count
    }

    /// Lets `read` write received bytes straight into the decoder's free space (at least
    /// `minimum` bytes of it) and keeps the count it returns; a count ≤ 0 adds nothing.
    /// - Returns: what `read` returned.
    public mutating func fill<E: Error>(atLeast minimum: Int, _ read: (UnsafeMutableRawBufferPointer) throws(E) -> Int) throws(E) -> Int {
        makeRoom(minimum)
        let start = end
        let result: Result<Int, E> = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(E) in try read(UnsafeMutableRawBufferPointer(rebasing: raw[start...])) }
        }
        let count = try result.get()
        if count > 0 { end += count }
        return count
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Returns the next complete frame, or `nil` if more bytes are needed.
    /// - Throws: ``ProtocolError`` for a bad magic, unsupported version, oversize length or
    ///   checksum mismatch. After an error the stream cannot be resynchronised.
    public mutating func next() throws(ProtocolError) -> Frame? {
        guard let header = try peekHeader() else { return nil }
        let frameLength = WireFormat.headerSize + header.payloadLength
        guard bufferedByteCount >= frameLength else { return nil }
        let payloadStart = readIndex + WireFormat.headerSize
        let payload = Array(buffer[payloadStart..<(payloadStart + header.payloadLength)])
        if header.flags.contains(.checksummed) {
            let actual = CRC32C.checksum(payload)
            guard actual == header.checksum else {
                throw ProtocolError(
                    .checksumMismatch,
                    "payload of \(header.kind) frame \(header.sequence) has CRC-32C \(hex(actual)), header says \(hex(header.checksum))",
                    streamOffset: streamOffset)
            }
        }
        readIndex += frameLength
        streamOffset += frameLength
        if readIndex == end {
            readIndex = 0
            end = 0
        }
        return Frame(kind: header.kind, flags: header.flags, sequence: header.sequence, payload: payload)
    }

    /// Declares the end of input.
    /// - Throws: ``ProtocolError`` `truncatedFrame` if a partial frame is left over.
    public func finish() throws(ProtocolError) {
        let left = bufferedByteCount
        guard left > 0 else { return }
        throw ProtocolError(
            .truncatedFrame, "input ended \(left) bytes into a frame (header is \(WireFormat.headerSize) bytes plus payload)",
            streamOffset: streamOffset)
    }

    private struct Header {
        var kind: MessageKind
        var flags: FrameFlags
        var payloadLength: Int
        var checksum: UInt32
        var sequence: UInt64
    }

    private func peekHeader() throws(ProtocolError) -> Header? {
        let available = bufferedByteCount
        let start = readIndex
        let offset = streamOffset
        let maximum = maximumPayloadLength
        // Check the magic as soon as its bytes are here, so garbage fails fast.
        let result: Result<Header?, ProtocolError> = buffer.withUnsafeBytes { raw in
            let magic = [WireFormat.magic.0, WireFormat.magic.1, WireFormat.magic.2, WireFormat.magic.3]
            for i in 0..<min(4, available) where raw[start + i] != magic[i] {
                let seen = (0..<min(4, available)).map { hex(raw[start + $0]) }.joined(separator: " ")
                return .failure(ProtocolError(
                    .badMagic, "expected frame magic 56 54 52 46 (\"VTRF\"), found \(seen): the peer is not speaking the vtrans stage protocol",
                    streamOffset: offset))
            }
            if available >= 5, raw[start + 4] != WireFormat.majorVersion {
                return .failure(ProtocolError(
                    .unsupportedVersion, "frame has protocol major version \(raw[start + 4]); this reader supports \(WireFormat.majorVersion)",
                    streamOffset: offset))
            }
            guard available >= WireFormat.headerSize else { return .success(nil) }
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self)))
            if length > maximum {
                return .failure(ProtocolError(
                    .payloadTooLarge, "frame announces a payload of \(length) bytes; the maximum is \(maximum)",
                    streamOffset: offset))
            }
            return .success(Header(
                kind: MessageKind(rawValue: raw[start + 6]),
                flags: FrameFlags(rawValue: raw[start + 7]),
                payloadLength: length,
                checksum: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 12, as: UInt32.self)),
                sequence: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 16, as: UInt64.self))))
        }
        return try result.get()
    }

    /// Ensures `count` free bytes after `end`: moves the unread bytes to the front, then grows.
    private mutating func makeRoom(_ count: Int) {
        guard buffer.count - end < count else { return }
        if readIndex > 0 {
            let unread = end - readIndex
            let from = readIndex
            buffer.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + from, byteCount: unread)
            }
            readIndex = 0
            end = unread
        }
        if buffer.count - end < count {
            buffer.append(contentsOf: repeatElement(0, count: max(end + count, buffer.count * 2) - buffer.count))
        }
    }
}

func hex<T: FixedWidthInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, MemoryLayout<T>.size * 2 - digits.count)) + digits
}
