import Foundation
import StageTesting
import Testing

/// Bad input through the CLI: each case ends with a clear message, a non-zero status, and no hang.
@Suite("Bad input")
struct BadInputTests {
    private func importRun(_ workspace: Workspace, input: String) throws -> ProcessOutcome {
        try "1\n00:00:00,500 --> 00:00:02,000\nHello.\n".write(toFile: workspace.path("subs.srt"), atomically: true, encoding: .utf8)
        return try workspace.vtrans([
            "run", "import-subtitles", "--input", input, "--set", "import.path=subs.srt", "--output", "out", "--plain",
        ], timeout: 60)
    }

    @Test func textFileNamedMP4IsNotMedia() throws {
        let workspace = try Workspace()
        try "meeting notes, not a video\n".write(toFile: workspace.path("notes.mp4"), atomically: true, encoding: .utf8)
        let outcome = try importRun(workspace, input: workspace.path("notes.mp4"))
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("stage probe"))
        #expect(outcome.standardError.contains("not_media"), "\(outcome.standardError)")
    }

    @Test func truncatedMP4IsReportedAsCorrupt() throws {
        let workspace = try Workspace()
        let clip = workspace.path("clip.mp4")
        try Workspace.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-i", Workspace.librivox, "-shortest",
                              "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", clip])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: clip))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: workspace.path("cut.mp4")))
        let outcome = try importRun(workspace, input: workspace.path("cut.mp4"))
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("corrupt_input"), "\(outcome.standardError)")
    }

    @Test func videoWithoutAudioCannotBeTranscribed() throws {
        let workspace = try Workspace()
        let clip = workspace.path("silent.mp4")
        try Workspace.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", clip])
        try """
            name: audio
            stages:
              - plugin: decoder
                params: { path: "${input}" }
              - plugin: passthrough
            """.write(toFile: workspace.path("audio.yaml"), atomically: true, encoding: .utf8)
        let outcome = try workspace.vtrans(["run", "audio.yaml", "--input", clip, "--output", "out", "--plain"], timeout: 60)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("no_audio_stream"), "\(outcome.standardError)")
    }

    @Test func malformedYAMLGivesLineAndColumn() throws {
        let workspace = try Workspace()
        try "name: broken\nstages:\n  - plugin: decoder\n    params: { path: [unclosed\n".write(
            toFile: workspace.path("broken.yaml"), atomically: true, encoding: .utf8)
        let outcome = try workspace.vtrans(["validate", "broken.yaml"], timeout: 30)
        #expect(outcome.status == 65)
        #expect(outcome.standardError.range(of: #"broken\.yaml:\d+:\d+: "#, options: .regularExpression) != nil, "\(outcome.standardError)")
    }

    @Test func misspeltParameterGetsADidYouMean() throws {
        let workspace = try Workspace()
        try "name: typo\nstages:\n  - plugin: decoder\n    params: { pth: x.mp4 }\n".write(
            toFile: workspace.path("typo.yaml"), atomically: true, encoding: .utf8)
        let outcome = try workspace.vtrans(["validate", "typo.yaml"], timeout: 30)
        #expect(outcome.status == 65)
        #expect(outcome.standardError.contains("typo.yaml:4:15"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("did you mean 'path'?"), "\(outcome.standardError)")
    }

    @Test func frameWithALyingLengthStopsTheStageWithAProtocolError() throws {
        let workspace = try Workspace()
        // A header announcing 1000 payload bytes, then 4 bytes and the end of the file.
        var bytes: [UInt8] = Array("VTRF".utf8) + [1, 0, 3, 0, 0xE8, 0x03, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
        bytes += Array("abcd".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: workspace.path("lying.frames")))
        let outcome = try workspace.vtrans(["stage", "passthrough", "--input", "lying.frames", "--output", "out.jsonl"], timeout: 30)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("truncated"), "\(outcome.standardError)")
    }
}
