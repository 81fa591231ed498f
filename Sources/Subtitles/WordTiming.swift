import StageProtocol

/// When each word of a segment's text is spoken: from the recogniser's word timings when they
/// spell the same text, else in proportion to the text's length.
enum WordTiming {
    /// The words timed by `timings`, or `nil` when the timings are unusable or do not spell
    /// the same letters and digits as `words` (case, spacing and punctuation aside).
    static func aligned(_ words: [String], timings: [Word], start: Double) -> [TimedWord]? {
        var spoken: [(String, Int)] = []
        var previousStart = -Double.infinity
        for (index, timing) in timings.enumerated() {
            guard timing.start.isFinite, timing.end.isFinite, timing.end >= timing.start, timing.start >= previousStart else { return nil }
            previousStart = timing.start
            for c in timing.text where c.isLetter || c.isNumber { spoken.append((c.lowercased(), index)) }
        }
        guard !spoken.isEmpty else { return nil }

        var position = 0
        var result: [TimedWord] = []
        var lastEnd = start
        for word in words {
            var first: Int?
            var last: Int?
            for c in word where c.isLetter || c.isNumber {
                guard position < spoken.count, spoken[position].0 == c.lowercased() else { return nil }
                first = first ?? spoken[position].1
                last = spoken[position].1
                position += 1
            }
            if let first, let last {
                let wordStart = max(timings[first].start, result.last?.start ?? -Double.infinity)
                lastEnd = max(timings[last].end, wordStart)
                result.append(TimedWord(text: word, start: wordStart, end: lastEnd))
            } else {
                result.append(TimedWord(text: word, start: lastEnd, end: lastEnd))
            }
        }
        return position == spoken.count ? result : nil
    }

    /// The words spread over `start...end` by their share of the text's characters.
    static func proportional(_ words: [String], start: Double, end: Double) -> [TimedWord] {
        let total = Double(words.joinedLength)
        let duration = end - start
        var offset = 0
        return words.map { word in
            let wordStart = start + duration * Double(offset) / total
            offset += word.count
            let wordEnd = start + duration * Double(offset) / total
            offset += 1
            return TimedWord(text: word, start: wordStart, end: wordEnd)
        }
    }
}
