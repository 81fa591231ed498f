import Testing
@testable import Translation

@Suite struct SentenceSplitterTests {
    let splitter = SentenceSplitter(rules: SentenceRules())

    func segments(_ texts: [String], gap: Double = 0.2) -> [TimedSegment] {
        texts.enumerated().map { index, text in
            TimedSegment(id: UInt64(index), start: Double(index) * (2 + gap), end: Double(index) * (2 + gap) + 2, text: text)
        }
    }

    @Test func joinsASentenceSpreadOverSegments() {
        let sentences = splitter.sentences(of: segments(["the old man who lives", "next door to my sister", "bought a new car. Then he left."]))
        #expect(sentences.map(\.text) == ["the old man who lives next door to my sister bought a new car.", "Then he left."])
        #expect(sentences[0].pieces.map(\.segment) == [0, 1, 2])
        #expect(sentences[1].pieces.map(\.words) == [4..<7])
    }

    @Test(arguments: [
        "Mr. Smith met Dr. Brown at noon.", "We need fruit, e.g. apples and pears.", "It is 5 p.m. in the U.S. today.",
        "J. R. R. Tolkien wrote it.", "Wait... what did you say?", "Prof. Jones and Mrs. Jones came.",
    ])
    func abbreviationsDoNotEndSentences(text: String) {
        #expect(splitter.sentences(of: segments([text])).count == 1)
    }

    @Test(arguments: [
        ("Hello there. How are you? Fine!", 3), ("He said \"stop.\" Then he left.", 2), ("It costs 3.50 dollars. Cheap.", 2),
        ("¿Qué tal? Bien.", 2), ("I said no. She agreed.", 2),
    ])
    func punctuationEndsSentences(text: String, count: Int) {
        #expect(splitter.sentences(of: segments([text])).count == count)
    }

    @Test func aLongPauseEndsASentence() {
        #expect(splitter.sentences(of: segments(["so we went home", "and then it rained"], gap: 3)).count == 2)
        #expect(splitter.sentences(of: segments(["so we went home", "and then it rained"], gap: 0.3)).count == 1)
    }

    @Test func overlongTextIsCutAtSegmentBoundaries() {
        let rules = SentenceRules(maximumCharacters: 30)
        let sentences = SentenceSplitter(rules: rules).sentences(of: segments(["one two three four five six seven", "eight nine ten", "eleven"]))
        #expect(sentences.count == 2)
    }

    @Test func emptySegmentsHoldNoPiece() {
        let sentences = splitter.sentences(of: segments(["Hello", "  ", "world."]))
        #expect(sentences.map(\.text) == ["Hello world."])
        #expect(sentences[0].pieces.map(\.segment) == [0, 2])
    }
}
