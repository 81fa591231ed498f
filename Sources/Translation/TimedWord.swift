/// A recognised word with its time in the media, as a recognizer reports it.
public struct TimedWord: Hashable, Sendable, Codable {
    /// The word as written in the segment's text.
    public var text: String
    /// Start, in seconds from the start of the media.
    public var start: Double
    /// End, in seconds from the start of the media.
    public var end: Double

    /// Creates a word.
    public init(text: String, start: Double, end: Double) {
        self.text = text
        self.start = start
        self.end = end
    }
}
