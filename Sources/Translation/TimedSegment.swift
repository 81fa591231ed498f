/// A piece of transcript with its time: what a recognizer emits and the translator consumes.
public struct TimedSegment: Hashable, Sendable, Codable {
    /// The segment's id; its translation keeps it.
    public var id: UInt64
    /// Start, in seconds from the start of the media.
    public var start: Double
    /// End, in seconds from the start of the media.
    public var end: Double
    /// What was said.
    public var text: String
    /// The words of ``text`` with their times, when the recognizer gives them; empty otherwise.
    public var words: [TimedWord]

    /// Creates a segment.
    public init(id: UInt64, start: Double, end: Double, text: String, words: [TimedWord] = []) {
        self.id = id
        self.start = start
        self.end = end
        self.text = text
        self.words = words
    }
}
