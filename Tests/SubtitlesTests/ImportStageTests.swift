import Foundation
import StageProtocol
import StageTesting
import Testing

/// The built `vtrans-import` executable, run standalone.
@Suite final class ImportStageTests {
    let stage: BuiltStage
    let directory: URL

    init() throws {
        stage = try BuiltStage("vtrans-import")
        directory = try BuiltStage.temporaryDirectory()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func segments(_ run: StageRun) -> [Segment] {
        run.messages.compactMap { if case .segment(let segment) = $0 { segment } else { nil } }
    }

    @Test func describesItselfAsItsPluginYAMLDoes() throws {
        #expect(try stage.describe() == BuiltStage.pluginManifest("import"))
    }

    @Test func readsSubRipIntoNumberedSegments() throws {
        let path = try write("\u{FEFF}1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Hello</i>\r\nthere.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n\r\n3\r\n00:00:05,000 --> 00:00:06,000\r\nBye.\r\n", "talk.srt")
        let run = try stage.run(["-p", "path=\(path)", "-p", "language=es"], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(segments(run) == [
            Segment(id: 1, start: 1, end: 2.5, text: "Hello there.", language: "es"),
            Segment(id: 2, start: 5, end: 6, text: "Bye.", language: "es"),
        ])
        #expect(run.messages.last == .endOfStream)
    }

    @Test func readsWebVTTWhateverItsNameAndTakesTheLanguageFromTheName() throws {
        let path = try write("WEBVTT\n\nNOTE made by hand\n\nintro\n00:01.000 --> 00:02.000 align:start\n<v Ana>Hola.\n", "talk.es.txt")
        let run = try stage.run(["-p", "path=\(path)"], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(segments(run) == [Segment(id: 1, start: 1, end: 2, text: "Hola.", language: "es")])
    }

    @Test func forwardsStreamInfoBeforeItsSegments() throws {
        let path = try write("1\n00:00:01,000 --> 00:00:02,000\nOne.\n", "one.srt")
        let info = StreamInfo(sourcePath: "/videos/talk.mp4", formatName: "mov,mp4", duration: 10, streams: [], selectedAudioStream: 1)
        let run = try stage.run(["-p", "path=\(path)"], input: [.streamInfo(info)], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        let kinds = run.messages.map(\.kind).filter { $0 != .progress }
        #expect(kinds == [.hello, .streamInfo, .segment, .endOfStream])
        #expect(segments(run).first?.language == "")
    }

    @Test func rejectsBadSubtitlesNamingTheLine() throws {
        let path = try write("1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:03,000 --> 00:00:0x,000\nTwo.\n", "bad.srt")
        let run = try stage.run(["-p", "path=\(path)"], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 1)
        let failure = try #require(run.failure)
        #expect(failure.code == "bad_subtitles")
        #expect(failure.message.contains("bad.srt:6:"), "\(failure.message)")
        #expect(failure.message.contains("00:00:0x,000"), "\(failure.message)")
        #expect(segments(run).isEmpty)
    }

    @Test func rejectsAFileWithoutCues() throws {
        let path = try write("WEBVTT\n\nNOTE nothing here\n", "empty.vtt")
        let run = try stage.run(["-p", "path=\(path)"], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 1)
        #expect(run.failure?.code == "bad_subtitles")
    }

    @Test func reportsAMissingFile() throws {
        let run = try stage.run(["-p", "path=\(directory.path)/nowhere.srt"], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 1)
        #expect(run.failure?.code == "file_not_found")
        #expect(run.failure?.message.contains("nowhere.srt") == true)
    }

    @Test func rejectsABadLanguage() throws {
        let path = try write("1\n00:00:01,000 --> 00:00:02,000\nOne.\n", "one.srt")
        let run = try stage.run(["-p", "path=\(path)", "-p", "language=english"], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 1)
        #expect(run.failure?.code == "bad_parameter")
    }
}
