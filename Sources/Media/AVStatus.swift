import CFFmpeg

/// FFmpeg status codes: the few a caller tells apart, and their text.
public enum AVStatus {
    /// End of file (`AVERROR_EOF`).
    public static let endOfFile = vt_averror_eof()
    /// Output not available in this state; send more input (`AVERROR(EAGAIN)`).
    public static let tryAgain = vt_averror(EAGAIN)
    /// Invalid data found when processing input (`AVERROR_INVALIDDATA`).
    public static let invalidData = vt_averror_invaliddata()
    /// A feature FFmpeg does not implement (`AVERROR_PATCHWELCOME`).
    public static let notImplemented = vt_averror_patchwelcome()
    /// No stream of the asked type (`AVERROR_STREAM_NOT_FOUND`).
    public static let streamNotFound = vt_averror_stream_not_found()
    /// A stream whose codec has no decoder (`AVERROR_DECODER_NOT_FOUND`).
    public static let decoderNotFound = vt_averror_decoder_not_found()
    /// "No timestamp" (`AV_NOPTS_VALUE`).
    public static let noTimestamp = vt_nopts_value()
    /// Microseconds, FFmpeg's internal time base (`AV_TIME_BASE_Q`).
    public static let microseconds = vt_time_base_q()

    /// FFmpeg's text for an error code, such as "Invalid data found when processing input".
    public static func describe(_ code: Int32) -> String {
        var text = [CChar](repeating: 0, count: Int(AV_ERROR_MAX_STRING_SIZE))
        guard av_strerror(code, &text, text.count) == 0 else { return "FFmpeg error \(code)" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
