import Foundation
import StageProtocol
import StageTesting
import Testing

@Suite("decoder stage")
struct DecoderTests {
    let fixtures: Fixtures

    init() throws { fixtures = try Fixtures.shared.get() }

    @Test("decodes like ffmpeg -ac 1 -ar 16000 -f f32le", arguments: ["mp4", "mkv", "webm", "mov", "wav"])
    func decodesLikeFFmpeg(container: String) throws {
        let path = fixtures.clip(container)
        let run = try BuiltStage("vtrans-decoder").run(parameters: ["path": path])
        #expect(run.status == 0, "\(run.standardError)")

        guard case .hello = run.messages.first, case .streamInfo(let info) = run.messages.dropFirst().first else {
            Issue.record("expected hello then stream_info, got \(run.messages.prefix(2).map(\.kind))")
            return
        }
        #expect(info.sourcePath == path)
        #expect(info.duration > 5)
        let audio = try #require(info.streams.first { Int32($0.index) == info.selectedAudioStream })
        #expect(audio.type == "audio" && audio.sampleRate > 0 && audio.channels > 0)
        if container != "wav" { #expect(info.streams.contains { $0.type == "video" && $0.width == 320 && $0.height == 240 }) }

        let chunks = run.chunks
        var next: UInt64 = 0
        for chunk in chunks {
            #expect(chunk.startSample == next && chunk.sampleRate == 16000 && chunk.channels == 1)
            next += UInt64(chunk.frameCount)
        }
        #expect(chunks.dropLast().allSatisfy { $0.frameCount == 16000 })

        let ours = run.samples
        let reference = try Tool.ffmpegSamples(path)
        // The container's duration is its longest stream's; the video may outlast the audio a little.
        #expect(abs(Double(ours.count) / 16000 - info.duration) < 0.5)
        #expect(abs(ours.count - reference.count) <= 16, "ours \(ours.count) samples, ffmpeg \(reference.count)")
        let compared = min(ours.count, reference.count)
        var largest: Float = 0
        for i in 0..<compared { largest = max(largest, abs(ours[i] - reference[i])) }
        #expect(largest < 1e-3, "largest sample difference from ffmpeg: \(largest)")
        #expect(run.progress.last?.fraction == 1)
        #expect(run.messages.last == .endOfStream)
    }

    @Test("audio that starts after the picture is preceded by silence, so sample 0 is the video's time 0")
    func lateAudio() throws {
        let run = try BuiltStage("vtrans-decoder").run(parameters: ["path": fixtures.lateAudio])
        #expect(run.status == 0, "\(run.standardError)")
        let ours = run.samples
        let reference = try Tool.ffmpegSamples(fixtures.lateAudio)
        let gap = ours.count - reference.count
        #expect(gap > 14_000 && gap < 16_500, "\(gap) samples of leading silence")
        #expect(ours.prefix(max(0, gap)).allSatisfy { $0 == 0 })
    }

    @Test("chunk_seconds and sample_rate shape the chunks")
    func chunkShape() throws {
        let run = try BuiltStage("vtrans-decoder").run(parameters: ["path": fixtures.clip("mp4"), "chunk_seconds": "0.5", "sample_rate": "8000"])
        #expect(run.status == 0)
        #expect(run.chunks.dropLast().allSatisfy { $0.frameCount == 4000 && $0.sampleRate == 8000 })
        #expect(run.chunks.count > 10)
    }

    @Test("probe_only sends the description alone, even for a video without audio")
    func probeOnly() throws {
        let run = try BuiltStage("vtrans-decoder").run(parameters: ["path": fixtures.silentVideo, "probe_only": "true"])
        #expect(run.status == 0)
        let info = try #require(run.streamInfo)
        #expect(info.selectedAudioStream == -1 && info.streams.map(\.type) == ["video"])
        #expect(run.chunks.isEmpty)
    }

    @Test("bad input gives a clear error frame and exit status 1", arguments: [
        ("silentVideo", "no_audio_stream", "has no audio stream"),
        ("textNamedMP4", "not_media", "could not recognise"),
        ("truncatedMP4", "corrupt_input", "truncated"),
        ("missing", "file_not_found", "No such file"),
    ])
    func badInput(fixture: String, code: String, words: String) throws {
        let path = switch fixture {
        case "silentVideo": fixtures.silentVideo
        case "textNamedMP4": fixtures.textNamedMP4
        case "truncatedMP4": fixtures.truncatedMP4
        default: fixtures.directory.appendingPathComponent("missing.mp4").path
        }
        let run = try BuiltStage("vtrans-decoder").run(parameters: ["path": path], timeout: 30)
        #expect(run.status == 1)
        let failure = try #require(run.failure)
        #expect(failure.code == code)
        #expect(failure.message.contains(words), "\(failure.message)")
        #expect(run.chunks.isEmpty)
    }

    @Test("a truncated file with its index in front decodes what is there and says so")
    func truncatedWithIndex() throws {
        let run = try BuiltStage("vtrans-decoder").run(parameters: ["path": fixtures.truncatedFaststartMP4], timeout: 30)
        #expect(run.status == 0, "\(run.standardError)")
        let info = try #require(run.streamInfo)
        let decoded = Double(run.samples.count) / 16000
        #expect(decoded > 1 && decoded < info.duration - 1)
        #expect(run.progress.contains { $0.note.contains("truncated") })
        #expect(run.standardError.contains("level=warning"))

        let strict = try BuiltStage("vtrans-decoder").run(parameters: ["path": fixtures.truncatedFaststartMP4, "strict": "true"], timeout: 30)
        #expect(strict.status == 1 && strict.failure?.code == "corrupt_input")
    }

    @Test("a stream parameter that names no audio stream is a bad parameter")
    func wrongStream() throws {
        let video = try BuiltStage("vtrans-decoder").run(parameters: ["path": fixtures.clip("mp4"), "stream": "0"])
        #expect(video.failure?.code == "bad_parameter" && video.failure?.message.contains("video") == true)
        let missing = try BuiltStage("vtrans-decoder").run(parameters: ["path": fixtures.clip("mp4"), "stream": "9"])
        #expect(missing.failure?.code == "bad_parameter")
        let chosen = try BuiltStage("vtrans-decoder").run(parameters: ["path": fixtures.clip("mp4"), "stream": "1"])
        #expect(chosen.status == 0 && chosen.streamInfo?.selectedAudioStream == 1)
    }

    @Test("audio comes out while the file is still arriving (read through a FIFO, half of it written)")
    func streamsBeforeTheWholeFileIsRead() throws {
        let directory = try BuiltStage.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A minute of picture and tone in Matroska, which is read front to back.
        let media = directory.appendingPathComponent("minute.mkv").path
        try Tool.run([
            "ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i",
            "sine=frequency=440:sample_rate=48000", "-t", "60", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "1M",
            "-c:a", "libopus", media,
        ])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: media))
        let fifo = directory.appendingPathComponent("arriving.mkv").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let output = directory.appendingPathComponent("out.jsonl")
        let executable = try BuiltStage("vtrans-decoder").executable
        let run = DecoderRun()
        let thread = Thread {
            run.outcome = Result { try ProcessRunner.run(executable, arguments: ["--param", "path=\(fifo)", "--output", output.path], timeout: 120) }
            run.finished.signal()
        }
        thread.start()

