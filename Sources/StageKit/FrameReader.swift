import StageProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Anything that yields frames one by one: a binary frame stream or JSON lines.
public protocol FrameSource {
    /// The next frame, or `nil` at a clean end of input.
    mutating func next() throws -> Frame?

    /// Whether ``next()`` would have to wait for input that has not arrived: no whole frame is
    /// buffered and nothing can be read right now. A source that never waits (a file) says false.
    mutating func wouldWait() -> Bool
}

extension FrameSource {
    public mutating func wouldWait() -> Bool { false }
}

/// Reads binary frames from a file descriptor with large reads.
public struct FrameReader: FrameSource {
    private let fd: Int32
    private var decoder: FrameDecoder
    private let readSize: Int
    private var atEnd = false
    /// A frame (or the error decoding it) taken from the decoder by ``wouldWait()``.
    private var lookahead: Result<Frame, ProtocolError>?

    /// - Parameters:
    ///   - fd: descriptor to read (a pipe or file).
    ///   - maximumPayloadLength: frames announcing more are rejected before allocation.
    ///   - readSize: bytes asked for per read(2).
    public init(fd: Int32, maximumPayloadLength: Int = WireFormat.defaultMaximumPayloadLength, readSize: Int = 1 << 20) {
        self.fd = fd
        self.decoder = FrameDecoder(maximumPayloadLength: maximumPayloadLength)
        self.readSize = readSize
    }

    public mutating func next() throws -> Frame? {
        if let held = lookahead {
            lookahead = nil
            return try held.get()
        }
        while true {
            if let frame = try decoder.next() { return frame }
            if atEnd {
                try decoder.finish()
                return nil
            }
            // read(2) straight into the decoder's buffer: the payload is then copied once, into its frame.
            let descriptor = fd
            let n = try decoder.fill(atLeast: readSize) { space throws(StageFailure) in
                try FileDescriptorIO.read(descriptor, into: space)
            }
            if n == 0 { atEnd = true }
        }
    }

    public mutating func wouldWait() -> Bool {
        guard lookahead == nil, !atEnd else { return false }
        do {
            guard let frame = try decoder.next() else {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                return poll(&descriptor, 1, 0) == 0
            }
            lookahead = .success(frame)
        } catch {
            lookahead = .failure(error)
        }
        return false
    }
}
