/// A decoded message: the payload of one frame.
public enum Message: Hashable, Sendable {
    case hello(Hello)
    case streamInfo(StreamInfo)
    case audioChunk(AudioChunk)
    case segment(Segment)
    case translatedSegment(Segment)
    case fileReady(FileReady)
    case progress(Progress)
    case log(LogRecord)
    case error(StageFailure)
    case endOfStream
    case checkpoint(Checkpoint)
    /// A kind this reader does not know (a newer minor version); kept so it can be forwarded.
    case unknown(kind: MessageKind, payload: [UInt8])

    /// The kind written in the frame header.
    public var kind: MessageKind {
        switch self {
        case .hello: .hello
        case .streamInfo: .streamInfo
        case .audioChunk: .audioChunk
        case .segment: .segment
        case .translatedSegment: .translatedSegment
        case .fileReady: .fileReady
        case .progress: .progress
        case .log: .log
        case .error: .error
        case .endOfStream: .endOfStream
        case .checkpoint: .checkpoint
        case .unknown(let kind, _): kind
        }
    }

    /// Encodes the message body (everything after the frame header).
    public func encodePayload(into w: inout PayloadWriter) {
        switch self {
        case .hello(let m):
            w.write(m.protocolMajor)
            w.write(m.protocolMinor)
            w.write(m.stage)
            w.write(m.consumes) { $0.write($1.rawValue) }
            w.write(m.produces) { $0.write($1.rawValue) }
        case .streamInfo(let m):
            w.write(m.sourcePath)
            w.write(m.formatName)
            w.write(m.duration)
            w.write(m.selectedAudioStream)
            w.write(m.streams) { w, s in
                w.write(s.index)
                w.write(s.type)
                w.write(s.codec)
                w.write(s.language)
                w.write(s.title)
                w.write(s.sampleRate)
                w.write(s.channels)
                w.write(s.width)
                w.write(s.height)
            }
        case .audioChunk(let m):
            w.write(m.startSample)
            w.write(m.sampleRate)
            w.write(m.channels)
            w.write(UInt16(0))
            m.sampleBytes.withUnsafeBytes { w.writeRaw($0) }
        case .segment(let m), .translatedSegment(let m):
            w.write(m.id)
            w.write(m.sourceID)
            w.write(m.start)
            w.write(m.end)
            w.write(m.text)
            w.write(m.language)
            w.write(m.words) { w, word in
                w.write(word.start)
                w.write(word.end)
                w.write(word.probability)
                w.write(word.text)
            }
        case .fileReady(let m):
            w.write(m.role)
            w.write(m.path)
            w.write(m.language)
            w.write(m.format)
        case .progress(let m):
            w.write(m.fraction)
            w.write(m.done)
            w.write(m.total)
            w.write(m.unit)
            w.write(m.note)
        case .log(let m):
            w.write(m.level)
            w.write(m.message)
            w.write(m.metadata) { w, pair in
                w.write(pair.key)
                w.write(pair.value)
            }
        case .error(let m):
            w.write(m.code)
            w.write(m.message)
            w.write(m.retryable)
        case .endOfStream:
            break
        case .checkpoint(let m):
            w.write(m.inputSequence)
            w.write(m.mediaTime)
        case .unknown(_, let payload):
            payload.withUnsafeBytes { w.writeRaw($0) }
        }
    }

    /// Decodes the payload of a frame of the given kind. Trailing bytes after the known fields
    /// are ignored (a newer minor version may append fields).
    /// - Throws: ``ProtocolError`` `malformedPayload`.
    public init(kind: MessageKind, payload: [UInt8]) throws(ProtocolError) {
        var r = PayloadReader(payload, kind: kind)
        switch kind {
        case .hello:
            let major: UInt8 = try r.read()
            let minor: UInt8 = try r.read()
            let stage: String = try r.read()
            let consumes = try r.readArray(minimumElementSize: 1) { r throws(ProtocolError) in MessageKind(rawValue: try r.read()) }
            let produces = try r.readArray(minimumElementSize: 1) { r throws(ProtocolError) in MessageKind(rawValue: try r.read()) }
            self = .hello(Hello(stage: stage, consumes: consumes, produces: produces, protocolMajor: major, protocolMinor: minor))
        case .streamInfo:
            let path: String = try r.read()
            let format: String = try r.read()
            let duration: Double = try r.read()
            let selected: Int32 = try r.read()
            let streams = try r.readArray(minimumElementSize: 36) { r throws(ProtocolError) in
                MediaStream(
                    index: try r.read(), type: try r.read(), codec: try r.read(), language: try r.read(),
                    title: try r.read(), sampleRate: try r.read(), channels: try r.read(),
                    width: try r.read(), height: try r.read())
            }
            self = .streamInfo(StreamInfo(sourcePath: path, formatName: format, duration: duration, streams: streams, selectedAudioStream: selected))
        case .audioChunk:
            let start: UInt64 = try r.read()
            let rate: UInt32 = try r.read()
            let channels: UInt16 = try r.read()
            _ = try r.read(UInt16.self)
            guard rate > 0, channels > 0 else {
                throw ProtocolError(.malformedPayload, "audio_chunk payload: sample rate \(rate) and channel count \(channels) must be positive")
            }
            guard r.remaining % (4 * Int(channels)) == 0 else {
                throw ProtocolError(.malformedPayload, "audio_chunk payload: \(r.remaining) sample bytes is not a whole number of \(channels)-channel float32 frames")
            }
            self = .audioChunk(AudioChunk(startSample: start, sampleRate: rate, channels: channels, sampleBytes: r.readRest()))
        case .segment, .translatedSegment:
            let segment = Segment(
                id: try r.read(), sourceID: try r.read(), start: try r.read(), end: try r.read(),
                text: try r.read(), language: try r.read(),
                words: try r.readArray(minimumElementSize: 24) { r throws(ProtocolError) in
                    let start: Double = try r.read()
                    let end: Double = try r.read()
                    let probability: Float = try r.read()
                    return Word(start: start, end: end, text: try r.read(), probability: probability)
                })
            self = kind == .segment ? .segment(segment) : .translatedSegment(segment)
        case .fileReady:
            self = .fileReady(FileReady(role: try r.read(), path: try r.read(), language: try r.read(), format: try r.read()))
        case .progress:
            self = .progress(Progress(fraction: try r.read(), done: try r.read(), total: try r.read(), unit: try r.read(), note: try r.read()))
        case .log:
            self = .log(LogRecord(
                level: try r.read(), message: try r.read(),
                metadata: try r.readArray(minimumElementSize: 8) { r throws(ProtocolError) in KeyValue(try r.read(), try r.read()) }))
        case .error:
            self = .error(StageFailure(code: try r.read(), message: try r.read(), retryable: try r.read()))
        case .endOfStream:
            self = .endOfStream
        case .checkpoint:
            self = .checkpoint(Checkpoint(inputSequence: try r.read(), mediaTime: try r.read()))
        default:
            self = .unknown(kind: kind, payload: payload)
        }
    }
}
