/// Joins the text of consecutive segments and cuts it into sentences, remembering which words
/// of which segment each sentence holds.
struct SentenceSplitter {
    /// A run of one segment's words inside a sentence.
    struct Piece: Hashable {
        /// Index of the segment in the batch.
        var segment: Int
        /// Which of the segment's whitespace-separated words.
        var words: Range<Int>
        /// Those words, joined by single spaces.
        var text: String
    }

    /// A sentence and where its words come from.
    struct Sentence: Hashable {
        var pieces: [Piece]
        var text: String { pieces.map(\.text).joined(separator: " ") }
    }

    let rules: SentenceRules

    /// The words of a segment's text, as this type counts them.
    static func words(of text: String) -> [Substring] {
        text.split(whereSeparator: \.isWhitespace)
    }

    func sentences(of segments: [TimedSegment]) -> [Sentence] {
        let words = segments.map { Self.words(of: $0.text) }
        var sentences: [Sentence] = []
        var current: [Piece] = []
        var currentLength = 0
        for (index, segmentWords) in words.enumerated() where !segmentWords.isEmpty {
            var pieceStart = 0
            let next = words[(index + 1)...].first { !$0.isEmpty }?.first
            let gap = index + 1 < segments.count ? segments[index + 1].start - segments[index].end : 0
            for (position, word) in segmentWords.enumerated() {
                currentLength += word.count + 1
                let isLast = position == segmentWords.count - 1
                var ends = endsSentence(word, next: isLast ? next : segmentWords[position + 1])
                if isLast, !ends, next != nil {
                    ends = gap >= rules.maximumGap || currentLength >= rules.maximumCharacters
                }
                guard ends || isLast else { continue }
                let range = pieceStart..<(position + 1)
                current.append(Piece(segment: index, words: range, text: segmentWords[range].joined(separator: " ")))
                pieceStart = position + 1
                if ends {
                    sentences.append(Sentence(pieces: current))
                    current = []
                    currentLength = 0
                }
            }
        }
        if !current.isEmpty { sentences.append(Sentence(pieces: current)) }
        return sentences
    }

    /// Whether `word` ends its sentence, given the word after it (`nil` at the end of input).
    func endsSentence(_ word: Substring, next: Substring?) -> Bool {
        let core = word.reversed().drop { Self.closers.contains($0) }
        guard let last = core.first, Self.terminators.contains(last) else { return false }
        if last == "." {
            let stem = String(core.dropFirst().reversed()).lowercased().drop { Self.openers.contains($0) }
            if !stem.hasSuffix("."), isAbbreviation(String(stem)) { return false }
        }
        guard let next else { return true }
        guard let letter = next.first(where: { !Self.openers.contains($0) }) else { return true }
        return !letter.isLowercase
    }

    private func isAbbreviation(_ stem: String) -> Bool {
        if rules.abbreviations.contains(stem) { return true }
        // Initials and dotted acronyms: "J.", "U.S.", "a.m."
        let parts = stem.split(separator: ".", omittingEmptySubsequences: false)
        return parts.allSatisfy { $0.count == 1 && $0.first!.isLetter }
    }

    private static let terminators: Set<Character> = [".", "?", "!", "…", "。", "？", "！", "‼", "⁇", "⁈", "⁉"]
    private static let closers: Set<Character> = ["\"", "'", "”", "’", "»", ")", "]", "」", "』"]
    private static let openers: Set<Character> = ["\"", "'", "“", "‘", "«", "(", "[", "¿", "¡", "「", "『"]
}
