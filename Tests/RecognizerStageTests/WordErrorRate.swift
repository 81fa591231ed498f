import Foundation

/// Word error rate as speech recognition benchmarks count it: word-level edit distance over
/// the reference's length, both sides normalised first.
struct WordErrorRate: CustomStringConvertible {
    /// Substitutions, deletions and insertions.
    let errors: Int
    /// Words in the reference.
    let words: Int

    /// Compares `hypothesis` with `reference`.
    init(reference: String, hypothesis: String) {
        let expected = Self.normalized(reference)
        let heard = Self.normalized(hypothesis)
        var previous = Array(0...heard.count)
        for (i, word) in expected.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: heard.count)
            for (j, other) in heard.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (word == other ? 0 : 1))
            }
            previous = current
        }
        errors = previous[heard.count]
        words = expected.count
    }

    /// Errors per reference word.
    var rate: Double { words == 0 ? 0 : Double(errors) / Double(words) }

    var description: String { "\(errors)/\(words) = \((rate * 1000).rounded() / 10)%" }

    /// Lowercase words without punctuation (a hyphen separates words); titles spelled out as the
    /// LibriVox transcripts spell them.
    static func normalized(_ text: String) -> [String] {
        let spelled = ["mr": "mister", "mrs": "missus", "dr": "doctor"]
        return text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }
            .map { String($0).trimmingCharacters(in: ["'"]) }
            .filter { !$0.isEmpty }
            .map { spelled[$0] ?? $0 }
    }
}
