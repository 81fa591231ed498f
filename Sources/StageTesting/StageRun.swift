import StageProtocol

/// What one run of a stage left behind: its exit, its log and the messages it wrote.
public struct StageRun: Sendable {
    /// Exit status (0 done, 1 failed, 2 protocol error on input, 64 bad command line), or the
    /// signal number when ``signal`` is set.
    public var status: Int32
    /// The signal that killed the stage, if one did.
    public var signal: Int32?
    /// Everything the stage wrote to stderr (its structured log lines).
    public var standardError: String
    /// Every message the stage wrote, in order, its own hello first.
    public var messages: [Message]

    init(outcome: ProcessOutcome, messages: [Message]) {
        status = outcome.status
        signal = outcome.signal
        standardError = outcome.standardError
        self.messages = messages
    }

    /// The first `error` message, if any.
    public var failure: StageFailure? { messages.lazy.compactMap { if case .error(let f) = $0 { f } else { nil } }.first }

    /// The first stream description, if any.
    public var streamInfo: StreamInfo? { messages.lazy.compactMap { if case .streamInfo(let s) = $0 { s } else { nil } }.first }

    /// Every audio chunk, in order.
    public var chunks: [AudioChunk] { messages.compactMap { if case .audioChunk(let c) = $0 { c } else { nil } } }

    /// All audio samples, concatenated.
    public var samples: [Float] { chunks.flatMap(\.samples) }

    /// Every transcript segment, in order.
    public var segments: [Segment] { messages.compactMap { if case .segment(let s) = $0 { s } else { nil } } }

    /// Every translated segment, in order.
    public var translatedSegments: [Segment] { messages.compactMap { if case .translatedSegment(let s) = $0 { s } else { nil } } }

    /// Every file-ready message, in order.
    public var files: [FileReady] { messages.compactMap { if case .fileReady(let f) = $0 { f } else { nil } } }

    /// Every progress message, in order.
    public var progress: [Progress] { messages.compactMap { if case .progress(let p) = $0 { p } else { nil } } }
}
