import CFFmpeg
import Logging
import Media
import StageProtocol

/// Decodes one audio stream's packets and resamples the frames into chunks, noting what went
/// wrong on the way instead of stopping at the first damaged packet (as the ffmpeg CLI does).
final class AudioExtractor {
    /// Leading gaps shorter than this (in seconds) are not filled.
    static let smallestGap = 0.1

    private let decoder: AudioDecoder
    private let chunks: ChunkAssembler
    private let outputRate: Int32
    private let timeBase: AVRational
    private let startTime: Int64
    private let maximumLeadingSilence: Double
    private let frame = Frame()
    private var resampler: AudioResampler?
    private var sawFirstFrame = false
    /// Packets or frames the decoder rejected.
    private(set) var decodeErrors = 0
    /// FFmpeg's text for the last rejection.
    private(set) var lastDecodeError = ""

    /// - Parameters:
    ///   - stream: the audio stream to decode.
    ///   - startTime: the container's start time in microseconds; audio starting later is
    ///     preceded by silence so that sample 0 is the container's time 0.
    ///   - maximumLeadingSilence: bound on that silence in seconds, against broken timestamps.
    init(
        stream: UnsafeMutablePointer<AVStream>, index: Int, startTime: Int64, maximumLeadingSilence: Double,
        chunks: ChunkAssembler, outputRate: Int32
    ) throws(StageFailure) {
        decoder = try AudioDecoder(stream: stream, index: index)
        timeBase = stream.pointee.time_base
        self.startTime = startTime
        self.maximumLeadingSilence = maximumLeadingSilence
        self.chunks = chunks
        self.outputRate = outputRate
    }

    /// Decodes `packet` and converts every frame it yields.
    func decode(_ packet: Packet) throws {
        note(decoder.send(packet))
        try drain()
    }

    /// Drains the decoder and the resampler and emits the last chunk.
    func finish() throws {
        note(decoder.send(nil))
        try drain()
        try resampler?.flush(into: chunks)
        try chunks.finish()
    }

    private func drain() throws {
        while true {
            let status = decoder.receive(into: frame)
            if status == AVStatus.tryAgain || status == AVStatus.endOfFile { return }
            guard status >= 0 else { return note(status) }
            defer { frame.unref() }
            if !sawFirstFrame {
                sawFirstFrame = true
                try padToStart()
            }
            if resampler?.accepts(frame) != true {
                try resampler?.flush(into: chunks)
                resampler = try AudioResampler(like: frame, outputRate: outputRate)
            }
            try resampler!.convert(frame, into: chunks)
        }
    }

    private func padToStart() throws {
        let pts = frame.pointer.pointee.best_effort_timestamp
        guard pts != AVStatus.noTimestamp else { return }
        let offset = Double(av_rescale_q(pts, timeBase, AVStatus.microseconds) - startTime) / Double(AV_TIME_BASE)
        // Codec delays (AAC priming, Opus pre-skip) move the first sample by a few milliseconds;
        // only a real gap (audio that starts after the picture) is worth filling.
        guard offset > Self.smallestGap else { return }
        try chunks.appendSilence(Int((min(offset, maximumLeadingSilence) * Double(outputRate)).rounded()))
    }

    private func note(_ status: Int32) {
        guard status < 0, status != AVStatus.tryAgain, status != AVStatus.endOfFile else { return }
        decodeErrors += 1
        lastDecodeError = AVStatus.describe(status)
    }
}
