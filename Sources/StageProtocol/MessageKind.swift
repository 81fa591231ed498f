/// The kind of message a frame carries (byte 6 of the header).
///
/// A struct rather than an enum so that a reader of an older minor version can hold, skip or
/// forward kinds it does not know.
public struct MessageKind: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// First frame on every stream: protocol version, stage name, consumed and produced kinds.
    public static let hello = MessageKind(rawValue: 1)
    /// Facts about the input media: duration, container, streams and their languages.
    public static let streamInfo = MessageKind(rawValue: 2)
    /// PCM float32 mono audio with the index of its first sample.
    public static let audioChunk = MessageKind(rawValue: 3)
    /// A recognised or imported transcript segment.
    public static let segment = MessageKind(rawValue: 4)
    /// A translated segment; keeps the id of its source segment.
    public static let translatedSegment = MessageKind(rawValue: 5)
    /// A file a stage has finished writing (subtitles, muxed video).
    public static let fileReady = MessageKind(rawValue: 6)
    /// Progress of the stage that sends it.
    public static let progress = MessageKind(rawValue: 7)
    /// A log record (stages normally log to stderr; this carries records across hosts).
    public static let log = MessageKind(rawValue: 8)
    /// A failure the stage reports before exiting non-zero.
    public static let error = MessageKind(rawValue: 9)
    /// No more messages follow on this stream.
    public static let endOfStream = MessageKind(rawValue: 10)
    /// Everything up to an input sequence number is processed and its output written.
    public static let checkpoint = MessageKind(rawValue: 11)

    /// Every kind this version of the protocol defines.
    public static let allKnown: [MessageKind] = [
        .hello, .streamInfo, .audioChunk, .segment, .translatedSegment, .fileReady,
        .progress, .log, .error, .endOfStream, .checkpoint,
    ]

    /// The kind's stable name, as used in manifests and YAML (`audio_chunk`), or `kind_N`.
    public var name: String {
        switch self {
        case .hello: "hello"
        case .streamInfo: "stream_info"
        case .audioChunk: "audio_chunk"
        case .segment: "segment"
        case .translatedSegment: "translated_segment"
        case .fileReady: "file_ready"
        case .progress: "progress"
        case .log: "log"
        case .error: "error"
        case .endOfStream: "end_of_stream"
        case .checkpoint: "checkpoint"
        default: "kind_\(rawValue)"
        }
    }

    /// Looks a kind up by its stable name.
    public init?(name: String) {
        guard let kind = Self.allKnown.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    /// Kinds that describe the work itself, as opposed to control traffic (hello, progress,
    /// log, error, end of stream, checkpoint) that the supervisor handles.
    public var isData: Bool {
        switch self {
        case .hello, .progress, .log, .error, .endOfStream, .checkpoint: false
        default: true
        }
    }

    /// Whether frames of this kind advance the sender's sequence number: data and end of stream do,
    /// control frames carry the number of the last data frame.
    public var isSequenced: Bool { isData || self == .endOfStream }

    public var description: String { name }
    public static func < (lhs: MessageKind, rhs: MessageKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
