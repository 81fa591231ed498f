import Recognition
import Testing

@Suite struct TranscriptFilterTests {
    let filter = TranscriptFilter()

    static func segment(_ text: String, seconds: Double = 3, noSpeech: Float = 0.05, logProbability: Float = -0.2) -> RecognizedSegment {
        RecognizedSegment(start: 0, end: seconds, text: text, noSpeechProbability: noSpeech, averageLogProbability: logProbability)
    }

    @Test(arguments: [
        "And Mr. John Dashwood had then leisure to consider how much there might be prudently in his power to do for them.",
        "Thank you.", "No, no, no.", "Yes.", "二〇二四年", "¿Dónde está la biblioteca?",
    ])
    func keepsSpeech(text: String) {
        #expect(filter.verdict(for: Self.segment(text)) == .keep)
    }

    @Test(arguments: ["♪♪♪♪", "...", "[Music]", "(upbeat music)", "*applause*", "♪ la la la ♪", " - "])
    func dropsSoundAnnotationsAndTextWithoutWords(text: String) {
        #expect(filter.verdict(for: Self.segment(text)) != .keep)
    }

    @Test func dropsAPassTheModelThinksIsNotSpeechWhenItIsUnsure() {
        #expect(filter.verdict(for: Self.segment("Hello there.", noSpeech: 0.7, logProbability: -1.2)) != .keep)
        #expect(filter.verdict(for: Self.segment("Hello there.", noSpeech: 0.7, logProbability: -0.3)) == .keep)
        #expect(filter.verdict(for: Self.segment("Hello there.", noSpeech: 0.2, logProbability: -1.2)) == .keep)
    }

    @Test func dropsAWholePassTheModelThinksIsNotSpeechWhenItIsUnsureOnAverage() {
        let tone = [
            Self.segment("I'm also wearing a jeans and jeans.", noSpeech: 0.62, logProbability: -3.2),
            Self.segment("I'm wearing a shoes.", noSpeech: 0.62, logProbability: -1.8),
            Self.segment("I'm wearing a jeans.", noSpeech: 0.62, logProbability: -0.4),
        ]
        #expect(filter.holdsNoSpeech(tone))
        #expect(filter.verdict(for: tone[2]) == .keep, "alone, the confident one would stay")
        #expect(!filter.holdsNoSpeech(tone.map { var segment = $0; segment.noSpeechProbability = 0.3; return segment }))
        #expect(!filter.holdsNoSpeech([Self.segment("He was not an ill disposed young man.", noSpeech: 0.7, logProbability: -0.3)]))
        #expect(!filter.holdsNoSpeech([]))
    }

    @Test(arguments: [
        "I'm sorry, I'm so sorry, I'm sorry, I'm sorry, I'm sorry, I'm sorry, I'm sorry.",
        "the the the the the the",
        "Go to the, go to the, go to the, go to the store.",
    ])
    func dropsLoops(text: String) {
        #expect(filter.verdict(for: Self.segment(text)) == .drop("repeats itself"))
    }

    @Test func keepsRepetitionThatIsNotMostOfTheText() {
        #expect(filter.verdict(for: Self.segment("No, no, no, I said we would leave after lunch, not before it.")) == .keep)
    }

    @Test func dropsStockPhrasesAndSparseTextOnlyWhereSpeechIsInDoubt() {
        #expect(filter.verdict(for: Self.segment("Thank you.", seconds: 20, noSpeech: 0.47, logProbability: -0.5)) != .keep)
        #expect(filter.verdict(for: Self.segment("Thanks for watching!", noSpeech: 0.35)) != .keep)
        #expect(filter.verdict(for: Self.segment("Thanks for watching!", noSpeech: 0.1)) == .keep)
        #expect(filter.verdict(for: Self.segment("Well.", seconds: 12, noSpeech: 0.5)) != .keep)
        #expect(filter.verdict(for: Self.segment("Well.", seconds: 12, noSpeech: 0.05)) == .keep)
    }

    @Test func textThatThreeSegmentsOfAWindowRepeatIsLooping() {
        let tone = (0..<4).map { RecognizedSegment(start: Double($0), end: Double($0) + 1, text: "I'm wearing a jeans and jeans.") }
        let speech = [
            RecognizedSegment(start: 0, end: 1, text: "Yes."), RecognizedSegment(start: 1, end: 2, text: "Yes!"),
            RecognizedSegment(start: 2, end: 3, text: "He was not an ill disposed young man."),
        ]
        let looping = TranscriptFilter.loopingTexts(in: tone + speech)
        #expect(tone.allSatisfy { TranscriptFilter.isLooping($0, in: looping) })
        #expect(!speech.contains { TranscriptFilter.isLooping($0, in: looping) })
    }
}
