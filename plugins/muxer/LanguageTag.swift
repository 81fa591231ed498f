/// A subtitle track's language as containers label it: an ISO 639-2 code and a title written
/// in the language itself ("English", "Español").
struct LanguageTag: Hashable {
    /// ISO 639-2/B ("bibliographic") code, as Matroska wants it: `eng`, `spa`, `ger`, `fre`.
    let bibliographic: String
    /// ISO 639-2/T ("terminology") code, as the MP4 specification wants it: `eng`, `spa`, `deu`, `fra`.
    let terminology: String
    /// The language's name in itself, for the track title.
    let title: String

    /// Reads an ISO 639-1 code (`en`), a tag with a region (`pt-BR`, `en_US`) or an ISO 639-2
    /// code (`eng`, `deu`). Anything else is `und` ("undetermined"), titled "Subtitles" when
    /// the identifier is empty or `und`, else with the text given.
    init(_ identifier: String) {
        let primary = String(identifier.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
        if let known = Self.byTwoLetterCode[primary] ?? Self.byThreeLetterCode[primary] {
            self = known
        } else if primary.count == 3, primary != "und", primary.allSatisfy({ ("a"..."z").contains($0) }) {
            self.init(bibliographic: primary, terminology: primary, title: primary)
        } else {
            self.init(bibliographic: "und", terminology: "und", title: primary.isEmpty || primary == "und" ? "Subtitles" : identifier)
        }
    }

    private init(bibliographic: String, terminology: String, title: String) {
        self.bibliographic = bibliographic
        self.terminology = terminology
        self.title = title
    }

    /// ISO 639-1 code, ISO 639-2/B code, ISO 639-2/T code where it differs (else empty), endonym.
    private static let table: [(String, String, String, String)] = [
        ("af", "afr", "", "Afrikaans"), ("am", "amh", "", "አማርኛ"), ("ar", "ara", "", "العربية"),
        ("az", "aze", "", "Azərbaycanca"), ("be", "bel", "", "Беларуская"), ("bg", "bul", "", "Български"),
        ("bn", "ben", "", "বাংলা"), ("bo", "tib", "bod", "བོད་སྐད"), ("br", "bre", "", "Brezhoneg"),
        ("bs", "bos", "", "Bosanski"), ("ca", "cat", "", "Català"), ("cs", "cze", "ces", "Čeština"),
        ("cy", "wel", "cym", "Cymraeg"), ("da", "dan", "", "Dansk"), ("de", "ger", "deu", "Deutsch"),
        ("el", "gre", "ell", "Ελληνικά"), ("en", "eng", "", "English"), ("eo", "epo", "", "Esperanto"),
        ("es", "spa", "", "Español"), ("et", "est", "", "Eesti"), ("eu", "baq", "eus", "Euskara"),
        ("fa", "per", "fas", "فارسی"), ("fi", "fin", "", "Suomi"), ("fo", "fao", "", "Føroyskt"),
        ("fr", "fre", "fra", "Français"), ("ga", "gle", "", "Gaeilge"), ("gl", "glg", "", "Galego"),
        ("gu", "guj", "", "ગુજરાતી"), ("he", "heb", "", "עברית"), ("hi", "hin", "", "हिन्दी"),
        ("hr", "hrv", "", "Hrvatski"), ("ht", "hat", "", "Kreyòl ayisyen"), ("hu", "hun", "", "Magyar"),
        ("hy", "arm", "hye", "Հայերեն"), ("id", "ind", "", "Bahasa Indonesia"), ("is", "ice", "isl", "Íslenska"),
        ("it", "ita", "", "Italiano"), ("ja", "jpn", "", "日本語"), ("jv", "jav", "", "Basa Jawa"),
        ("ka", "geo", "kat", "ქართული"), ("kk", "kaz", "", "Қазақ тілі"), ("km", "khm", "", "ខ្មែរ"),
        ("kn", "kan", "", "ಕನ್ನಡ"), ("ko", "kor", "", "한국어"), ("la", "lat", "", "Latina"),
        ("lb", "ltz", "", "Lëtzebuergesch"), ("lo", "lao", "", "ລາວ"), ("lt", "lit", "", "Lietuvių"),
        ("lv", "lav", "", "Latviešu"), ("mi", "mao", "mri", "Māori"), ("mk", "mac", "mkd", "Македонски"),
        ("ml", "mal", "", "മലയാളം"), ("mn", "mon", "", "Монгол"), ("mr", "mar", "", "मराठी"),
        ("ms", "may", "msa", "Bahasa Melayu"), ("mt", "mlt", "", "Malti"), ("my", "bur", "mya", "မြန်မာ"),
        ("ne", "nep", "", "नेपाली"), ("nl", "dut", "nld", "Nederlands"), ("nn", "nno", "", "Nynorsk"),
        ("no", "nor", "", "Norsk"), ("oc", "oci", "", "Occitan"), ("pa", "pan", "", "ਪੰਜਾਬੀ"),
        ("pl", "pol", "", "Polski"), ("ps", "pus", "", "پښتو"), ("pt", "por", "", "Português"),
        ("ro", "rum", "ron", "Română"), ("ru", "rus", "", "Русский"), ("si", "sin", "", "සිංහල"),
        ("sk", "slo", "slk", "Slovenčina"), ("sl", "slv", "", "Slovenščina"), ("so", "som", "", "Soomaali"),
        ("sq", "alb", "sqi", "Shqip"), ("sr", "srp", "", "Српски"), ("su", "sun", "", "Basa Sunda"),
        ("sv", "swe", "", "Svenska"), ("sw", "swa", "", "Kiswahili"), ("ta", "tam", "", "தமிழ்"),
        ("te", "tel", "", "తెలుగు"), ("tg", "tgk", "", "Тоҷикӣ"), ("th", "tha", "", "ไทย"),
        ("tk", "tuk", "", "Türkmençe"), ("tl", "tgl", "", "Tagalog"), ("tr", "tur", "", "Türkçe"),
        ("tt", "tat", "", "Татарча"), ("uk", "ukr", "", "Українська"), ("ur", "urd", "", "اردو"),
        ("uz", "uzb", "", "Oʻzbekcha"), ("vi", "vie", "", "Tiếng Việt"), ("yi", "yid", "", "ייִדיש"),
        ("yo", "yor", "", "Yorùbá"), ("zh", "chi", "zho", "中文"),
    ]

    private static let byTwoLetterCode: [String: LanguageTag] = Dictionary(
        uniqueKeysWithValues: table.map { ($0.0, LanguageTag(bibliographic: $0.1, terminology: $0.2.isEmpty ? $0.1 : $0.2, title: $0.3)) })

    private static let byThreeLetterCode: [String: LanguageTag] = Dictionary(
        byTwoLetterCode.values.flatMap { [($0.bibliographic, $0), ($0.terminology, $0)] }, uniquingKeysWith: { first, _ in first })
}
