/// A language, named by its ISO 639-1 code where it has one (`en`, `es`, `pt`), optionally with
/// a region (`pt-BR`, `en-US`).
///
/// Apertium names languages by 2- or 3-letter codes depending on the pair (`eng-spa`, `es-pt`);
/// both spellings normalise to the same value, so `LanguageCode("spa") == LanguageCode("es")`.
public struct LanguageCode: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The lower-case language subtag (`en`, or a 3-letter code when ISO 639-1 has none).
    public let language: String
    /// The upper-case region subtag, if any (`BR`).
    public let region: String?

    /// Parses `en`, `eng`, `pt-BR`, `pt_br`, `EN`.
    /// - Throws: ``TranslationError`` with code ``TranslationError/Code/invalidLanguage`` when
    ///   the text is not a 2–3 letter language subtag with an optional 2-letter region.
    public init(_ identifier: String) throws(TranslationError) {
        let parts = identifier.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let isLetters = { (text: String) in text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } }
        guard let first = parts.first, (2...3).contains(first.count), isLetters(first), parts.count <= 2 else {
            throw TranslationError(.invalidLanguage, "'\(identifier)' is not a language code; use an ISO 639-1 code such as 'en', 'es' or 'pt-BR'")
        }
        if parts.count == 2 {
            guard parts[1].count == 2, isLetters(parts[1]) else {
                throw TranslationError(.invalidLanguage, "'\(identifier)' has region '\(parts[1])'; a region is two letters, as in 'pt-BR'")
            }
        }
        let lower = first.lowercased()
        language = Self.twoLetterCodes[lower] ?? lower
        region = parts.count == 2 ? parts[1].uppercased() : nil
    }

    /// The code as text: `es`, `pt-BR`.
    public var identifier: String { region.map { "\(language)-\($0)" } ?? language }

    /// The same language without its region.
    public var withoutRegion: LanguageCode { LanguageCode(language: language, region: nil) }

    public var description: String { identifier }

    public static func < (lhs: LanguageCode, rhs: LanguageCode) -> Bool { lhs.identifier < rhs.identifier }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }

    private init(language: String, region: String?) {
        self.language = language
        self.region = region
    }

    /// ISO 639-2/3 codes used by Apertium pairs, mapped to ISO 639-1.
    private static let twoLetterCodes: [String: String] = [
        "afr": "af", "ara": "ar", "arg": "an", "bel": "be", "bre": "br", "bul": "bg",
        "cat": "ca", "ces": "cs", "cym": "cy", "dan": "da", "deu": "de", "ell": "el", "eng": "en",
        "epo": "eo", "est": "et", "eus": "eu", "fao": "fo", "fin": "fi", "fra": "fr", "gle": "ga",
        "glg": "gl", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu", "isl": "is", "ita": "it",
        "kaz": "kk", "lat": "la", "lit": "lt", "lav": "lv", "mkd": "mk", "mlt": "mt", "nld": "nl",
        "nno": "nn", "nob": "nb", "oci": "oc", "pol": "pl", "por": "pt", "ron": "ro", "rus": "ru",
        "slk": "sk", "slv": "sl", "spa": "es", "sqi": "sq", "srp": "sr", "swe": "sv", "tat": "tt",
        "tur": "tr", "ukr": "uk", "urd": "ur",
    ]
}
