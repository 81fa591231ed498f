/// The first message on every stream: who is speaking and what it exchanges.
public struct Hello: Hashable, Sendable {
    public var protocolMajor: UInt8
    public var protocolMinor: UInt8
    /// The stage's name, as in its manifest.
    public var stage: String
    /// Kinds the stage reads.
    public var consumes: [MessageKind]
    /// Kinds the stage writes.
    public var produces: [MessageKind]

    public init(
        stage: String, consumes: [MessageKind], produces: [MessageKind],
        protocolMajor: UInt8 = WireFormat.majorVersion, protocolMinor: UInt8 = WireFormat.minorVersion
    ) {
        self.protocolMajor = protocolMajor
        self.protocolMinor = protocolMinor
        self.stage = stage
        self.consumes = consumes
        self.produces = produces
    }
}

/// One stream of the input container.
public struct MediaStream: Hashable, Sendable, Codable {
    /// Index in the container.
    public var index: UInt32
    /// `audio`, `video`, `subtitle`, `data` or `attachment`.
    public var type: String
    /// Codec name as FFmpeg spells it (`h264`, `aac`, `mov_text`).
    public var codec: String
    /// ISO 639-2 language tag from the container, or empty.
    public var language: String
    /// Title tag, or empty.
    public var title: String
    /// Audio sample rate in Hz, 0 otherwise.
    public var sampleRate: UInt32
    /// Audio channel count, 0 otherwise.
    public var channels: UInt32
    /// Video width, 0 otherwise.
    public var width: UInt32
    /// Video height, 0 otherwise.
    public var height: UInt32

    public init(
        index: UInt32, type: String, codec: String, language: String = "", title: String = "",
        sampleRate: UInt32 = 0, channels: UInt32 = 0, width: UInt32 = 0, height: UInt32 = 0
    ) {
        self.index = index
        self.type = type
        self.codec = codec
        self.language = language
        self.title = title
        self.sampleRate = sampleRate
        self.channels = channels
        self.width = width
        self.height = height
    }
}

/// Facts about the input media, sent before its audio.
public struct StreamInfo: Hashable, Sendable {
    /// Path of the input file.
    public var sourcePath: String
    /// Container format name(s) as FFmpeg reports them (`mov,mp4,m4a,3gp,3g2,mj2`).
    public var formatName: String
    /// Duration in seconds, or a negative value when unknown.
    public var duration: Double
    /// Every stream of the container.
    public var streams: [MediaStream]
    /// Index of the audio stream being decoded, or -1.
    public var selectedAudioStream: Int32

    public init(sourcePath: String, formatName: String, duration: Double, streams: [MediaStream], selectedAudioStream: Int32) {
        self.sourcePath = sourcePath
        self.formatName = formatName
        self.duration = duration
        self.streams = streams
        self.selectedAudioStream = selectedAudioStream
    }
}

/// PCM float32 audio. The samples travel as raw little-endian bytes and are exposed without
/// another copy: a decoded chunk's samples are a slice of the frame's payload.
public struct AudioChunk: Hashable, Sendable {
    /// Index of the first sample from the start of the audio, at ``sampleRate``.
    public var startSample: UInt64
    /// Samples per second (16000 in vtrans pipelines).
    public var sampleRate: UInt32
    /// Interleaved channel count (1 in vtrans pipelines).
    public var channels: UInt16
    /// The samples as little-endian float32 bytes.
    public private(set) var sampleBytes: ArraySlice<UInt8>

    /// Wraps samples already laid out as little-endian float32 bytes (no copy).
    public init(startSample: UInt64, sampleRate: UInt32, channels: UInt16 = 1, sampleBytes: [UInt8]) {
        self.init(startSample: startSample, sampleRate: sampleRate, channels: channels, sampleBytes: sampleBytes[...])
    }

    /// Wraps part of a buffer holding little-endian float32 samples (no copy).
    public init(startSample: UInt64, sampleRate: UInt32, channels: UInt16 = 1, sampleBytes: ArraySlice<UInt8>) {
        self.startSample = startSample
        self.sampleRate = sampleRate
        self.channels = channels
        self.sampleBytes = sampleBytes
    }

    /// Copies `samples` into a chunk.
    public init(startSample: UInt64, sampleRate: UInt32, channels: UInt16 = 1, samples: [Float]) {
        let bytes = samples.withUnsafeBytes { [UInt8]($0) }
        self.init(startSample: startSample, sampleRate: sampleRate, channels: channels, sampleBytes: bytes)
    }

