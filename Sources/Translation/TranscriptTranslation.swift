/// The result of translating a run of segments.
public struct TranscriptTranslation: Hashable, Sendable {
    /// One translated segment per source segment, in the same order, with the same ids and times.
    public var segments: [TranslatedSegment]
    /// The route the text took (`en→es→pt`), for the job's metadata.
    public var route: TranslationRoute
    /// How many sentences the segments were joined into.
    public var sentenceCount: Int
    /// Words in the translation.
    public var wordCount: Int
    /// Words the backend could not translate, over every step of the route.
    public var unknownWordCount: Int
    /// Where the text and its timing did not line up, and what was done instead.
    public var warnings: [TranslationWarning]

    /// Creates a result.
    public init(
        segments: [TranslatedSegment],
        route: TranslationRoute,
        sentenceCount: Int,
        wordCount: Int,
        unknownWordCount: Int,
        warnings: [TranslationWarning]
    ) {
        self.segments = segments
        self.route = route
        self.sentenceCount = sentenceCount
        self.wordCount = wordCount
        self.unknownWordCount = unknownWordCount
        self.warnings = warnings
    }

    /// Unknown words as a share of the translation's words, from 0 to 1: a quality signal.
    public var unknownWordShare: Double {
        wordCount == 0 ? 0 : min(1, Double(unknownWordCount) / Double(wordCount))
    }
}
