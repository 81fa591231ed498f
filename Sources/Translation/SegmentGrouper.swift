/// Buffers a stream of segments and releases runs that end where a sentence ends, so each run
/// can go to ``TranscriptTranslator/translate(_:)`` on its own.
///
/// Whether a segment ends a sentence depends on the next one (its first word's case, the
/// silence before it), so a run is released when the segment after it arrives.
public struct SegmentGrouper: Sendable {
    /// Where sentences end; use the same rules as the translator.
    public let rules: SentenceRules
    /// A run is released at the next segment boundary once it holds this many segments, even
    /// mid-sentence, so memory and latency stay bounded.
    public let maximumSegments: Int
    private var buffer: [TimedSegment] = []

    /// Creates an empty grouper.
    public init(rules: SentenceRules = SentenceRules(), maximumSegments: Int = 64) {
        self.rules = rules
        self.maximumSegments = maximumSegments
    }

    /// Adds a segment; returns a run of earlier segments when they are complete sentences.
    public mutating func append(_ segment: TimedSegment) -> [TimedSegment]? {
        defer { buffer.append(segment) }
        guard !buffer.isEmpty else { return nil }
        let sentences = SentenceSplitter(rules: rules).sentences(of: buffer + [segment])
        let lastBuffered = buffer.count - 1
        let endsOnBoundary = sentences.contains { sentence in
            sentence.pieces.last.map { $0.segment == lastBuffered && $0.words.upperBound == SentenceSplitter.words(of: buffer[lastBuffered].text).count } ?? false
        }
        guard endsOnBoundary || buffer.count >= maximumSegments else { return nil }
        defer { buffer.removeAll() }
        return buffer
    }

    /// Returns whatever is buffered, at the end of the stream.
    public mutating func finish() -> [TimedSegment]? {
        defer { buffer.removeAll() }
        return buffer.isEmpty ? nil : buffer
    }
}
