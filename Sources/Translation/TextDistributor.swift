/// Spreads a translated sentence's words over the pieces of the source it came from.
enum TextDistributor {
    /// Splits `words` into `weights.count` consecutive runs whose sizes follow `weights`.
    ///
    /// Every run gets at least one word when there are enough words; a boundary moves by one
    /// word when that puts it after a comma, semicolon or colon. With fewer words than runs, the
    /// lightest runs stay empty.
    static func split(_ words: [String], weights: [Double]) -> [[String]] {
        let count = weights.count
        guard count > 1 else { return [words] }
        let weights = weights.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let total = weights.reduce(0, +)
        let shares = total > 0 ? weights.map { $0 / total } : Array(repeating: 1 / Double(count), count: count)
        let wordCount = words.count
        let eachGetsOne = wordCount >= count
        var boundaries: [Int] = []
        var cumulative = 0.0
        var previous = 0
        for index in 0..<(count - 1) {
            cumulative += shares[index]
            let lowest = eachGetsOne ? previous + 1 : previous
            let highest = eachGetsOne ? wordCount - (count - 1 - index) : wordCount
            var boundary = min(max(Int((Double(wordCount) * cumulative).rounded()), lowest), highest)
            if boundary > 0, !endsClause(words[boundary - 1]) {
                if boundary + 1 <= highest, endsClause(words[boundary]) {
                    boundary += 1
                } else if boundary - 1 >= max(lowest, 1), endsClause(words[boundary - 2]) {
                    boundary -= 1
                }
            }
            boundaries.append(boundary)
            previous = boundary
        }
        boundaries.append(wordCount)
        var start = 0
        return boundaries.map { end in
            defer { start = end }
            return Array(words[start..<end])
        }
    }

    private static func endsClause(_ word: String) -> Bool {
        guard let last = word.last else { return false }
        return last == "," || last == ";" || last == ":"
    }
}
