/// Breaks a cue's words into balanced lines.
///
/// Text that fits on one line stays on one line. Otherwise it takes the fewest lines that fit
/// and, among the ways to fill them, prefers lines of even length, breaks after punctuation,
/// and no line holding a lone word.
struct LineBreaker {
    let maxLineLength: Int
    let maxLines: Int

    /// Whether words of these lengths fit in ``maxLines`` lines of ``maxLineLength``.
    func fits(_ lengths: ArraySlice<Int>) -> Bool {
        lineCount(lengths) <= maxLines
    }

    /// The fewest lines words of these lengths take when each line is filled in turn (a word
    /// longer than a line takes a line of its own).
    func lineCount(_ lengths: ArraySlice<Int>) -> Int {
        var lines = 0
        var current = 0
        for length in lengths {
            if lines > 0, current + 1 + length <= maxLineLength {
                current += 1 + length
            } else {
                lines += 1
                current = length
            }
        }
        return lines
    }

    /// The words as lines: one line when they fit on one, else the best balanced break into
    /// the fewest lines that fit.
    func lines(_ words: [String]) -> [String] {
        let lengths = words.map(\.count)
        let lineTotal = lineCount(lengths[...])
        guard lineTotal > 1 else { return words.isEmpty ? [] : [words.joined(separator: " ")] }

        let total = lengths.reduce(words.count - 1, +)
        let target = Double(total - (lineTotal - 1)) / Double(lineTotal)
        let n = words.count
        // best[l][i]: lowest cost of words[0..<i] in l lines; from[l][i]: where the last line starts.
        var best = Array(repeating: Array(repeating: Double.infinity, count: n + 1), count: lineTotal + 1)
        var from = Array(repeating: Array(repeating: 0, count: n + 1), count: lineTotal + 1)
        best[0][0] = 0
        for l in 1...lineTotal {
            for i in l...n {
                var length = -1
                for j in stride(from: i - 1, through: l - 1, by: -1) {
                    length += lengths[j] + 1
                    if length > maxLineLength && i - j > 1 { break }
                    guard best[l - 1][j].isFinite else { continue }
                    let cost = best[l - 1][j] + lineCost(words, j..<i, length: length, target: target, isLast: i == n, lineTotal: lineTotal)
                    if cost < best[l][i] {
                        best[l][i] = cost
                        from[l][i] = j
                    }
                }
            }
        }
        var lines: [String] = []
        var end = n
        for l in stride(from: lineTotal, through: 1, by: -1) {
            let start = from[l][end]
            lines.append(words[start..<end].joined(separator: " "))
            end = start
        }
        return lines.reversed()
    }

    private func lineCost(_ words: [String], _ range: Range<Int>, length: Int, target: Double, isLast: Bool, lineTotal: Int) -> Double {
        let deviation = (Double(length) - target) / Double(maxLineLength)
        var cost = 10 * deviation * deviation
        if !isLast {
            switch BreakQuality(after: words[range.upperBound - 1]) {
            case .sentence: cost -= 1.5
            case .clause: cost -= 1
            case .none: break
            }
        }
        if range.count == 1 && words.count > lineTotal { cost += 3 }
        return cost
    }
}
