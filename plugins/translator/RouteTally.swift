import Translation

/// What the translator has done along one route, for its progress notes and final log line.
struct RouteTally {
    /// The route (`en→es→pt`).
    let route: TranslationRoute
    /// Sentences translated.
    private(set) var sentences = 0
    /// Words in the translations.
    private(set) var words = 0
    /// Words the backend did not know, over every step of the route.
    private(set) var unknownWords = 0
    /// Segments whose text and timing did not line up, and similar notices.
    private(set) var warnings = 0

    /// An empty tally for `route`.
    init(route: TranslationRoute) {
        self.route = route
    }

    /// Adds one run's result.
    mutating func add(_ translation: TranscriptTranslation) {
        sentences += translation.sentenceCount
        words += translation.wordCount
        unknownWords += translation.unknownWordCount
        warnings += translation.warnings.count
    }

    /// Unknown words as a share of the translation's words, from 0 to 1.
    var unknownWordShare: Double {
        words == 0 ? 0 : min(1, Double(unknownWords) / Double(words))
    }

    /// `en→es: 12 sentences, 1.5% unknown words`, with the warnings when there were any.
    var summary: String {
        var text = "\(route): \(sentences) sentence\(sentences == 1 ? "" : "s"), "
        text += "\((unknownWordShare * 1000).rounded() / 10)% unknown words"
        if warnings > 0 { text += ", \(warnings) warning\(warnings == 1 ? "" : "s")" }
        return text
    }
}
