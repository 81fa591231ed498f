import Foundation
import StageTesting
import Testing

/// `vtrans run translate-subtitles` end to end: an English SRT is translated into Spanish and
/// both languages are muxed into MP4 and MKV; every stage is a real process.
@Suite("translate-subtitles pipeline")
struct TranslateSubtitlesPipelineTests {
    @Test func addsEnglishAndSpanishTracksToMP4AndMKV() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let clip = workspace.path("talk.mp4")
        try Workspace.makeClip(clip)
        // The recording's transcript, one sentence over three cues; the name says it is English.
        try ImportSubtitlesPipelineTests.srt().write(toFile: workspace.path("talk.en.srt"), atomically: true, encoding: .utf8)

        let outcome = try workspace.vtrans([
            "run", "translate-subtitles", "--input", clip, "--set", "import.path=talk.en.srt", "--set", "translator.targets=es",
            "--output", "out", "--plain",
        ])
        #expect(outcome.status == 0, "vtrans run failed: \(outcome.standardError)")
        #expect(outcome.standardError.contains("translator: translating en→es with apertium"), "\(outcome.standardError)")

        let english = try ImportSubtitlesPipelineTests.parse(String(contentsOfFile: workspace.path("out/talk.en.srt"), encoding: .utf8))
        let spanish = try ImportSubtitlesPipelineTests.parse(String(contentsOfFile: workspace.path("out/talk.es.srt"), encoding: .utf8))
        #expect(english.map(\.text) == ImportSubtitlesPipelineTests.cues.map(\.text))
        #expect(spanish.count == ImportSubtitlesPipelineTests.cues.count, "one Spanish cue per English cue: \(spanish)")
        #expect(spanish.allSatisfy { !$0.text.isEmpty })
        for (cue, source) in zip(spanish, ImportSubtitlesPipelineTests.cues) {
            #expect(abs(cue.start - source.start) < 0.001, "Spanish cues start with their English cues")
        }
        let spanishText = spanish.map(\.text).joined(separator: " ")
        #expect(spanishText.contains("Dashwood") && spanishText.contains("considerar") && spanishText.contains("poder"), "\(spanishText)")

        for output in ["out/talk.mp4", "out/talk.mkv"] {
            let file = workspace.path(output)
            let streams = try Workspace.streams(file)
            let subtitles = streams.filter { $0.contains("subtitle") }
            #expect(subtitles.count == 2, "\(output) streams: \(streams)")
            #expect(subtitles.contains { $0.hasSuffix(",eng") }, "\(output) has no English track: \(streams)")
            #expect(subtitles.contains { $0.hasSuffix(",spa") }, "\(output) has no Spanish track: \(streams)")

            let extracted = workspace.path(output + ".es.srt")
            try Workspace.ffmpeg(["-i", file, "-map", "0:s:m:language:spa", "-f", "srt", extracted])
            let track = try ImportSubtitlesPipelineTests.parse(String(contentsOfFile: extracted, encoding: .utf8))
            #expect(track.map(\.text) == spanish.map(\.text), "\(output): the Spanish track holds the Spanish cues")
        }
    }

    @Test func aTargetWithoutARouteIsRefusedBeforeAnyStageStarts() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let clip = workspace.path("talk.mp4")
        try Workspace.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2", "-c:v", "libx264", "-preset", "ultrafast", clip])
        try ImportSubtitlesPipelineTests.srt().write(toFile: workspace.path("talk.en.srt"), atomically: true, encoding: .utf8)
        let arguments = ["--input", clip, "--set", "import.path=talk.en.srt", "--set", "import.language=en", "--set", "translator.source=en", "--set", "translator.targets=es,ja"]

        let run = try workspace.vtrans(["run", "translate-subtitles"] + arguments + ["--output", "out", "--plain"])
        #expect(run.status == 65)
        #expect(run.standardError.contains("stage translator cannot start: cannot translate 'en' to 'ja': available targets for 'en': ca, eo, es"), "\(run.standardError)")
        #expect(!run.standardError.contains("started (pid"), "no stage ran: \(run.standardError)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: workspace.path("out"))) ?? []).isEmpty)

        let validate = try workspace.vtrans(["validate", "translate-subtitles"] + arguments)
        #expect(validate.status == 65)
        #expect(validate.standardError.contains("cannot translate 'en' to 'ja'"), "\(validate.standardError)")
        let fixed = try workspace.vtrans(["validate", "translate-subtitles"] + arguments.dropLast() + ["translator.targets=es,pt"])
        #expect(fixed.status == 0, "\(fixed.standardError)")
    }
}