        // The FIFO opens for writing once the decoder has opened it for reading.
        signal(SIGPIPE, SIG_IGN)
        let deadline = Date().addingTimeInterval(60)
        var exited = false
        var fd: Int32 = -1
        while fd < 0, Date() < deadline, !exited {
            fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if fd < 0 { exited = run.finished.wait(timeout: .now() + 0.05) == .success }
        }
        if fd >= 0 {
            _ = fcntl(fd, F_SETFL, 0)
            let writer = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try writer.write(contentsOf: bytes.prefix(bytes.count / 2))
            // Nothing more is written until the decoder has sent audio for the half it has.
            var early = 0
            while early == 0, Date() < deadline, !exited {
                exited = run.finished.wait(timeout: .now() + 0.05) == .success
                early = Self.audioChunkLines(in: output)
            }
            run.early = early
            if !exited { try writer.write(contentsOf: bytes.dropFirst(bytes.count / 2)) }
            try writer.close()
        }
        if !exited { run.finished.wait() }

        let outcome = try #require(try run.outcome?.get())
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let total = Self.audioChunkLines(in: output)
        let early = run.early
        #expect(early > 0, "no audio before the second half of the file was written")
        #expect(early < total / 2 + 5, "\(early) of \(total) one-second chunks before the second half arrived")
        #expect(total >= 59 && total <= 61, "\(total) chunks of one second for a minute of audio")
    }

    /// Complete `audio_chunk` lines in a JSON-lines file being written.
    private static func audioChunkLines(in file: URL) -> Int {
        guard let data = try? Data(contentsOf: file), let end = data.lastIndex(of: UInt8(ascii: "\n")) else { return 0 }
        return String(decoding: data[..<end], as: UTF8.self).split(separator: "\n").filter { $0.contains("\"audio_chunk\"") }.count
    }
}

/// The decoder process of ``DecoderTests/streamsBeforeTheWholeFileIsRead()``, run on a thread of its own.
private final class DecoderRun: @unchecked Sendable {
    var outcome: Result<ProcessOutcome, any Error>?
    /// One-second chunks written before the second half of the file was.
    var early = 0
    let finished = DispatchSemaphore(value: 0)
}
