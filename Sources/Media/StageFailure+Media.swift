import StageProtocol

/// The failures the media stages report, one constructor per stable code, each with advice.
extension StageFailure {
    /// `file_not_found`: the path names no readable regular file or named pipe.
    public static func fileNotFound(_ path: String, reason: String) -> StageFailure {
        StageFailure(code: "file_not_found", message: "cannot read \(path): \(reason); check the path and that the file was uploaded completely")
    }

    /// `not_media`: FFmpeg does not recognise the file as any container it reads.
    public static func notMedia(_ path: String, detail: String) -> StageFailure {
        StageFailure(
            code: "not_media",
            message: "could not recognise \(path) as a media file (\(detail)); give a video or audio file such as MP4, MKV, WebM, MOV, MP3 or WAV")
    }

    /// `corrupt_input`: the container was recognised but is damaged or truncated.
    public static func corruptInput(_ path: String, detail: String) -> StageFailure {
        StageFailure(
            code: "corrupt_input",
            message: "\(path) is damaged or truncated (\(detail)); upload it again, or repair it (for example re-export it from the editing program)")
    }

    /// `no_audio_stream`: the input has nothing to transcribe.
    public static func noAudioStream(_ path: String) -> StageFailure {
        StageFailure(
            code: "no_audio_stream",
            message: "\(path) has no audio stream; vtrans needs speech to transcribe; to add existing subtitles use the import-subtitles pipeline")
    }

    /// `unsupported_codec`: FFmpeg on this machine cannot decode or encode the codec.
    public static func unsupportedCodec(_ detail: String) -> StageFailure {
        StageFailure(code: "unsupported_codec", message: "\(detail); convert the file to a common format (for example AAC audio in MP4) and try again")
    }

    /// `media_error`: an FFmpeg call failed in a way none of the other codes describes.
    public static func mediaError(_ operation: String, status: Int32, retryable: Bool = false) -> StageFailure {
        StageFailure(code: "media_error", message: "\(operation) failed: \(AVStatus.describe(status))", retryable: retryable)
    }
}
