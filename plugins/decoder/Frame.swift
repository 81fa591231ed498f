import CFFmpeg

/// An `AVFrame` owned by Swift, reused across decodes; freed with its owner.
final class Frame {
    /// The frame; valid as long as this object lives.
    let pointer: UnsafeMutablePointer<AVFrame>

    init() {
        guard let frame = av_frame_alloc() else { fatalError("av_frame_alloc: out of memory") }
        pointer = frame
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    /// Drops the frame's data, keeping the frame for the next decode.
    func unref() { av_frame_unref(pointer) }
}
