import StageProtocol
import Testing
import Subtitles

/// Random segment lists, laid out under random rules, must always keep the hard rules and
/// every word.
@Suite struct CueRulesPropertyTests {
    /// SplitMix64: a seedable generator, so a failure can be replayed from its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let punctuation = ["", "", "", "", ",", ".", "?", "!", ";", "…", "\""]

    private static func word(_ random: inout SeededGenerator, maxLength: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzéüñçABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'")
        let length = Int.random(in: 1...max(1, min(12, maxLength - 1)), using: &random)
        let body = String((0..<length).map { _ in letters.randomElement(using: &random)! })
        return body + punctuation.randomElement(using: &random)!
    }

    private static func segments(_ random: inout SeededGenerator, overlapping: Bool, maxWordLength: Int) -> [Segment] {
        var segments: [Segment] = []
        var time = Double.random(in: 0...3, using: &random)
        for id in 1...Int.random(in: 1...25, using: &random) {
            let count = Int.random(in: 1...40, using: &random)
            let words = (0..<count).map { _ in word(&random, maxLength: maxWordLength) }
            let duration = Double.random(in: 0...15, using: &random)
            var timings: [Word] = []
            if Bool.random(using: &random) {
                var t = time
                for w in words {
                    let length = Double.random(in: 0.05...0.8, using: &random)
                    timings.append(Word(start: t, end: t + length, text: " " + w))
                    t += length + Double.random(in: 0...0.3, using: &random)
                }
                if Int.random(in: 0..<8, using: &random) == 0 { timings.removeLast() }
            }
            let end = timings.last.map { max($0.end, time + duration) } ?? time + duration
            segments.append(Segment(id: UInt64(id), start: time, end: end, text: words.joined(separator: " "), language: "xx", words: timings))
            time = overlapping ? time + Double.random(in: 0...6, using: &random) : end + Double.random(in: 0...2, using: &random)
        }
        return segments
    }

    private static func rules(_ random: inout SeededGenerator) -> CueRules {
        if Bool.random(using: &random) { return CueRules() }
        let minDuration = Double.random(in: 0...1.5, using: &random)
        return CueRules(
            maxLineLength: Int.random(in: 12...60, using: &random), maxLines: Int.random(in: 1...3, using: &random),
            maxCharactersPerSecond: Double.random(in: 10...25, using: &random), minDuration: minDuration,
            maxDuration: Double.random(in: max(minDuration, 2)...10, using: &random), minGap: Double.random(in: 0...0.2, using: &random))
    }

    @Test(arguments: 0..<500)
    func keepsTheRulesAndEveryWord(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        let rules = Self.rules(&random)
        let overlapping = seed % 3 == 0
        let segments = Self.segments(&random, overlapping: overlapping, maxWordLength: rules.maxLineLength)
        let layout = rules.layout(segments)
        assertInvariants(layout.cues, rules: rules)

        let written = layout.cues.flatMap { $0.text.split(separator: " ").map(String.init) }
        let spoken = segments.flatMap { $0.text.split(separator: " ").map(String.init) }
        if overlapping {
            #expect(written.sorted() == spoken.sorted(), "seed \(seed)")
        } else {
            #expect(written == spoken, "seed \(seed)")
        }
    }
}
