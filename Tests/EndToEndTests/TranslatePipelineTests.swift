import Foundation
import StageTesting
import Testing

/// `vtrans run translate` end to end: speech recognised by Whisper, translated by Apertium,
/// written as subtitles and muxed; every stage is a real process.
@Suite("translate pipeline")
struct TranslatePipelineTests {
    @Test
    func speechBecomesEnglishAndSpanishTracksInMP4AndMKV() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let clip = workspace.path("talk.mp4")
        try Workspace.makeClip(clip)
        let outcome = try workspace.vtrans(["run", "translate", "--input", clip, "--set", "translator.targets=es", "--output", "out", "--plain"], timeout: 600)
        #expect(outcome.status == 0, "vtrans run failed: \(outcome.standardError)")

        let english = try ImportSubtitlesPipelineTests.parse(String(contentsOfFile: workspace.path("out/talk.en.srt"), encoding: .utf8))
        let spanish = try ImportSubtitlesPipelineTests.parse(String(contentsOfFile: workspace.path("out/talk.es.srt"), encoding: .utf8))
        let heard = english.map(\.text).joined(separator: " ").lowercased()
        #expect(heard.contains("dashwood") && heard.contains("leisure"), "\(heard)")
        #expect(!spanish.isEmpty && spanish.allSatisfy { !$0.text.isEmpty })
        #expect(abs((spanish.first?.start ?? -1) - (english.first?.start ?? 1)) < 0.001, "the translation starts with the speech")
        let translated = spanish.map(\.text).joined(separator: " ")
        #expect(translated.contains("Dashwood") && translated.contains("considerar"), "\(translated)")

        for output in ["out/talk.mp4", "out/talk.mkv"] {
            let streams = try Workspace.streams(workspace.path(output))
            let subtitles = streams.filter { $0.contains("subtitle") }
            #expect(subtitles.contains { $0.hasSuffix(",eng") } && subtitles.contains { $0.hasSuffix(",spa") }, "\(output) streams: \(streams)")
        }
    }
}
