/// Where one sentence ends and the next begins when segments are joined.
public struct SentenceRules: Hashable, Sendable {
    /// A silence at least this long (seconds) between two segments ends a sentence even
    /// without punctuation.
    public var maximumGap: Double
    /// A sentence this long (characters) ends at the next segment boundary, so text without
    /// punctuation still reaches the backend in pieces.
    public var maximumCharacters: Int
    /// Words that end in a full stop without ending a sentence, lower-cased and without their
    /// final stop (`mr`, `e.g`).
    public var abbreviations: Set<String>

    /// Creates rules; the defaults suit speech transcripts in English and Romance languages.
    public init(maximumGap: Double = 1.5, maximumCharacters: Int = 400, abbreviations: Set<String> = SentenceRules.commonAbbreviations) {
        self.maximumGap = maximumGap
        self.maximumCharacters = maximumCharacters
        self.abbreviations = abbreviations
    }

    /// Titles and Latin abbreviations in English, Spanish, Portuguese, French, Italian and
    /// Catalan that rarely end a sentence.
    public static let commonAbbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "sra", "srta", "jr", "st", "mt", "vs", "e.g", "i.e",
        "cf", "approx", "fig", "dept", "gen", "col", "lt", "sgt", "capt", "rev", "hon", "gov", "sen",
        "rep", "vol", "pp", "mme", "mlle", "dra", "sig",
    ]
}
