import Foundation
import StageProtocol
import StageTesting
import Subtitles
import Testing

/// The built `vtrans-subtitles` executable, run standalone.
@Suite final class SubtitlesStageTests {
    let stage: BuiltStage
    let directory: URL

    init() throws {
        stage = try BuiltStage("vtrans-subtitles")
        directory = try BuiltStage.temporaryDirectory()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    private static let english = [
        Segment(id: 1, start: 0.5, end: 2, text: "Hello and welcome.", language: "en"),
        Segment(id: 2, start: 2.5, end: 12, text: "Today we talk about subtitles, which must be short enough to read, never overlap, and stay on screen long enough.", language: "en"),
        Segment(id: 3, start: 12.2, end: 12.4, text: "Right?", language: "en"),
    ]

    private static let spanish = english.enumerated().map { index, segment in
        Segment(id: 100 + segment.id, sourceID: segment.id, start: segment.start, end: segment.end,
                text: ["Hola y bienvenidos.", "Hoy hablamos de subtítulos, que deben ser lo bastante cortos para leerse, no solaparse nunca y quedarse en pantalla lo suficiente.", "¿Verdad?"][index],
                language: "es")
    }

    private static let info = StreamInfo(sourcePath: "/videos/talk.mp4", formatName: "mov,mp4", duration: 20, streams: [], selectedAudioStream: 1)

    private func filesReady(_ run: StageRun) -> [FileReady] {
        run.messages.compactMap { if case .fileReady(let file) = $0 { file } else { nil } }
    }

    @Test func describesItselfAsItsPluginYAMLDoes() throws {
        #expect(try stage.describe() == BuiltStage.pluginManifest("subtitles"))
    }

    @Test func writesEveryLanguageInEveryFormat() throws {
        let output = directory.appendingPathComponent("out")
        let input: [Message] = [.streamInfo(Self.info)] + Self.english.map { .segment($0) } + Self.spanish.map { .translatedSegment($0) }
        let run = try stage.run(["-p", "output_dir=\(output.path)"], input: input, format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 0, "\(run.standardError)")

        let expected = [("en", "srt"), ("en", "vtt"), ("es", "srt"), ("es", "vtt")].map { language, format in
            FileReady(role: "subtitles", path: output.appendingPathComponent("talk.\(language).\(format)").path, language: language, format: format)
        }
        #expect(filesReady(run) == expected)
        #expect(run.messages.contains(.streamInfo(Self.info)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == ["talk.en.srt", "talk.en.vtt", "talk.es.srt", "talk.es.vtt"])

        for (file, segments) in [(expected[0], Self.english), (expected[3], Self.spanish)] {
            let text = try String(contentsOfFile: file.path, encoding: .utf8)
            let format = try #require(SubtitleFormat(fileExtension: file.format))
            let cues = try format.parse(text)
            assertInvariants(cues, rules: CueRules())
            #expect(cues.map(\.text).joined(separator: " ") == segments.map(\.text).joined(separator: " "))
        }
        let srt = try String(contentsOfFile: expected[0].path, encoding: .utf8)
        #expect(srt.hasPrefix("1\n00:00:00,500 --> 00:00:02,000\nHello and welcome.\n\n2\n00:00:02,500 --> "))
        #expect(try String(contentsOfFile: expected[1].path, encoding: .utf8).hasPrefix("WEBVTT\n\n00:00:00.500 --> 00:00:02.000\n"))
    }

    @Test func honoursItsParameters() throws {
        let run = try stage.run(
            ["-p", "output_dir=\(directory.path)", "-p", "name=lecture", "-p", "formats=srt", "-p", "max_line_length=20", "-p", "max_lines=1"],
            input: Self.english.map { .segment($0) }, format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        let files = filesReady(run)
        #expect(files.map(\.path) == [directory.appendingPathComponent("lecture.en.srt").path])
        let cues = try SubtitleFormat.srt.parse(String(contentsOfFile: files[0].path, encoding: .utf8))
        assertInvariants(cues, rules: CueRules(maxLineLength: 20, maxLines: 1))
    }

    @Test func namesFilesSubtitlesAndUndWithoutStreamInfoOrLanguage() throws {
        let run = try stage.run(["-p", "output_dir=\(directory.path)", "-p", "formats=vtt"],
                                input: [.segment(Segment(id: 1, start: 0, end: 2, text: "Who knows.", language: ""))], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(filesReady(run) == [FileReady(role: "subtitles", path: directory.appendingPathComponent("subtitles.und.vtt").path, language: "", format: "vtt")])
    }

    @Test func writesNothingWithoutSegments() throws {
        let output = directory.appendingPathComponent("never")
        let run = try stage.run(["-p", "output_dir=\(output.path)"], input: [.streamInfo(Self.info)], format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(filesReady(run).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test(arguments: [
        ["-p", "formats=srt,ass"], ["-p", "max_lines=0"], ["-p", "max_chars_per_second=-1"],
        ["-p", "min_duration=3", "-p", "max_duration=2"], ["-p", "name=a/b"], ["-p", "max_line_length=many"],
    ])
    func rejectsBadParameters(_ arguments: [String]) throws {
        let run = try stage.run(["-p", "output_dir=\(directory.path)"] + arguments, input: Self.english.map { .segment($0) }, format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 1)
        #expect(run.failure?.code == "bad_parameter")
        #expect(filesReady(run).isEmpty)
    }

    @Test func readsWhatTheImportStageWrote() throws {
        let importer = try BuiltStage("vtrans-import")
        let source = directory.appendingPathComponent("talk.fr.srt")
        try Data("1\n00:00:01,000 --> 00:00:09,000\nUne très longue réplique qui ne tient pas sur deux lignes de quarante-deux caractères, loin de là.\n".utf8).write(to: source)
        let imported = try importer.run(["-p", "path=\(source.path)"], format: .jsonLines, workingDirectory: directory)
        #expect(imported.status == 0, "\(imported.standardError)")
        let run = try stage.run(["-p", "output_dir=\(directory.path)", "-p", "formats=srt"], input: imported.messages, format: .jsonLines, workingDirectory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        let cues = try SubtitleFormat.srt.parse(String(contentsOfFile: directory.appendingPathComponent("subtitles.fr.srt").path, encoding: .utf8))
        #expect(cues.count == 2)
        assertInvariants(cues, rules: CueRules())
    }
}
