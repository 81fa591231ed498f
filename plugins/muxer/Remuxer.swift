import CFFmpeg
import Logging
import Media
import StageKit
import StageProtocol

/// Writes one output file: every input stream that fits copied packet for packet, plus the
/// subtitle tracks, interleaved by time. Nothing is decoded or re-encoded except the subtitles.
///
/// Timestamps are shifted so the input's start time becomes 0, as the ffmpeg CLI does without
/// `-copyts`, so that subtitle times (counted from the start of the audio the decoder sent,
/// which starts at the container's start time) line up with the picture.
struct Remuxer {
    let inputPath: String
    let format: ContainerFormat
    let tracks: [SubtitleTrack]
    let faststart: Bool
    let logger: Logger

    /// Writes the file to `path` (through a temporary name), reporting progress to `output`.
    func write(to path: String, output: StageOutput) throws {
        let input = try InputFile(path: inputPath)
        let map = try StreamMap(input: input, format: format)
        for omission in map.omissions { logger.warning("\(omission)", metadata: ["output": "\(path)"]) }
        let file = try OutputFile(format: format, finalPath: path)
        av_dict_copy(&file.context.pointee.metadata, input.context.pointee.metadata, 0)

        var outputStreams: [UnsafeMutablePointer<AVStream>?] = []
        for index in 0..<input.streamCount {
            guard map.outputIndex[index] != nil else {
                input.stream(index).pointee.discard = AVDISCARD_ALL
                outputStreams.append(nil)
                continue
            }
            outputStreams.append(try copyStream(input.stream(index), into: file))
        }
        let subtitleStreams = tracks.map { addSubtitleStream($0, to: file) }
        try file.writeHeader(faststart: faststart && format.isQuickTimeFamily)

        let packet = Packet()
        var cursors = [Int](repeating: 0, count: tracks.count)
        let startTime = input.startTime
        let duration = input.duration
        while true {
            switch input.read(into: packet) {
            case .endOfFile:
                try writeCues(until: .max, cursors: &cursors, streams: subtitleStreams, file: file)
                try file.commit()
                return
            case .failed(let status):
                throw StageFailure.corruptInput(inputPath, detail: "reading stopped: \(AVStatus.describe(status))")
            case .packet:
                break
            }
            let index = Int(packet.streamIndex)
            guard index < outputStreams.count, let stream = outputStreams[index] else {
                packet.unref()
                continue
            }
            let source = input.stream(index)
            let time = shift(packet, from: source, by: startTime)
            try writeCues(until: time, cursors: &cursors, streams: subtitleStreams, file: file)
            av_packet_rescale_ts(packet.pointer, source.pointee.time_base, stream.pointee.time_base)
            packet.pointer.pointee.stream_index = stream.pointee.index
            packet.pointer.pointee.pos = -1
            try file.write(packet)
            if let duration, time != AVStatus.noTimestamp {
                let done = max(0, Double(time) / Double(AV_TIME_BASE))
                try output.progress(fraction: min(1, done / duration), done: done, total: duration, unit: "s")
            }
        }
    }

    /// Creates an output stream carrying `source`'s packets unchanged.
    private func copyStream(_ source: UnsafeMutablePointer<AVStream>, into file: OutputFile) throws(StageFailure) -> UnsafeMutablePointer<AVStream> {
        let stream = file.addStream()
        let status = avcodec_parameters_copy(stream.pointee.codecpar, source.pointee.codecpar)
        guard status >= 0 else { throw .mediaError("copying stream parameters", status: status) }
        stream.pointee.codecpar.pointee.codec_tag = keptCodecTag(source.pointee.codecpar.pointee, in: file)
        stream.pointee.time_base = source.pointee.time_base
        stream.pointee.avg_frame_rate = source.pointee.avg_frame_rate
        stream.pointee.r_frame_rate = source.pointee.r_frame_rate
        stream.pointee.sample_aspect_ratio = source.pointee.sample_aspect_ratio
        stream.pointee.disposition = source.pointee.disposition
        av_dict_copy(&stream.pointee.metadata, source.pointee.metadata, 0)
        return stream
    }

    /// The input's codec tag when the output container knows it for the same codec (an HEVC
    /// `hvc1` stays `hvc1`), else 0 so that the muxer picks its own, as the ffmpeg CLI does.
    private func keptCodecTag(_ parameters: AVCodecParameters, in file: OutputFile) -> UInt32 {
        guard let tags = file.context.pointee.oformat.pointee.codec_tag else { return parameters.codec_tag }
        var ownTag: UInt32 = 0
        if av_codec_get_id(tags, parameters.codec_tag) == parameters.codec_id || av_codec_get_tag2(tags, parameters.codec_id, &ownTag) == 0 {
            return parameters.codec_tag
        }
        return 0
    }

    private func addSubtitleStream(_ track: SubtitleTrack, to file: OutputFile) -> UnsafeMutablePointer<AVStream> {
        let stream = file.addStream()
        avcodec_parameters_copy(stream.pointee.codecpar, track.parameters)
        stream.pointee.time_base = SubtitleTrack.timeBase
        av_dict_set(&stream.pointee.metadata, "language", format.languageCode(track.language), 0)
        av_dict_set(&stream.pointee.metadata, "title", track.language.title, 0)
        if format.isQuickTimeFamily { av_dict_set(&stream.pointee.metadata, "handler_name", track.language.title, 0) }
        return stream
    }

    /// Moves `packet`'s timestamps so the input starts at 0; returns its decode time in
    /// microseconds (presentation time when it has no decode time).
    private func shift(_ packet: Packet, from stream: UnsafeMutablePointer<AVStream>, by startTime: Int64) -> Int64 {
        let p = packet.pointer
        let offset = av_rescale_q(startTime, AVStatus.microseconds, stream.pointee.time_base)
        if p.pointee.pts != AVStatus.noTimestamp { p.pointee.pts -= offset }
        if p.pointee.dts != AVStatus.noTimestamp { p.pointee.dts -= offset }
        let time = p.pointee.dts != AVStatus.noTimestamp ? p.pointee.dts : p.pointee.pts
        return time == AVStatus.noTimestamp ? time : av_rescale_q(time, stream.pointee.time_base, AVStatus.microseconds)
    }

    /// Writes every cue that starts at or before `time` (microseconds; `.max` for all that are left).
    private func writeCues(
        until time: Int64, cursors: inout [Int], streams: [UnsafeMutablePointer<AVStream>], file: OutputFile
    ) throws(StageFailure) {
        guard time != AVStatus.noTimestamp else { return }
        for (t, track) in tracks.enumerated() {
            while cursors[t] < track.cues.count, time == .max || track.cues[cursors[t]].start * 1000 <= time {
                let cue = track.cues[cursors[t]]
                cursors[t] += 1
                let packet = Packet()
                guard av_new_packet(packet.pointer, Int32(cue.data.count)) >= 0 else { fatalError("av_new_packet: out of memory") }
                cue.data.withUnsafeBufferPointer { packet.pointer.pointee.data.update(from: $0.baseAddress!, count: $0.count) }
                let timeBase = streams[t].pointee.time_base
                packet.pointer.pointee.pts = av_rescale_q(cue.start, SubtitleTrack.timeBase, timeBase)
                packet.pointer.pointee.dts = packet.pointer.pointee.pts
                packet.pointer.pointee.duration = av_rescale_q(cue.duration, SubtitleTrack.timeBase, timeBase)
                packet.pointer.pointee.stream_index = streams[t].pointee.index
                packet.pointer.pointee.flags |= AV_PKT_FLAG_KEY
                try file.write(packet)
            }
        }
    }
}
