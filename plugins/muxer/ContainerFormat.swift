import CFFmpeg

/// An output container the muxer writes, and how subtitles travel in it.
///
/// MP4 and MOV carry text subtitles only as `mov_text` (3GPP timed text, what QuickTime, iOS and
/// browsers read). MKV takes SubRip (`S_TEXT/UTF8`), the most widely supported text track in
/// Matroska players. WebM allows only WebVTT among text codecs.
enum ContainerFormat: String, CaseIterable {
    case mp4, mkv, webm, mov

    /// libavformat's muxer name.
    var muxerName: String {
        switch self {
        case .mp4: "mp4"
        case .mkv: "matroska"
        case .webm: "webm"
        case .mov: "mov"
        }
    }

    /// The codec subtitle tracks are written in.
    var subtitleCodec: AVCodecID {
        switch self {
        case .mp4, .mov: AV_CODEC_ID_MOV_TEXT
        case .mkv: AV_CODEC_ID_SUBRIP
        case .webm: AV_CODEC_ID_WEBVTT
        }
    }

    /// Subtitle file format to read when a language comes both as SRT and WebVTT.
    var preferredSubtitleFile: String { self == .webm ? "vtt" : "srt" }

    /// The language code this container's specification asks for.
    func languageCode(_ tag: LanguageTag) -> String {
        self == .mp4 ? tag.terminology : tag.bibliographic
    }

    /// MP4 and MOV: `movflags=+faststart` applies, and players take a track's name from its
    /// handler name (these containers have no title tag).
    var isQuickTimeFamily: Bool { self == .mp4 || self == .mov }

    /// The input's own container: by file extension, else by demuxer name; MKV when neither
    /// says (it holds almost any codec).
    static func matching(path: String, demuxer: String) -> ContainerFormat {
        let fileExtension = path.split(separator: "/").last.flatMap { name in
            name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } : nil
        }
        switch fileExtension {
        case "mp4", "m4v": return .mp4
        case "mov", "qt": return .mov
        case "mkv": return .mkv
        case "webm": return .webm
        default: return demuxer.hasPrefix("mov,mp4") ? .mp4 : .mkv
        }
    }
}
