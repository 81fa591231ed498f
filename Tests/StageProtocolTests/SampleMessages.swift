import StageProtocol

/// One or more messages of every kind, with edge values, for round trips and test vectors.
enum SampleMessages {
    static let hello = Message.hello(Hello(stage: "decoder", consumes: [], produces: [.streamInfo, .audioChunk]))

    static let streamInfo = Message.streamInfo(StreamInfo(
        sourcePath: "/videos/talk.mp4", formatName: "mov,mp4,m4a,3gp,3g2,mj2", duration: 62.5,
        streams: [
            MediaStream(index: 0, type: "video", codec: "h264", language: "und", width: 1280, height: 720),
            MediaStream(index: 1, type: "audio", codec: "aac", language: "spa", title: "Español", sampleRate: 48000, channels: 2),
        ],
        selectedAudioStream: 1))

    static let audioChunk = Message.audioChunk(AudioChunk(startSample: 16000, sampleRate: 16000, samples: [0, 0.5, -0.5, 1]))

    static let segment = Message.segment(Segment(
        id: 7, start: 1.25, end: 3.5, text: "Hola, ¿qué tal?", language: "es",
        words: [Word(start: 1.25, end: 1.75, text: "Hola,", probability: 0.875), Word(start: 2, end: 3.5, text: "¿qué tal?", probability: 0.5)]))

    static let translatedSegment = Message.translatedSegment(Segment(id: 107, sourceID: 7, start: 1.25, end: 3.5, text: "Hi, how are you?", language: "en"))

    static let fileReady = Message.fileReady(FileReady(role: "subtitles", path: "/out/talk.en.srt", language: "en", format: "srt"))

    static let progress = Message.progress(Progress(fraction: 0.25, done: 15.5, total: 62, unit: "s", note: "detected language es"))

    static let log = Message.log(LogRecord(level: "warning", message: "cue 3 shortened", metadata: [KeyValue("cue", "3"), KeyValue("by", "0.2s")]))

    static let error = Message.error(StageFailure(code: "no_audio_stream", message: "talk.mp4 has no audio stream", retryable: false))

    static let checkpoint = Message.checkpoint(Checkpoint(inputSequence: 42, mediaTime: 42.0))

    static let unknown = Message.unknown(kind: MessageKind(rawValue: 200), payload: [0xDE, 0xAD, 0xBE, 0xEF])

    /// One message of every kind this version defines, hello first and end of stream last.
    static let everyKind: [Message] = [
        hello, streamInfo, audioChunk, segment, translatedSegment, fileReady, progress, log, error, checkpoint, .endOfStream,
    ]

    /// Every kind plus edge values: empty strings and arrays, extremes, a kind from a newer minor version.
    static let all: [Message] = everyKind + [
        unknown,
        .unknown(kind: MessageKind(rawValue: 0), payload: []),
        .hello(Hello(stage: "", consumes: MessageKind.allKnown, produces: [MessageKind(rawValue: 255)], protocolMajor: 1, protocolMinor: 9)),
        .streamInfo(StreamInfo(sourcePath: "", formatName: "", duration: -1, streams: [], selectedAudioStream: -1)),
        .audioChunk(AudioChunk(startSample: .max, sampleRate: .max, channels: 2, sampleBytes: [])),
        .audioChunk(AudioChunk(startSample: 0, sampleRate: 8000, channels: 2, samples: [.infinity, -.infinity, .leastNonzeroMagnitude, -0.0])),
        .segment(Segment(id: .max, sourceID: .max, start: -0.0, end: .greatestFiniteMagnitude, text: "", language: "")),
        .segment(Segment(id: 1, start: 0, end: 1, text: "emoji 👩🏽‍💻 and NUL \u{0} inside", language: "und")),
        .fileReady(FileReady(role: "", path: "", format: "")),
        .progress(Progress(fraction: -1)),
        .log(LogRecord(level: "info", message: "", metadata: [])),
        .error(StageFailure(code: "downstream_closed", message: "gone", retryable: true)),
        .checkpoint(Checkpoint(inputSequence: .max, mediaTime: -0.5)),
    ]
}
