import Foundation
import StageKit
import StageProtocol
import Testing

@Suite struct MessageJSONTests {
    /// One message of every kind (log metadata in key order, as the JSON object keeps it), and one
    /// of a kind this version does not know.
    static let messages: [Message] = [
        .hello(Hello(stage: "decoder", consumes: [.audioChunk], produces: [.streamInfo, .audioChunk], protocolMajor: 1, protocolMinor: 3)),
        .streamInfo(StreamInfo(
            sourcePath: "/videos/talk.mp4", formatName: "mov,mp4", duration: 62.5,
            streams: [MediaStream(index: 0, type: "video", codec: "h264", width: 1280, height: 720),
                      MediaStream(index: 1, type: "audio", codec: "aac", language: "spa", title: "Español", sampleRate: 48000, channels: 2)],
            selectedAudioStream: 1)),
        .audioChunk(AudioChunk(startSample: 16000, sampleRate: 16000, samples: [0, 0.5, -0.5, 1, .leastNormalMagnitude])),
        .segment(Segment(id: 7, start: 1.25, end: 3.5, text: "Hola, \"¿qué tal?\"\n", language: "es",
                         words: [Word(start: 1.25, end: 1.75, text: "Hola,", probability: 0.875)])),
        .translatedSegment(Segment(id: 107, sourceID: 7, start: 1.25, end: 3.5, text: "Hi / hello", language: "en")),
        .fileReady(FileReady(role: "subtitles", path: "/out/talk.en.srt", language: "en", format: "srt")),
        .progress(Progress(fraction: 0.25, done: 15.5, total: 62, unit: "s", note: "detected language es")),
        .log(LogRecord(level: "warning", message: "cue shortened", metadata: [KeyValue("by", "0.2s"), KeyValue("cue", "3")])),
        .error(StageFailure(code: "no_audio_stream", message: "no audio", retryable: true)),
        .endOfStream,
        .checkpoint(Checkpoint(inputSequence: 42, mediaTime: 42.5)),
        .unknown(kind: MessageKind(rawValue: 200), payload: [0xDE, 0xAD, 0xBE, 0xEF]),
    ]

    @Test("every kind survives a trip through one line of JSON", arguments: messages)
    func roundTrip(message: Message) throws {
        let line = MessageJSON.line(for: message)
        #expect(!line.contains("\n"))
        #expect(try MessageJSON.message(from: line) == message)
    }

    @Test func linesAreStable() {
        #expect(MessageJSON.line(for: .endOfStream) == #"{"kind":"end_of_stream"}"#)
        #expect(MessageJSON.line(for: .checkpoint(Checkpoint(inputSequence: 3, mediaTime: 1.5)))
            == #"{"input_sequence":3,"kind":"checkpoint","media_time":1.5}"#)
        #expect(MessageJSON.line(for: Self.messages[11]) == #"{"kind":200,"payload_base64":"3q2+7w=="}"#)
    }

    @Test("a kind code with its payload decodes as that kind")
    func numericKnownKind() throws {
        let payload = Data([42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F]).base64EncodedString()
        #expect(try MessageJSON.message(from: #"{"kind":11,"payload_base64":"\#(payload)"}"#)
            == .checkpoint(Checkpoint(inputSequence: 42, mediaTime: 1.5)))
    }

    @Test("optional fields take their defaults")
    func defaults() throws {
        #expect(try MessageJSON.message(from: #"{"kind":"segment","id":1,"start":0,"end":1,"text":"x"}"#)
            == .segment(Segment(id: 1, start: 0, end: 1, text: "x", language: "")))
        #expect(try MessageJSON.message(from: #"{"kind":"audio_chunk","start_sample":0,"samples_base64":""}"#)
            == .audioChunk(AudioChunk(startSample: 0, sampleRate: 16000, sampleBytes: [])))
    }

    @Test("bad lines say which field is wrong", arguments: [
        ("[1, 2]", "not a JSON object"),
        ("{\"kind\": \"segmnet\"}", "line has no known \"kind\" (one of hello, stream_info"),
        ("{\"text\": \"x\"}", "line has no known \"kind\""),
        ("{\"kind\": \"segment\", \"id\": 1, \"start\": 0, \"end\": 1}", "field \"text\" should be a string"),
        ("{\"kind\": \"segment\", \"id\": -1, \"start\": 0, \"end\": 1, \"text\": \"\"}", "field \"id\" should be a non-negative whole number"),
        ("{\"kind\": \"segment\", \"id\": 1, \"start\": \"0\", \"end\": 1, \"text\": \"\"}", "field \"start\" should be a number"),
        ("{\"kind\": \"audio_chunk\", \"start_sample\": 0, \"samples_base64\": \"***\"}", "samples_base64 is not base64"),
        ("{\"kind\": \"hello\", \"stage\": \"x\", \"protocol\": \"one\"}", "field \"protocol\" should be MAJOR.MINOR"),
        ("{\"kind\": 300, \"payload_base64\": \"\"}", "kind code from 0 to 255"),
        ("{\"kind\": 11, \"payload_base64\": \"AQI=\"}", "checkpoint payload: needs 8 more bytes"),
    ])
    func badLines(line: String, words: String) {
        let error = #expect(throws: StageFailure.self) { try MessageJSON.message(from: line) }
        #expect(error?.code == "bad_input")
        #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
    }
}
