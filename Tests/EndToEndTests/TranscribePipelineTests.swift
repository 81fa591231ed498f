import Foundation
import StageTesting
import Testing

/// `vtrans run transcribe` end to end: a video's speech recognised by Whisper, written as
/// subtitles and muxed back as a track; every stage is a real process.
@Suite("transcribe pipeline")
struct TranscribePipelineTests {
    @Test func speechBecomesAnEnglishSRTAndTrack() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        // Two seconds of picture before the speech starts.
        let clip = workspace.path("clip.mp4")
        try Workspace.ffmpeg([
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=10", "-i", Workspace.librivox,
            "-filter_complex", "[1:a]adelay=2000,apad[a]", "-map", "0:v", "-map", "[a]", "-t", "10",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", clip,
        ])
        let outcome = try workspace.vtrans(["run", "transcribe", "--input", clip, "--set", "recognizer.threads=2", "--output", "out", "--plain"], timeout: 900)
        #expect(outcome.status == 0, "vtrans run failed: \(outcome.standardError)")

        let cues = try ImportSubtitlesPipelineTests.parse(String(contentsOfFile: workspace.path("out/clip.en.srt"), encoding: .utf8))
        let heard = cues.map(\.text).joined(separator: " ").lowercased()
        #expect(heard.contains("dashwood") && heard.contains("leisure") && heard.contains("prudently"), "\(heard)")
        let first = try #require(cues.first)
        let last = try #require(cues.last)
        #expect(abs(first.start - 2) < 0.6, "the speech starts 2 s in: \(cues)")
        #expect(last.end <= 9.5, "the speech ends by 9.1 s: \(cues)")
        #expect(FileManager.default.fileExists(atPath: workspace.path("out/clip.en.vtt")))

        let streams = try Workspace.streams(workspace.path("out/clip.mp4"))
        #expect(streams.contains { $0.contains("subtitle") && $0.hasSuffix(",eng") }, "\(streams)")
    }
}
