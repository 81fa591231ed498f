import CFFmpeg
import Logging
import Media
import StageProtocol

/// Which input streams go into an output container, decided before anything is written.
///
/// Video and audio the container cannot hold are an error (vtrans never re-encodes them);
/// other streams it cannot hold (a Matroska font attachment in MP4, a QuickTime timecode track
/// in WebM, SubRip subtitles in MP4) are left out with a warning.
struct StreamMap {
    /// For each input stream, its output index, or `nil` when it is left out.
    let outputIndex: [Int32?]
    /// Why streams were left out, one line each.
    let omissions: [String]

    /// - Throws: ``StageFailure`` `unsupported_container` when a video or audio stream does not fit.
    init(input: InputFile, format: ContainerFormat) throws(StageFailure) {
        guard let muxer = av_guess_format(format.muxerName, nil, nil) else {
            throw .unsupportedCodec("FFmpeg on this machine has no \(format.muxerName) muxer")
        }
        var indices: [Int32?] = []
        var omissions: [String] = []
        var next: Int32 = 0
        for index in 0..<input.streamCount {
            let parameters = input.stream(index).pointee.codecpar.pointee
            let codec = String(cString: avcodec_get_name(parameters.codec_id))
            let type = av_get_media_type_string(parameters.codec_type).map { String(cString: $0) } ?? "unknown"
            // 1: supported, 0: not, negative: the muxer cannot tell (then try).
            let fits = parameters.codec_id != AV_CODEC_ID_NONE && avformat_query_codec(muxer, parameters.codec_id, FF_COMPLIANCE_NORMAL) != 0
            if fits {
                indices.append(next)
                next += 1
            } else if parameters.codec_type == AVMEDIA_TYPE_VIDEO || parameters.codec_type == AVMEDIA_TYPE_AUDIO {
                throw StageFailure(
                    code: "unsupported_container",
                    message: "\(input.path) has \(codec) \(type) (stream \(index)), which \(format.rawValue.uppercased()) cannot hold without re-encoding, and vtrans never re-encodes; ask for another format (mkv holds almost anything)")
            } else {
                indices.append(nil)
                omissions.append("stream \(index) (\(type), \(codec)) cannot go into \(format.rawValue.uppercased()) and is left out")
            }
        }
        outputIndex = indices
        self.omissions = omissions
    }
}
