import CFFmpeg
import StageProtocol

#if canImport(Glibc)
import Glibc
#endif

/// A media file opened for reading with libavformat; closed when the object goes away.
///
/// Only local files are opened (the `file` protocol alone is allowed), so a path cannot reach
/// the network: regular files, and named pipes (FIFOs) so that a file still being written by
/// another program is read as it arrives.
public final class InputFile {
    /// The path as given.
    public let path: String
    /// The demuxer context; valid as long as this object lives.
    public let context: UnsafeMutablePointer<AVFormatContext>

    /// Opens `path` and reads enough of it to know its streams.
    /// - Parameter format: demuxer to use (`srt`, `webvtt`), or `nil` to detect it.
    /// - Throws: ``StageFailure`` `file_not_found`, `not_media` or `corrupt_input`.
    public init(path: String, format: String? = nil) throws(StageFailure) {
        self.path = path
        var status = stat()
        guard stat(path, &status) == 0 else { throw .fileNotFound(path, reason: String(cString: strerror(errno))) }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFIFO else { throw .fileNotFound(path, reason: "it is neither a regular file nor a named pipe") }
        guard type == S_IFIFO || status.st_size > 0 else { throw .notMedia(path, detail: "the file is empty") }

        var options: OpaquePointer?
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        defer { av_dict_free(&options) }
        var opened: UnsafeMutablePointer<AVFormatContext>?
        let demuxer = format.flatMap { av_find_input_format($0) }
        let code = avformat_open_input(&opened, "file:" + path, demuxer, &options)
        guard code >= 0, let demuxing = opened else { throw Self.openFailure(path, code) }
        let infoCode = avformat_find_stream_info(demuxing, nil)
        guard infoCode >= 0 else {
            avformat_close_input(&opened)
            throw .corruptInput(path, detail: "cannot read its streams: \(AVStatus.describe(infoCode))")
        }
        context = demuxing
    }

    deinit {
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&opened)
    }

    /// The demuxer's name(s), such as `mov,mp4,m4a,3gp,3g2,mj2`.
    public var formatName: String { String(cString: context.pointee.iformat.pointee.name) }

    /// Duration in seconds, when the container says.
    public var duration: Double? {
        let value = context.pointee.duration
        return value == AVStatus.noTimestamp || value <= 0 ? nil : Double(value) / Double(AV_TIME_BASE)
    }

    /// Presentation time of the first frame in microseconds (0 when unknown).
    public var startTime: Int64 {
        let value = context.pointee.start_time
        return value == AVStatus.noTimestamp ? 0 : value
    }

    /// Number of streams.
    public var streamCount: Int { Int(context.pointee.nb_streams) }

    /// The stream at `index` (0 ..< ``streamCount``).
    public func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[index]!
    }

    /// Reads the next packet of any non-discarded stream into `packet`.
    public func read(into packet: Packet) -> ReadOutcome {
        let code = av_read_frame(context, packet.pointer)
        if code >= 0 { return .packet }
        return code == AVStatus.endOfFile ? .endOfFile : .failed(code)
    }

    /// What ``read(into:)`` found.
    public enum ReadOutcome {
        /// A packet was read.
        case packet
        /// The input ended cleanly.
        case endOfFile
        /// Reading failed with this FFmpeg status (damaged or truncated data, I/O error).
        case failed(Int32)
    }

    /// Tells an unreadable file from a damaged one: FFmpeg gives "invalid data" for both, so
    /// the head of the file is probed again to see whether any demuxer claims it.
    private static func openFailure(_ path: String, _ code: Int32) -> StageFailure {
        if code == vt_averror(ENOENT) || code == vt_averror(EACCES) || code == vt_averror(EISDIR) {
            return .fileNotFound(path, reason: AVStatus.describe(code))
        }
        guard code == AVStatus.invalidData || code == vt_averror_demuxer_not_found() else {
            return .mediaError("opening \(path)", status: code)
        }
        if let format = probe(path) {
            return .corruptInput(path, detail: "it looks like \(format) but FFmpeg cannot read it: \(AVStatus.describe(code)); an MP4 cut short loses its index (the moov atom)")
        }
        return .notMedia(path, detail: "no demuxer recognises its content")
    }

    /// The name of the demuxer that claims the first megabyte of `path` with some confidence.
    private static func probe(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        let size = 1 << 20
        var buffer = [UInt8](repeating: 0, count: size + Int(AVPROBE_PADDING_SIZE))
        let count = fread(&buffer, 1, size, file)
        guard count > 0 else { return nil }
        return buffer.withUnsafeMutableBufferPointer { bytes -> String? in
            "".withCString { emptyName in
                var data = AVProbeData(filename: emptyName, buf: bytes.baseAddress, buf_size: Int32(count), mime_type: nil)
                var score = AVPROBE_SCORE_MAX / 4
                guard let format = av_probe_input_format2(&data, 1, &score) else { return nil }
                return String(cString: format.pointee.name)
            }
        }
    }
}
