/// What a ``TranslationBackend`` returns for one sentence.
public struct BackendTranslation: Hashable, Sendable {
    /// The translated sentence, without any unknown-word marks. Words the backend did not know
    /// come back as ``TranslatableText/Piece/verbatim(_:)`` runs, so a following pivot step
    /// copies them instead of counting them again.
    public var text: TranslatableText
    /// Words in the translation.
    public var wordCount: Int
    /// Source words the backend could not translate (Apertium's `*`, `@` and `#` marks), in
    /// the order they appear.
    public var unknownWords: [String]

    /// Creates a result.
    public init(text: TranslatableText, wordCount: Int, unknownWords: [String]) {
        self.text = text
        self.wordCount = wordCount
        self.unknownWords = unknownWords
    }
}
