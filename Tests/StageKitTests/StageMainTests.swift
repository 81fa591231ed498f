import Foundation
import StageKit
import StageProtocol
import StageTesting
import Testing

/// The stage skeleton as a stage executable runs it: the built `vtrans-passthrough`.
@Suite struct StageMainTests {
    let stage: BuiltStage

    init() throws { stage = try BuiltStage("vtrans-passthrough") }

    static let chunks = (0..<3).map { Message.audioChunk(AudioChunk(startSample: UInt64($0 * 4), sampleRate: 16000, samples: [0.5, -0.5, 0.25, $0 == 2 ? 1 : 0])) }

    @Test("passes audio through, forwards kinds it does not consume, says hello first and ends the stream")
    func passesThrough() throws {
        let info = StreamInfo(sourcePath: "x.wav", formatName: "wav", duration: 1, streams: [], selectedAudioStream: 0)
        let unknown = Message.unknown(kind: MessageKind(rawValue: 99), payload: [1, 2, 3])
        let input: [Message] = [.streamInfo(info)] + Self.chunks + [unknown]
        let run = try stage.run(input: [.hello(Hello(stage: "supervisor", consumes: [], produces: []))] + input)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.messages == [.hello(Hello(stage: "passthrough", consumes: [.audioChunk], produces: [.audioChunk]))] + input + [.endOfStream])
    }

    @Test("JSON lines in and out, as standalone mode runs it")
    func jsonLines() throws {
        let run = try stage.run(input: Self.chunks, format: .jsonLines)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.chunks == Self.chunks.compactMap { if case .audioChunk(let c) = $0 { c } else { nil } })
    }

    @Test("a frame whose length lies (more than follows) is a protocol error: exit 2, an error frame, a log line")
    func lyingLength() throws {
        var bytes = FrameBytes.encode(Array(Self.chunks.prefix(2)))
        let start = bytes.count
        bytes += FrameBytes.encode([Self.chunks[2]])
        bytes[start + 8] &+= 100
        let run = try stage.run(inputBytes: bytes)
        #expect(run.status == 2)
        #expect(run.chunks.count == 2, "what came before the bad frame went through")
        let failure = try #require(run.failure)
        #expect(failure.code == "protocol_error")
        #expect(failure.message.contains("truncated_frame"), "\(failure.message)")
        #expect(run.standardError.contains("truncated"), "\(run.standardError)")
        #expect(run.standardError.contains("level=error"))
        #expect(run.messages.last.map { if case .error = $0 { true } else { false } } == true, "the error is the last frame, no end of stream")
    }

    @Test("bad magic (not the stage protocol at all) is a protocol error naming it")
    func badMagic() throws {
        let run = try stage.run(inputBytes: Array("{\"kind\": \"audio_chunk\"}\n".utf8))
        #expect(run.status == 2)
        #expect(run.failure?.code == "protocol_error")
        #expect(run.failure?.message.contains("bad_magic") == true)
        #expect(run.standardError.contains("not speaking the vtrans stage protocol"), "\(run.standardError)")
    }

    @Test("a frame above --max-frame-bytes is refused from its header")
    func oversizeFrame() throws {
        let run = try stage.run(["--max-frame-bytes", "16"], inputBytes: FrameBytes.encode(Self.chunks))
        #expect(run.status == 2)
        #expect(run.failure?.message.contains("payload_too_large") == true)
        #expect(run.chunks.isEmpty)
    }

    @Test("a corrupted payload fails its checksum")
    func checksum() throws {
        var bytes = FrameBytes.encode(Self.chunks)
        bytes[bytes.count - 1] ^= 0x40
        let run = try stage.run(inputBytes: bytes)
        #expect(run.status == 2)
        #expect(run.failure?.message.contains("checksum_mismatch") == true)
    }

    @Test("a stage failure is an error frame and exit 1")
    func stageFailure() throws {
        let run = try stage.run(parameters: ["fail_after": "2"], input: Self.chunks)
        #expect(run.status == 1)
        #expect(run.failure == StageFailure(code: "injected_failure", message: "failing after 2 chunks as asked (fail_after)", retryable: true))
        #expect(run.chunks.count == 2)
    }

    @Test("bad command lines exit 64 before any frame", arguments: [["--bogus"], ["--param", "nope"], ["--log-level", "loud"]])
    func usage(arguments: [String]) throws {
        let run = try stage.run(arguments, inputBytes: [])
        #expect(run.status == 64)
        #expect(run.messages.isEmpty)
        #expect(run.standardError.contains("Run 'vtrans-passthrough --help' for usage."))
    }

    @Test("a bad parameter value is an error frame naming it")
    func badParameter() throws {
        let run = try stage.run(parameters: ["checkpoint_every": "often"], input: Self.chunks)
        #expect(run.status == 1)
        #expect(run.failure?.code == "bad_parameter")
        #expect(run.failure?.message.contains("checkpoint_every") == true)
    }

    @Test("--validate with good parameters prints nothing, reads no input and exits 0")
    func validateAccepts() throws {
        let outcome = try ProcessRunner.run(stage.executable, arguments: ["--validate", "-p", "fail_after=2"], standardInput: FrameBytes.encode(Self.chunks), timeout: 5)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("--validate with a bad parameter prints the failure as one JSON line and exits 1", arguments: [
        ["-p", "checkpoint_every=often"], ["-p", "no_such=1"],
    ])
    func validateRejects(arguments: [String]) throws {
        let outcome = try ProcessRunner.run(stage.executable, arguments: ["--validate"] + arguments, timeout: 5)
        #expect(outcome.status == 1)
        let lines = String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1)
        guard case .error(let failure) = try MessageJSON.message(from: String(lines.first ?? "")) else {
            Issue.record("not an error line: \(lines)")
            return
        }
        #expect(failure.code == "bad_parameter")
    }

    @Test("--describe prints the manifest quickly")
    func describe() throws {
        let manifest = try stage.describe()
        #expect(manifest.name == "passthrough" && manifest.consumes == ["audio_chunk"] && manifest.checkpoints)
        #expect(manifest.parameter(named: "fail_after")?.type == .integer)
    }
}
