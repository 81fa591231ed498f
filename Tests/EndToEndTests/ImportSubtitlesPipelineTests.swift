import Foundation
import StageTesting
import Testing

/// `vtrans run import-subtitles` end to end: every stage is a real process.
@Suite("import-subtitles pipeline")
struct ImportSubtitlesPipelineTests {
    static let cues: [(start: Double, end: Double, text: String)] = [
        (0.5, 2.5, "And Mister John Dashwood had then leisure"),
        (3.0, 5.0, "to consider how much there might be"),
        (5.5, 7.0, "prudently in his power to do for them."),
    ]

    static func srt() -> String {
        cues.enumerated().map { index, cue in
            "\(index + 1)\n\(timestamp(cue.start)) --> \(timestamp(cue.end))\n\(cue.text)\n"
        }.joined(separator: "\n")
    }

    static func timestamp(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        return String(format: "%02d:%02d:%02d,%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }

    @Test func muxesTheSubtitlesIntoMP4AndMKVLeavingAudioAndVideoUntouched() throws {
        let workspace = try Workspace()
        let clip = workspace.path("talk.mp4")
        try Workspace.makeClip(clip)
        try Self.srt().write(toFile: workspace.path("talk.srt"), atomically: true, encoding: .utf8)

        let outcome = try workspace.vtrans([
            "run", "import-subtitles", "--input", clip, "--set", "import.path=talk.srt", "--set", "import.language=en",
            "--output", "out", "--plain",
        ])
        #expect(outcome.status == 0, "vtrans run failed: \(outcome.standardError)")
        let printed = String(decoding: outcome.standardOutput, as: UTF8.self)
        #expect(printed.contains(workspace.path("out/talk.mp4")))
        #expect(printed.contains(workspace.path("out/talk.mkv")))

        let originalVideo = try Workspace.packetHashes(clip, stream: "v:0")
        let originalAudio = try Workspace.packetHashes(clip, stream: "a:0")
        #expect(originalVideo.count > 100)
        for (output, subtitleCodec) in [("out/talk.mp4", "mov_text"), ("out/talk.mkv", "subrip")] {
            let file = workspace.path(output)
            #expect(try Workspace.packetHashes(file, stream: "v:0") == originalVideo, "\(output): video packets changed")
            #expect(try Workspace.packetHashes(file, stream: "a:0") == originalAudio, "\(output): audio packets changed")
            let streams = try Workspace.streams(file)
            #expect(streams.contains { $0.hasPrefix("subtitle,\(subtitleCodec)") || $0.hasPrefix("\(subtitleCodec),subtitle") },
                    "\(output) streams: \(streams)")
            #expect(streams.contains { $0.contains("subtitle") && $0.contains("eng") }, "\(output) has no English track: \(streams)")

            // The track holds the cues of the SRT the subtitles stage wrote (its reading-speed rule may
            // lengthen a cue), in sync with the video: times are compared from the first video frame.
            let extracted = workspace.path(output + ".srt")
            try Workspace.ffmpeg(["-i", file, "-map", "0:s:0", "-f", "srt", extracted])
            let cues = try Self.parse(String(contentsOfFile: extracted, encoding: .utf8))
            let written = try Self.parse(String(contentsOfFile: workspace.path("out/talk.en.srt"), encoding: .utf8))
            #expect(cues.map(\.text) == Self.cues.map(\.text), "\(output) cue texts")
            #expect(written.map(\.text) == Self.cues.map(\.text))
            let videoStart = try Workspace.firstPacketTime(file, stream: "v:0")
            for (got, want) in zip(cues, written) {
                #expect(abs(got.start - videoStart - want.start) < 0.05 && abs(got.end - videoStart - want.end) < 0.05, "\(output): \(got) vs \(want)")
            }
            for (got, asked) in zip(written, Self.cues) {
                #expect(abs(got.start - asked.start) < 0.001 && got.end >= asked.end - 0.001, "cue starts kept, ends only lengthened")
            }
        }
    }

    /// Reads cues from SRT text (joining a cue's lines with a space).
    static func parse(_ text: String) throws -> [(start: Double, end: Double, text: String)] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n").map(String.init)
            guard let timing = lines.firstIndex(where: { $0.contains("-->") }) else { return nil }
            let parts = lines[timing].components(separatedBy: " --> ")
            return (seconds(parts[0]), seconds(parts[1]), lines[(timing + 1)...].joined(separator: " "))
        }
    }

    static func seconds(_ stamp: String) -> Double {
        let fields = stamp.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".").split(separator: ":")
        return fields.reduce(0) { $0 * 60 + (Double($1) ?? 0) }
    }
}