    /// Number of sample frames (samples per channel).
    public var frameCount: Int { sampleBytes.count / 4 / max(1, Int(channels)) }
    /// Start time in seconds.
    public var startTime: Double { Double(startSample) / Double(sampleRate) }
    /// Duration in seconds.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// Calls `body` with the samples in place (no copy on little-endian hosts when the bytes are
    /// 4-byte aligned, as decoded payloads are; otherwise through an aligned copy).
    public func withSamples<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try sampleBytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 {
                return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: Float.self), count: raw.count / 4))
            }
            let aligned = [Float](unsafeUninitializedCapacity: raw.count / 4) { floats, count in
                UnsafeMutableRawBufferPointer(floats).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count / 4 * 4)]))
                count = raw.count / 4
            }
            return try aligned.withUnsafeBufferPointer(body)
        }
    }

    /// The samples as an array (one copy).
    public var samples: [Float] { withSamples { Array($0) } }
}

/// A timed word inside a segment.
public struct Word: Hashable, Sendable, Codable {
    public var start: Double
    public var end: Double
    public var text: String
    /// Recogniser confidence in 0…1.
    public var probability: Float

    public init(start: Double, end: Double, text: String, probability: Float = 1) {
        self.start = start
        self.end = end
        self.text = text
        self.probability = probability
    }
}

/// A piece of transcript: recognised speech, an imported cue or a translation of one.
public struct Segment: Hashable, Sendable, Codable {
    /// Identifier, unique within the job.
    public var id: UInt64
    /// For a translated segment, the id of the segment it translates; 0 otherwise.
    public var sourceID: UInt64
    /// Start time in seconds.
    public var start: Double
    /// End time in seconds.
    public var end: Double
    /// The text.
    public var text: String
    /// ISO 639-1 language code (`en`), or empty when unknown.
    public var language: String
    /// Word timings, when the recogniser gave them.
    public var words: [Word]

    public init(id: UInt64, sourceID: UInt64 = 0, start: Double, end: Double, text: String, language: String, words: [Word] = []) {
        self.id = id
        self.sourceID = sourceID
        self.start = start
        self.end = end
        self.text = text
        self.language = language
        self.words = words
    }
}

/// A file a stage has finished writing under its final name.
public struct FileReady: Hashable, Sendable, Codable {
    /// What the file is: `subtitles`, `video`, `transcript`.
    public var role: String
    /// Absolute or job-relative path.
    public var path: String
    /// Language of the content, when it has one.
    public var language: String
    /// Format: `srt`, `vtt`, `mp4`, `mkv`, …
    public var format: String

    public init(role: String, path: String, language: String = "", format: String) {
        self.role = role
        self.path = path
        self.language = language
        self.format = format
    }
}

/// How far a stage has come.
public struct Progress: Hashable, Sendable {
    /// Fraction done in 0…1, or negative when unknown.
    public var fraction: Double
    /// Units done (for example seconds of audio).
    public var done: Double
    /// Units in all, or 0 when unknown.
    public var total: Double
    /// The unit of `done` and `total` (`s`, `segments`, `bytes`).
    public var unit: String
    /// A short free-form note (`detected language es (p=0.97)`).
    public var note: String

    public init(fraction: Double, done: Double = 0, total: Double = 0, unit: String = "", note: String = "") {
        self.fraction = fraction
        self.done = done
        self.total = total
        self.unit = unit
        self.note = note
    }
}

/// A log record carried as a message.
public struct LogRecord: Hashable, Sendable {
    public var level: String
    public var message: String
    /// Key/value metadata, in order.
    public var metadata: [KeyValue]

    public init(level: String, message: String, metadata: [KeyValue] = []) {
        self.level = level
        self.message = message
        self.metadata = metadata
    }
}

/// A key/value string pair.
public struct KeyValue: Hashable, Sendable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A failure a stage reports across the pipe before exiting non-zero.
public struct StageFailure: Hashable, Sendable, Error {
    /// Stable snake_case code (`no_audio_stream`, `unsupported_codec`, `bad_parameter`).
    public var code: String
    /// What went wrong and what to do about it.
    public var message: String
    /// Whether running the same work again may succeed.
    public var retryable: Bool

    public init(code: String, message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }
}

/// "Every input frame up to `inputSequence` is processed and its output sent."
public struct Checkpoint: Hashable, Sendable {
    /// Sequence number of the last input frame whose effects are all in the output.
    public var inputSequence: UInt64
    /// Media time reached, in seconds (for progress and logs).
    public var mediaTime: Double

    public init(inputSequence: UInt64, mediaTime: Double) {
        self.inputSequence = inputSequence
        self.mediaTime = mediaTime
    }
}
