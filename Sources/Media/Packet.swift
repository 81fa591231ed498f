import CFFmpeg

/// An `AVPacket` owned by Swift, reused across reads; freed with its owner.
public final class Packet {
    /// The packet; valid as long as this object lives.
    public let pointer: UnsafeMutablePointer<AVPacket>

    /// Allocates an empty packet.
    public init() {
        guard let packet = av_packet_alloc() else { fatalError("av_packet_alloc: out of memory") }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }

    /// Index of the stream the packet belongs to.
    public var streamIndex: Int32 { pointer.pointee.stream_index }

    /// Drops the packet's data, keeping the packet for the next read.
    public func unref() { av_packet_unref(pointer) }
}
