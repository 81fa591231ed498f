import CFFmpeg
import Logging
import Media
import StageKit
import StageProtocol

/// Reads a media file and emits its description, then its audio as mono float32 chunks.
///
/// Damaged or truncated data is decoded as far as it goes: the stage logs a warning and sends a
/// progress note saying where the audio ends, and succeeds unless `strict` is set (then it fails
/// with `corrupt_input` after sending the audio it could decode). A file whose index is missing
/// (an MP4 cut before its moov atom) cannot be read at all and fails with `corrupt_input`.
struct Decoder: SourceStage {
    static let manifest = StageManifest(
        name: "decoder",
        summary: "Decode a media file's audio to mono float32 chunks, after a description of its streams",
        executable: "vtrans-decoder",
        consumes: [],
        produces: [.streamInfo, .audioChunk],
        parameters: [
            .init("path", .path, required: true, summary: "The media file to read"),
            .init("stream", .integer, summary: "Index of the audio stream to decode (default: the one FFmpeg ranks best)"),
            .init("sample_rate", .integer, default: "16000", summary: "Output sample rate in Hz (8000 to 192000)"),
            .init("chunk_seconds", .number, default: "1.0", summary: "Audio per chunk in seconds (0.01 to 60)"),
            .init("probe_only", .boolean, default: "false", summary: "Send only the stream description, no audio; a file without audio is then no error"),
            .init("strict", .boolean, default: "false", summary: "Fail with corrupt_input when the input is truncated or damaged, instead of warning"),
        ])

    private let path: String
    private let streamIndex: Int?
    private let sampleRate: Int
    private let chunkSamples: Int
    private let probeOnly: Bool
    private let strict: Bool
    private let logger: Logger

    init(context: StageContext) throws {
        let parameters = context.parameters
        path = parameters.string("path")
        streamIndex = try parameters.integer("stream")
        sampleRate = try parameters.integer("sample_rate") ?? 16000
        guard (8000...192_000).contains(sampleRate) else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'sample_rate' is \(sampleRate); expected 8000 to 192000 (Hz)")
        }
        let chunkSeconds = try parameters.number("chunk_seconds") ?? 1
        guard (0.01...60).contains(chunkSeconds) else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'chunk_seconds' is \(chunkSeconds); expected 0.01 to 60")
        }
        chunkSamples = max(1, Int((chunkSeconds * Double(sampleRate)).rounded()))
        probeOnly = try parameters.boolean("probe_only")
        strict = try parameters.boolean("strict")
        logger = context.logger
        FFmpegLog.route(to: logger)
    }

    func produce(output: StageOutput) throws {
        let input = try InputFile(path: path)
        let selected = try selectAudioStream(in: input)
        try output.emit(.streamInfo(StreamInfo(
            sourcePath: path, formatName: input.formatName, duration: input.duration ?? -1,
            streams: input.describeStreams(), selectedAudioStream: Int32(selected ?? -1))))
        try output.flush()
        guard let selected, !probeOnly else { return }

        for index in 0..<input.streamCount where index != selected {
            input.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let stream = input.stream(selected)
        let expected = Self.seconds(stream.pointee.duration, stream.pointee.time_base) ?? input.duration
        let chunks = ChunkAssembler(output: output, sampleRate: sampleRate, chunkSamples: chunkSamples, expectedSeconds: expected)
        let extractor = try AudioExtractor(
            stream: stream, index: selected, startTime: input.startTime, maximumLeadingSilence: min(input.duration ?? 60, 3600),
            chunks: chunks, outputRate: Int32(sampleRate))
        logger.info("decoding", metadata: [
            "path": "\(path)", "stream": "\(selected)", "format": "\(input.formatName)",
            "codec": "\(String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id)))",
        ])

        let packet = Packet()
        var readFailure: String?
        reading: while true {
            switch input.read(into: packet) {
            case .packet:
                if packet.streamIndex == Int32(selected) { try extractor.decode(packet) }
                packet.unref()
            case .endOfFile:
                break reading
            case .failed(let status):
                readFailure = AVStatus.describe(status)
                break reading
            }
        }
        try extractor.finish()
        try report(chunks: chunks, extractor: extractor, expected: expected, readFailure: readFailure, output: output)
    }

    /// The stream to decode: the `stream` parameter's, or FFmpeg's best audio stream; `nil`
    /// when there is none and only a description was asked for.
    private func selectAudioStream(in input: InputFile) throws(StageFailure) -> Int? {
        if let wanted = streamIndex {
            guard (0..<input.streamCount).contains(wanted) else {
                throw StageFailure(code: "bad_parameter", message: "parameter 'stream' is \(wanted), but \(path) has streams 0 to \(input.streamCount - 1)")
            }
            let type = input.stream(wanted).pointee.codecpar.pointee.codec_type
            guard type == AVMEDIA_TYPE_AUDIO else {
                let audio = input.describeStreams().filter { $0.type == "audio" }.map { String($0.index) }
                throw StageFailure(
                    code: "bad_parameter",
                    message: "parameter 'stream' is \(wanted), a \(av_get_media_type_string(type).map { String(cString: $0) } ?? "non-audio") stream; audio streams of \(path): \(audio.isEmpty ? "none" : audio.joined(separator: ", "))")
            }
            return wanted
        }
        let best = av_find_best_stream(input.context, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
        if best >= 0 { return Int(best) }
        if probeOnly { return nil }
        throw .noAudioStream(path)
    }

    /// Warns about (or, when strict, fails on) audio that ends early or packets that would not decode.
    private func report(chunks: ChunkAssembler, extractor: AudioExtractor, expected: Double?, readFailure: String?, output: StageOutput) throws {
        let decoded = chunks.totalSeconds
        var problems: [String] = []
        if let readFailure { problems.append("reading stopped at \(Self.format(decoded)) s: \(readFailure)") }
        if let expected, decoded < expected - max(1, 0.02 * expected) {
            problems.append("the audio ends at \(Self.format(decoded)) s but the file says it lasts \(Self.format(expected)) s")
        }
        if extractor.decodeErrors > 0 {
            problems.append("\(extractor.decodeErrors) audio packet(s) would not decode (\(extractor.lastDecodeError))")
        }
        let detail = problems.joined(separator: "; ")
        if !problems.isEmpty && (strict || chunks.totalSamples == 0) {
            throw StageFailure.corruptInput(path, detail: detail)
        }
        if !problems.isEmpty {
            logger.warning("input truncated or damaged; transcribing the audio that could be decoded", metadata: ["path": "\(path)", "problems": "\(detail)"])
        }
        try output.progress(
            fraction: 1, done: decoded, total: expected ?? decoded, unit: "s",
            note: problems.isEmpty ? "" : "input truncated or damaged: \(detail)")
    }

    private static func seconds(_ value: Int64, _ timeBase: AVRational) -> Double? {
        guard value != AVStatus.noTimestamp, value > 0, timeBase.den != 0 else { return nil }
        return Double(value) * Double(timeBase.num) / Double(timeBase.den)
    }

    private static func format(_ seconds: Double) -> String {
        String(Double((seconds * 10).rounded()) / 10)
    }
}
