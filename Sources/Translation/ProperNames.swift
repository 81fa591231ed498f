/// Finds probable personal and place names in a sentence, so they reach the reader untranslated
/// (Apertium otherwise turns "Peter Baker" into "Peter Panadero").
///
/// The rule is orthographic, for languages that capitalise only names mid-sentence (English
/// and the Romance languages, not German): a capitalised word that does not begin the sentence
/// is a name, and so is a sentence's first word when a name follows it directly ("John Smith")
/// unless it is a common English word ("And John said"). English words capitalised without being
/// names (`I`, days, months, languages and nationalities, titles such as "Mr.", which Apertium
/// translates) are left to the translator.
enum ProperNames {
    /// The ranges of `sentence` that hold names, in order.
    static func ranges(in sentence: String, language: LanguageCode) -> [Range<String.Index>] {
        guard !languagesCapitalisingNouns.contains(language.language) else { return [] }
        var tokens: [Range<String.Index>] = []
        var index = sentence.startIndex
        while index < sentence.endIndex {
            guard !sentence[index].isWhitespace else {
                index = sentence.index(after: index)
                continue
            }
            let start = index
            while index < sentence.endIndex, !sentence[index].isWhitespace { index = sentence.index(after: index) }
            tokens.append(start..<index)
        }
        // Trim punctuation so "Smith," protects "Smith" and leaves the comma to the translator.
        let cores: [Range<String.Index>?] = tokens.map { token in
            let word = sentence[token]
            guard let first = word.firstIndex(where: { $0.isLetter || $0.isNumber }),
                  let last = word.lastIndex(where: { $0.isLetter || $0.isNumber })
            else { return nil }
            return first..<word.index(after: last)
        }
        var isName = cores.enumerated().map { position, core -> Bool in
            guard let core, position > 0 else { return false }
            return isCapitalisedName(sentence[core])
        }
        if isName.count > 1, isName[1], let first = cores[0], isCapitalisedName(sentence[first]),
           !commonSentenceStarts.contains(sentence[first].lowercased()),
           sentence[tokens[0]].last.map({ $0.isLetter || $0.isNumber }) == true {
            isName[0] = true
        }
        return zip(cores, isName).compactMap { core, name in name ? core : nil }
    }

    private static func isCapitalisedName(_ word: Substring) -> Bool {
        guard let first = word.first, first.isUppercase, word.contains(where: \.isLowercase) else { return false }
        return !capitalisedCommonWords.contains(word.lowercased())
    }

    private static let languagesCapitalisingNouns: Set<String> = ["de", "lb"]

    private static let capitalisedCommonWords: Set<String> = [
        "i", "i'm", "i've", "i'll", "i'd",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
        "english", "spanish", "french", "german", "italian", "portuguese", "catalan", "galician",
        "chinese", "japanese", "russian", "arabic", "dutch", "greek", "latin", "european",
        "american", "british", "african", "asian", "christmas", "easter", "internet", "god",
        "mr", "mrs", "ms", "miss", "dr", "sir", "madam", "lady", "lord", "st", "saint", "professor", "doctor", "captain",
    ]

    /// English words that often begin a sentence before a name ("And John said", "Then Mary left").
    private static let commonSentenceStarts: Set<String> = [
        "a", "an", "the", "and", "but", "or", "nor", "so", "yet", "then", "now", "well", "oh", "yes", "no", "not",
        "he", "she", "it", "we", "they", "you", "this", "that", "these", "those", "there", "here",
        "my", "his", "her", "our", "their", "your", "its", "what", "who", "whom", "whose", "where", "when", "why", "how", "which",
        "if", "as", "at", "in", "on", "of", "to", "for", "with", "from", "by", "about", "after", "before", "since", "until",
        "while", "because", "although", "though", "unless", "once", "like", "dear", "hello", "hi", "thanks", "please",
        "is", "was", "are", "were", "had", "has", "have", "do", "did", "does", "can", "could", "will", "would", "should",
        "let", "ask", "tell", "call", "meet", "all", "every", "each", "some", "any", "both", "one", "only", "even", "also",
        "yesterday", "today", "tomorrow", "tonight", "later", "soon", "again", "still", "maybe", "perhaps", "sometimes",
        "finally", "suddenly", "meanwhile", "thank", "sorry", "good", "last", "next", "first",
    ]
}
