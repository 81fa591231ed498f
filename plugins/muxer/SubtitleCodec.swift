import CFFmpeg
import Media
import StageProtocol

/// An opened libavcodec subtitle decoder or encoder; freed with this object.
final class SubtitleCodec {
    /// The codec context.
    let context: UnsafeMutablePointer<AVCodecContext>

    /// Opens the decoder for a demuxed subtitle stream.
    init(decoding stream: UnsafeMutablePointer<AVStream>, file: FileReady) throws(StageFailure) {
        let id = stream.pointee.codecpar.pointee.codec_id
        guard let codec = avcodec_find_decoder(id) else {
            throw .unsupportedCodec("FFmpeg on this machine has no decoder for '\(String(cString: avcodec_get_name(id)))' subtitles (\(file.path))")
        }
        context = try Self.open(codec) { context in
            let status = avcodec_parameters_to_context(context, stream.pointee.codecpar)
            context.pointee.pkt_timebase = stream.pointee.time_base
            return status
        }
    }

    /// Opens an encoder for `id`, styled by the ASS header of `decoder` (the text encoders
    /// need one to parse the decoder's ASS events).
    init(encoding id: AVCodecID, header decoder: UnsafeMutablePointer<AVCodecContext>, file: FileReady) throws(StageFailure) {
        guard let codec = avcodec_find_encoder(id) else {
            throw .unsupportedCodec("FFmpeg on this machine has no '\(String(cString: avcodec_get_name(id)))' subtitle encoder")
        }
        context = try Self.open(codec) { context in
            context.pointee.time_base = SubtitleTrack.timeBase
            let size = decoder.pointee.subtitle_header_size
            if size > 0, let header = decoder.pointee.subtitle_header {
                context.pointee.subtitle_header = vt_av_memdup_padded(header, size, 1)
                context.pointee.subtitle_header_size = size
            }
            return 0
        }
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    private static func open(
        _ codec: UnsafePointer<AVCodec>, configure: (UnsafeMutablePointer<AVCodecContext>) -> Int32
    ) throws(StageFailure) -> UnsafeMutablePointer<AVCodecContext> {
        guard let context = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3: out of memory") }
        var status = configure(context)
        if status >= 0 { status = avcodec_open2(context, codec, nil) }
        guard status >= 0 else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw .mediaError("opening the \(String(cString: codec.pointee.name)) subtitle codec", status: status)
        }
        return context
    }
}
