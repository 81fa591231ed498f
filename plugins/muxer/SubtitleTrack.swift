import CFFmpeg
import Media
import StageProtocol

/// One subtitle file, decoded with libavformat's SRT/WebVTT demuxer and libavcodec's decoder,
/// and encoded for a container's subtitle codec; its cues are kept in memory until muxed.
final class SubtitleTrack {
    /// One encoded cue.
    struct Cue {
        /// Start in milliseconds from the video's start.
        var start: Int64
        /// Duration in milliseconds.
        var duration: Int64
        /// The codec's packet.
        var data: [UInt8]
    }

    /// The track's language.
    let language: LanguageTag
    /// The file it came from.
    let sourcePath: String
    /// Codec id and setup data (extradata) for the output stream; owned by this object.
    let parameters: UnsafeMutablePointer<AVCodecParameters>
    /// The cues in time order.
    private(set) var cues: [Cue] = []

    /// Milliseconds, the time base cues are kept and written in.
    static let timeBase = AVRational(num: 1, den: 1000)

    /// Reads `file` (SRT or WebVTT) and encodes it with `codec`.
    /// - Throws: ``StageFailure`` `file_not_found`, `bad_subtitles`, or `unsupported_codec`
    ///   when FFmpeg lacks the encoder.
    init(file: FileReady, language: LanguageTag, codec: AVCodecID) throws(StageFailure) {
        self.language = language
        sourcePath = file.path
        guard let parameters = avcodec_parameters_alloc() else { fatalError("avcodec_parameters_alloc: out of memory") }
        self.parameters = parameters

        let input: InputFile
        do {
            input = try InputFile(path: file.path, format: file.format == "vtt" ? "webvtt" : "srt")
        } catch where error.code == "file_not_found" {
            throw error
        } catch {
            throw Self.unreadable(file, "FFmpeg cannot parse it as \(file.format.uppercased())")
        }
        guard input.streamCount == 1, input.stream(0).pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_SUBTITLE else {
            throw Self.unreadable(file, "it holds no subtitle stream")
        }
        let stream = input.stream(0)
        let decoder = try SubtitleCodec(decoding: stream, file: file)
        let encoder = try SubtitleCodec(encoding: codec, header: decoder.context, file: file)
        let status = avcodec_parameters_from_context(parameters, encoder.context)
        guard status >= 0 else { throw .mediaError("describing the \(file.format) subtitle track", status: status) }
        try readCues(from: input, stream: stream, decoder: decoder, encoder: encoder, file: file)
    }

    /// Whether the file held no cue (silent input, or not subtitles at all).
    var isEmpty: Bool { cues.isEmpty }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecParameters>? = parameters
        avcodec_parameters_free(&owned)
    }

    private func readCues(
        from input: InputFile, stream: UnsafeMutablePointer<AVStream>, decoder: SubtitleCodec, encoder: SubtitleCodec, file: FileReady
    ) throws(StageFailure) {
        let packet = Packet()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var subtitle = AVSubtitle()
        while true {
            switch input.read(into: packet) {
            case .endOfFile: return
            case .failed(let status): throw Self.unreadable(file, AVStatus.describe(status))
            case .packet: break
            }
            defer { packet.unref() }
            var got: Int32 = 0
            let decoded = avcodec_decode_subtitle2(decoder.context, &subtitle, &got, packet.pointer)
            guard decoded >= 0 else { throw Self.unreadable(file, "a cue near \(time(packet.pointer.pointee.pts, stream)) will not decode: \(AVStatus.describe(decoded))") }
            guard got != 0 else { continue }
            let size = avcodec_encode_subtitle(encoder.context, &buffer, Int32(buffer.count), &subtitle)
            avsubtitle_free(&subtitle)
            guard size >= 0 else { throw .mediaError("encoding a cue of \(file.path)", status: size) }
            guard size > 0, packet.pointer.pointee.pts != AVStatus.noTimestamp else { continue }
            let start = av_rescale_q(packet.pointer.pointee.pts, stream.pointee.time_base, Self.timeBase)
            let duration = av_rescale_q(packet.pointer.pointee.duration, stream.pointee.time_base, Self.timeBase)
            cues.append(Cue(start: start, duration: max(1, duration), data: Array(buffer[0..<Int(size)])))
        }
    }

    private func time(_ pts: Int64, _ stream: UnsafeMutablePointer<AVStream>) -> String {
        pts == AVStatus.noTimestamp ? "an unknown time" : "\(Double(av_rescale_q(pts, stream.pointee.time_base, Self.timeBase)) / 1000) s"
    }

    private static func unreadable(_ file: FileReady, _ detail: String) -> StageFailure {
        StageFailure(code: "bad_subtitles", message: "cannot read subtitles \(file.path) (\(file.format), language '\(file.language)'): \(detail); check the file the previous stage wrote")
    }
}
