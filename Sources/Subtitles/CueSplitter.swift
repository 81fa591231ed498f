/// Splits one segment's timed words into the pieces that become its cues.
///
/// Every piece fits the line limits and, when it has more than one word, lasts at most the
/// longest cue duration. Among the splits that do, it takes the fewest pieces, then prefers
/// pieces that end at a sentence or clause, are even in length, and are not shorter on screen
/// than the shortest cue duration.
struct CueSplitter {
    let rules: CueRules
    let breaker: LineBreaker

    /// The pieces as ranges of `words`, in order, covering all of them.
    func pieces(_ words: [TimedWord]) -> [Range<Int>] {
        let n = words.count
        guard n > 0 else { return [] }
        let lengths = words.map(\.text.count)
        let capacity = rules.maxLines * rules.maxLineLength + rules.maxLines - 1
        var best = Array(repeating: Double.infinity, count: n + 1)
        var from = Array(repeating: 0, count: n + 1)
        best[0] = 0
        for i in 1...n {
            var characters = -1
            for j in stride(from: i - 1, through: 0, by: -1) {
                characters += lengths[j] + 1
                let duration = words[i - 1].end - words[j].start
                if i - j > 1, characters > capacity || duration > rules.maxDuration || !breaker.fits(lengths[j..<i]) { break }
                let cost = best[j] + pieceCost(words, j..<i, characters: characters, duration: duration, capacity: capacity)
                if cost < best[i] {
                    best[i] = cost
                    from[i] = j
                }
            }
        }
        var pieces: [Range<Int>] = []
        var end = n
        while end > 0 {
            pieces.append(from[end]..<end)
            end = from[end]
        }
        return pieces.reversed()
    }

    private func pieceCost(_ words: [TimedWord], _ range: Range<Int>, characters: Int, duration: Double, capacity: Int) -> Double {
        let fill = Double(characters) / Double(capacity)
        var cost = 10 + 10 * fill * fill
        if range.upperBound < words.count {
            switch BreakQuality(after: words[range.upperBound - 1].text) {
            case .sentence: break
            case .clause: cost += 1.5
            case .none: cost += 4
            }
        }
        if duration < rules.minDuration { cost += 3 }
        return cost
    }
}
