import StageProtocol

/// Anything that yields frames one by one: a binary frame stream or JSON lines.
public protocol FrameSource {
    /// The next frame, or `nil` at a clean end of input.
    mutating func next() throws -> Frame?
}

/// Reads binary frames from a file descriptor with large reads.
public struct FrameReader: FrameSource {
    private let fd: Int32
    private var decoder: FrameDecoder
    private let readSize: Int
    private var atEnd = false

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
}
