import Testing
@testable import Subtitles

@Suite struct LineBreakerTests {
    let breaker = LineBreaker(maxLineLength: 42, maxLines: 2)

    private func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    @Test func keepsShortTextOnOneLine() {
        #expect(breaker.lines(words("Hello there, my friend. How are you?")) == ["Hello there, my friend. How are you?"])
    }

    @Test func balancesTwoLines() {
        let lines = breaker.lines(words("The quick brown fox jumps over the lazy dog while the cat sleeps"))
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.count <= 42 })
        #expect(abs(lines[0].count - lines[1].count) <= 8)
    }

    @Test func prefersBreakingAfterPunctuation() {
        let lines = breaker.lines(words("I went to the market yesterday, and bought some very fresh bread"))
        #expect(lines == ["I went to the market yesterday,", "and bought some very fresh bread"])
    }

    @Test func avoidsALoneWord() {
        let lines = breaker.lines(words("Okay. I think we should all go home right now"))
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.split(separator: " ").count > 1 })
    }

    @Test func usesMoreLinesWhenAllowed() {
        let three = LineBreaker(maxLineLength: 20, maxLines: 3)
        let lines = three.lines(words("one two three four five six seven eight nine ten eleven"))
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 20 })
        #expect(lines.joined(separator: " ") == "one two three four five six seven eight nine ten eleven")
    }

    @Test func countsLinesGreedily() {
        #expect(breaker.lineCount([42, 1, 40][...]) == 2)
        #expect(breaker.lineCount([42, 42, 1][...]) == 3)
        #expect(breaker.fits([20, 21, 20][...]))
        #expect(!breaker.fits([30, 30, 30][...]))
    }
}
