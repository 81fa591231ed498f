import Logging

/// Translates timed transcript segments as whole sentences and puts the translation back on
/// the segments' times.
///
/// Segments are joined into sentences (see ``SentenceRules``); glossary terms and names are
/// protected; each sentence goes through every step of the ``TranslationRoute``; the translated
/// words are then spread over the source segments in proportion to how much of the sentence
/// each segment held: the spoken time of its words when word timestamps line up with the text,
/// otherwise its length in characters. Every output segment keeps its source's id and times,
/// and has text whenever its source had some.
///
/// Mismatched text and timestamps never fail a job: the translator falls back to text length
/// and records a ``TranslationWarning``.
public struct TranscriptTranslator: Sendable {
    /// What to protect and how to cut sentences.
    public struct Options: Sendable {
        /// Where sentences end.
        public var sentenceRules: SentenceRules
        /// Terms to keep or to translate one fixed way.
        public var glossary: Glossary
        /// Whether capitalised words inside a sentence are kept as names (see ``ProperNames``).
        public var protectsNames: Bool

        /// Creates options.
        public init(sentenceRules: SentenceRules = SentenceRules(), glossary: Glossary = Glossary(), protectsNames: Bool = true) {
            self.sentenceRules = sentenceRules
            self.glossary = glossary
            self.protectsNames = protectsNames
        }
    }

    /// Text put in a segment that ended up with no word of the translation (more segments
    /// than translated words).
    public static let continuationMark = "…"

    /// The backend doing each step.
    public let backend: any TranslationBackend
    /// The route every sentence takes.
    public let route: TranslationRoute
    /// What to protect and how to cut sentences.
    public let options: Options
    private let logger: Logger

    /// Creates a translator for one route.
    /// - Parameters:
    ///   - backend: the engine for every step; it must offer each of `route.steps`.
    ///   - route: from ``LanguageRoutes/route(from:to:)``.
    ///   - options: sentence rules, glossary and name protection.
    ///   - logger: where warnings go, besides the result.
    public init(backend: any TranslationBackend, route: TranslationRoute, options: Options = Options(), logger: Logger) {
        self.backend = backend
        self.route = route
        self.options = options
        self.logger = logger
    }

    /// Translates `segments`, treating them as a closed run: a sentence still open at the last
    /// segment ends there. Feed a stream through ``SegmentGrouper`` to get such runs.
    /// - Throws: ``TranslationError`` when the backend fails beyond its own retry.
    public func translate(_ segments: [TimedSegment]) async throws -> TranscriptTranslation {
        var warnings: [TranslationWarning] = []
        let sentences = SentenceSplitter(rules: options.sentenceRules).sentences(of: segments)
        var texts = sentences.map { protect($0.text) }
        var unknownWordCount = 0
        var wordCount = 0
        for step in route.steps where !texts.isEmpty {
            let results = try await backend.translate(texts, pair: step)
            unknownWordCount += results.reduce(0) { $0 + $1.unknownWords.count }
            wordCount = results.reduce(0) { $0 + $1.wordCount }
            texts = results.map(\.text)
        }

        let timings = segments.map { wordDurations($0, warnings: &warnings) }
        var segmentTexts = Array(repeating: [String](), count: segments.count)
        for (sentence, translation) in zip(sentences, texts) {
            let words = translation.plainText.split(whereSeparator: \.isWhitespace).map(String.init)
            let durations = sentence.pieces.map { piece in timings[piece.segment].map { $0[piece.words].reduce(0, +) } }
            let weights: [Double]
            if durations.allSatisfy({ $0 != nil }), durations.reduce(0, { $0 + $1! }) > 0 {
                weights = durations.map { $0! }
            } else {
                weights = sentence.pieces.map { Double($0.text.count) }
            }
            for (piece, run) in zip(sentence.pieces, TextDistributor.split(words, weights: weights)) where !run.isEmpty {
                segmentTexts[piece.segment].append(run.joined(separator: " "))
            }
        }

        let translated = segments.enumerated().map { index, segment in
            var text = segmentTexts[index].joined(separator: " ")
            if text.isEmpty, !SentenceSplitter.words(of: segment.text).isEmpty {
                text = Self.continuationMark
                warnings.append(TranslationWarning(
                    segmentID: segment.id,
                    message: "the translation of its sentence has fewer words than the sentence has segments; shows '\(Self.continuationMark)'"
                ))
            }
            return TranslatedSegment(id: segment.id, start: segment.start, end: segment.end, text: text)
        }
        for warning in warnings {
            logger.warning("translation warning", metadata: ["segment": "\(warning.segmentID.map(String.init) ?? "-")", "detail": "\(warning.message)"])
        }
        return TranscriptTranslation(
            segments: translated,
            route: route,
            sentenceCount: sentences.count,
            wordCount: wordCount,
            unknownWordCount: unknownWordCount,
            warnings: warnings
        )
    }

    /// The spoken time of each word of `segment`'s text, or `nil` when the segment has no word
    /// timestamps or they do not line up with its text.
    private func wordDurations(_ segment: TimedSegment, warnings: inout [TranslationWarning]) -> [Double]? {
        guard !segment.words.isEmpty else { return nil }
        let textWords = SentenceSplitter.words(of: segment.text)
        let timedWords = segment.words.flatMap { word -> [Double] in
            let parts = SentenceSplitter.words(of: word.text).count
            return Array(repeating: max(0, word.end - word.start) / Double(max(1, parts)), count: parts)
        }
        guard timedWords.count == textWords.count else {
            warnings.append(TranslationWarning(
                segmentID: segment.id,
                message: "\(timedWords.count) timed words for \(textWords.count) words of text; distributed the translation by text length"
            ))
            return nil
        }
        return timedWords
    }

    /// Splits a sentence into runs to translate and runs to keep: glossary terms first, then names.
    private func protect(_ sentence: String) -> TranslatableText {
        var spans = options.glossary.matches(in: sentence)
        if options.protectsNames {
            for range in ProperNames.ranges(in: sentence, language: route.source) where !spans.contains(where: { $0.range.overlaps(range) }) {
                spans.append((range, String(sentence[range])))
            }
            spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        }
        var pieces: [TranslatableText.Piece] = []
        var position = sentence.startIndex
        for span in spans {
            if position < span.range.lowerBound { pieces.append(.text(String(sentence[position..<span.range.lowerBound]))) }
            pieces.append(.verbatim(span.replacement))
            position = span.range.upperBound
        }
        if position < sentence.endIndex { pieces.append(.text(String(sentence[position...]))) }
        return TranslatableText(pieces)
    }
}
