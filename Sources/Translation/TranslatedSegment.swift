/// A segment's translation: the source segment's id and times with translated text.
public struct TranslatedSegment: Hashable, Sendable, Codable {
    /// The id of the source segment.
    public var id: UInt64
    /// Start, in seconds, as in the source segment.
    public var start: Double
    /// End, in seconds, as in the source segment.
    public var end: Double
    /// The share of the translated sentences that falls in this segment's time.
    public var text: String

    /// Creates a translated segment.
    public init(id: UInt64, start: Double, end: Double, text: String) {
        self.id = id
        self.start = start
        self.end = end
        self.text = text
    }
}
