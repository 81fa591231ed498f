import CFFmpeg
import Foundation
import Media
import StageProtocol

/// A container being written under a temporary name beside its final one; renamed into place
/// by ``commit()``, deleted if the object goes away first (a failed or interrupted mux never
/// leaves a half-written file under the final name).
final class OutputFile {
    /// The muxer context; valid as long as this object lives.
    let context: UnsafeMutablePointer<AVFormatContext>
    /// Where the file ends up.
    let finalPath: String
    private let temporaryPath: String
    private var committed = false

    /// Creates the muxer for `format` and opens the temporary file.
    /// - Throws: ``StageFailure`` `io_error` when the file cannot be created.
    init(format: ContainerFormat, finalPath: String) throws(StageFailure) {
        self.finalPath = finalPath
        let url = URL(fileURLWithPath: finalPath)
        temporaryPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        var created: UnsafeMutablePointer<AVFormatContext>?
        let status = avformat_alloc_output_context2(&created, nil, format.muxerName, temporaryPath)
        guard status >= 0, let created else { throw .mediaError("setting up the \(format.muxerName) muxer", status: status) }
        let openStatus = avio_open(&created.pointee.pb, "file:" + temporaryPath, AVIO_FLAG_WRITE)
        guard openStatus >= 0 else {
            avformat_free_context(created)
            throw StageFailure(code: "io_error", message: "cannot create \(temporaryPath): \(AVStatus.describe(openStatus)); check that output_dir is writable")
        }
        context = created
    }

    deinit {
        if context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
        if !committed { unlink(temporaryPath) }
        avformat_free_context(context)
    }

    /// Adds an output stream.
    func addStream() -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(context, nil) else { fatalError("avformat_new_stream: out of memory") }
        return stream
    }

    /// Writes the container header.
    func writeHeader(faststart: Bool) throws(StageFailure) {
        var options: OpaquePointer?
        if faststart { av_dict_set(&options, "movflags", "+faststart", 0) }
        defer { av_dict_free(&options) }
        let status = avformat_write_header(context, &options)
        guard status >= 0 else { throw failure("writing the header", status) }
    }

    /// Writes a packet through libavformat's interleaver (which takes the packet's data).
    func write(_ packet: Packet) throws(StageFailure) {
        let status = av_interleaved_write_frame(context, packet.pointer)
        guard status >= 0 else { throw failure("writing a packet", status) }
    }

    /// Writes the trailer, closes the file and renames it to its final name.
    func commit() throws(StageFailure) {
        let status = av_write_trailer(context)
        guard status >= 0 else { throw failure("finishing the file", status) }
        let closeStatus = avio_closep(&context.pointee.pb)
        guard closeStatus >= 0 else { throw failure("closing the file", closeStatus) }
        guard rename(temporaryPath, finalPath) == 0 else {
            throw StageFailure(code: "io_error", message: "cannot rename \(temporaryPath) to \(finalPath): \(String(cString: strerror(errno)))")
        }
        committed = true
    }

    private func failure(_ operation: String, _ status: Int32) -> StageFailure {
        if status == vt_averror(ENOSPC) || status == vt_averror(EIO) || status == vt_averror(EDQUOT) {
            return StageFailure(code: "io_error", message: "\(operation) of \(finalPath) failed: \(AVStatus.describe(status)); free some disk space and retry", retryable: true)
        }
        return .mediaError("\(operation) of \(finalPath)", status: status)
    }
}
