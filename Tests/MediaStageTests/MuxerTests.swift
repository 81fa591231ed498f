import Foundation
import StageProtocol
import StageTesting
import Testing

@Suite("muxer stage")
struct MuxerTests {
    let fixtures: Fixtures
    let outputDirectory: URL

    init() throws {
        fixtures = try Fixtures.shared.get()
        outputDirectory = fixtures.directory.appendingPathComponent("out-\(UUID().uuidString)")
    }

    private var subtitleFiles: [Message] {
        [
            .fileReady(FileReady(role: "subtitles", path: fixtures.englishSRT, language: "en", format: "srt")),
            .fileReady(FileReady(role: "subtitles", path: fixtures.spanishVTT, language: "es", format: "vtt")),
        ]
    }

    @Test("copies audio and video packets unchanged and adds tagged subtitle tracks", arguments: [
        ("mp4", "mp4", "mov_text"), ("mkv", "mp4", "subrip"), ("mov", "mp4", "mov_text"), ("webm", "webm", "webvtt"),
    ])
    func muxes(format: String, source: String, codec: String) throws {
        let input = fixtures.clip(source)
        let run = try BuiltStage("vtrans-muxer").run(
            parameters: ["input": input, "output_dir": outputDirectory.path, "formats": format], input: subtitleFiles)
        #expect(run.status == 0, "\(run.standardError)")
        let video = try #require(run.files.first { $0.role == "video" })
        #expect(video.format == format && video.path.hasSuffix("/clip.\(format)"))
        #expect(run.files.filter { $0.role == "subtitles" }.count == 2, "subtitle files are passed on")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outputDirectory.path) == ["clip.\(format)"], "no temporary file is left")

        for stream in ["v:0", "a:0"] {
            let original = try Probe.packetHashes(input, stream: stream)
            #expect(!original.isEmpty)
            #expect(try Probe.packetHashes(video.path, stream: stream) == original, "packets of \(stream) changed")
        }
        let subtitles = try Probe.streams(video.path, type: "s")
        #expect(subtitles.map(\.codec) == [codec, codec])
        #expect(subtitles.map(\.language) == ["eng", "spa"])
        #expect(subtitles.map(\.title) == ["English", "Español"])

        let expected = [Probe.parseSRT(Fixtures.englishCues), Probe.parseSRT(Fixtures.spanishCues)]
        for (index, cues) in expected.enumerated() {
            let muxed = try Probe.cues(video.path, subtitleStream: index)
            #expect(muxed.map(\.text) == cues.map(\.text))
            #expect(muxed.count == cues.count)
            // A container may shift every stream alike (Matroska moves AAC priming to 0): 50 ms slack.
            for (a, b) in zip(muxed, cues) { #expect(abs(a.start - b.start) < 0.05 && abs(a.end - b.end) < 0.05, "\(a) vs \(b)") }
        }

        let order = try Probe.packetOrder(video.path)
        let firstTenth = Set(order.prefix(order.count / 10))
        #expect(firstTenth.isSuperset(of: [0, 1]), "audio and video are interleaved")
        let firstCue = try #require(order.firstIndex(of: 2))
        #expect(firstCue < order.count / 2, "the first cue sits near its time, not at the end")
    }

    @Test("language tags take each container's ISO 639-2 form", arguments: [("mp4", ["deu", "por"]), ("mkv", ["ger", "por"])])
    func languageTags(format: String, codes: [String]) throws {
        let files = [("de", "srt"), ("pt-BR", "srt"), ("", "srt")].map { language, type in
            Message.fileReady(FileReady(role: "subtitles", path: fixtures.englishSRT, language: language, format: type))
        }
        let run = try BuiltStage("vtrans-muxer").run(parameters: ["input": fixtures.clip("mp4"), "output_dir": outputDirectory.path, "formats": format], input: files)
        #expect(run.status == 0, "\(run.standardError)")
        let streams = try Probe.streams(outputDirectory.appendingPathComponent("clip.\(format)").path, type: "s")
        #expect(streams.prefix(2).map(\.language) == codes)
        #expect(streams.map(\.title) == ["Deutsch", "Português", "Subtitles"])
    }

    @Test("takes the input from stream_info and keeps its container and name by default")
    func defaultsFromStreamInfo() throws {
        let info = StreamInfo(sourcePath: fixtures.clip("mkv"), formatName: "matroska,webm", duration: 5, streams: [], selectedAudioStream: 1)
        let run = try BuiltStage("vtrans-muxer").run(parameters: ["output_dir": outputDirectory.path], input: [.streamInfo(info)] + subtitleFiles)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.files.last == FileReady(role: "video", path: outputDirectory.appendingPathComponent("clip.mkv").path, language: "", format: "mkv"))
        #expect(run.streamInfo == info)
    }

    @Test("several formats at once, named by the name parameter")
    func severalFormats() throws {
        let run = try BuiltStage("vtrans-muxer").run(
            parameters: ["input": fixtures.clip("mp4"), "output_dir": outputDirectory.path, "formats": "mp4,mkv", "name": "talk.es", "faststart": "true"],
            input: subtitleFiles)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.files.filter { $0.role == "video" }.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["talk.es.mp4", "talk.es.mkv"])
    }

    @Test("a video codec the container cannot hold fails before writing anything")
    func unsupportedContainer() throws {
        let run = try BuiltStage("vtrans-muxer").run(
            parameters: ["input": fixtures.clip("mp4"), "output_dir": outputDirectory.path, "formats": "mkv,webm"], input: subtitleFiles)
        #expect(run.status == 1)
        #expect(run.failure?.code == "unsupported_container")
        #expect(run.failure?.message.contains("h264") == true)
        #expect(!FileManager.default.fileExists(atPath: outputDirectory.appendingPathComponent("clip.mkv").path))
    }

    @Test("clear errors for a missing input, missing subtitles, an output over the input and an unknown format")
    func errors() throws {
        let noInput = try BuiltStage("vtrans-muxer").run(parameters: ["output_dir": outputDirectory.path], input: subtitleFiles)
        #expect(noInput.failure?.code == "bad_parameter" && noInput.status == 1)

        let missing = fixtures.directory.appendingPathComponent("missing.srt").path
        let missingSubtitles = try BuiltStage("vtrans-muxer").run(
            parameters: ["input": fixtures.clip("mp4"), "output_dir": outputDirectory.path],
            input: [.fileReady(FileReady(role: "subtitles", path: missing, language: "en", format: "srt"))])
        #expect(missingSubtitles.failure?.code == "file_not_found" && missingSubtitles.failure?.message.contains(missing) == true)

        let overInput = try BuiltStage("vtrans-muxer").run(parameters: ["input": fixtures.clip("mp4"), "output_dir": fixtures.directory.path], input: subtitleFiles)
        #expect(overInput.failure?.code == "bad_parameter" && overInput.failure?.message.contains("replace the input") == true)

        let badFormat = try BuiltStage("vtrans-muxer").run(parameters: ["input": fixtures.clip("mp4"), "output_dir": outputDirectory.path, "formats": "avi"])
        #expect(badFormat.failure?.code == "bad_parameter")
    }
}
