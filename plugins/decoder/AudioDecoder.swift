import CFFmpeg
import Media
import StageProtocol

/// A libavcodec audio decoder for one stream, fed packets and drained of frames.
final class AudioDecoder {
    private let context: UnsafeMutablePointer<AVCodecContext>

    /// Opens the decoder for `stream`.
    /// - Throws: ``StageFailure`` `unsupported_codec` when FFmpeg has no decoder for the codec,
    ///   `corrupt_input` when the stream's setup data is unusable.
    init(stream: UnsafeMutablePointer<AVStream>, index: Int) throws(StageFailure) {
        let parameters = stream.pointee.codecpar!
        let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw .unsupportedCodec("FFmpeg on this machine has no decoder for audio codec '\(name)' (stream \(index))")
        }
        guard let context = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3: out of memory") }
        var status = avcodec_parameters_to_context(context, parameters)
        if status >= 0 {
            context.pointee.pkt_timebase = stream.pointee.time_base
            status = avcodec_open2(context, codec, nil)
        }
        guard status >= 0 else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            if status == AVStatus.notImplemented || status == vt_averror(ENOSYS) {
                throw .unsupportedCodec("FFmpeg cannot decode this variant of '\(name)' (stream \(index)): \(AVStatus.describe(status))")
            }
            throw .corruptInput("audio stream \(index)", detail: "the '\(name)' decoder rejects its setup: \(AVStatus.describe(status))")
        }
        self.context = context
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    /// Sends a packet, or `nil` to signal the end of input; returns FFmpeg's status.
    func send(_ packet: Packet?) -> Int32 {
        avcodec_send_packet(context, packet?.pointer)
    }

    /// Takes the next decoded frame into `frame`; returns FFmpeg's status (`EAGAIN`: send more).
    func receive(into frame: Frame) -> Int32 {
        avcodec_receive_frame(context, frame.pointer)
    }
}
