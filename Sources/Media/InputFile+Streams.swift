import CFFmpeg
import StageProtocol

extension InputFile {
    /// Every stream of the container, described for ``StreamInfo``.
    public func describeStreams() -> [MediaStream] {
        (0..<streamCount).map { index in
            let stream = self.stream(index)
            let parameters = stream.pointee.codecpar.pointee
            let isAudio = parameters.codec_type == AVMEDIA_TYPE_AUDIO
            let isVideo = parameters.codec_type == AVMEDIA_TYPE_VIDEO
            return MediaStream(
                index: UInt32(index),
                type: av_get_media_type_string(parameters.codec_type).map { String(cString: $0) } ?? "unknown",
                codec: String(cString: avcodec_get_name(parameters.codec_id)),
                language: Self.tag("language", in: stream.pointee.metadata),
                title: Self.tag("title", in: stream.pointee.metadata),
                sampleRate: isAudio ? UInt32(max(0, parameters.sample_rate)) : 0,
                channels: isAudio ? UInt32(max(0, parameters.ch_layout.nb_channels)) : 0,
                width: isVideo ? UInt32(max(0, parameters.width)) : 0,
                height: isVideo ? UInt32(max(0, parameters.height)) : 0)
        }
    }

    /// The value of metadata `key` in `dictionary`, or an empty string.
    static func tag(_ key: String, in dictionary: OpaquePointer?) -> String {
        guard let entry = av_dict_get(dictionary, key, nil, 0), let value = entry.pointee.value else { return "" }
        return String(cString: value)
    }
}
