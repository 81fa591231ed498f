import StageProtocol

/// Anything frames can be written to: a binary frame stream or JSON lines.
public protocol FrameSink: AnyObject {
    /// Encodes and writes a message as the next frame; returns its sequence number.
    @discardableResult func write(_ message: Message) throws -> UInt64
    /// Writes an already-encoded frame's kind and payload as the next frame (forwarding).
    @discardableResult func forward(_ frame: Frame) throws -> UInt64
    /// Pushes buffered bytes to the descriptor.
    func flush() throws
}

/// Writes binary frames to a file descriptor through a buffer.
public final class FrameWriter: FrameSink {
    private let fd: Int32
    private var encoder: FrameEncoder
    private var buffer: [UInt8] = []
    private let flushThreshold: Int

    /// - Parameters:
    ///   - fd: descriptor to write.
    ///   - firstSequence: number of the first frame (a restarted stage resumes numbering).
    ///   - flushThreshold: buffered bytes that trigger a write(2).
    public init(fd: Int32, firstSequence: UInt64 = 1, checksummed: Bool = true, flushThreshold: Int = 256 * 1024) {
        self.fd = fd
        self.encoder = FrameEncoder(firstSequence: firstSequence, checksummed: checksummed)
        self.flushThreshold = flushThreshold
        buffer.reserveCapacity(flushThreshold * 2)
    }

    @discardableResult
    public func write(_ message: Message) throws -> UInt64 {
        let sequence = encoder.encode(message, into: &buffer)
        if buffer.count >= flushThreshold { try flush() }
        return sequence
    }

    @discardableResult
    public func forward(_ frame: Frame) throws -> UInt64 {
        let sequence = encoder.encode(.unknown(kind: frame.kind, payload: frame.payload), into: &buffer)
        if buffer.count >= flushThreshold { try flush() }
        return sequence
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { raw in try FileDescriptorIO.write(fd, raw) }
        buffer.removeAll(keepingCapacity: true)
    }
}
