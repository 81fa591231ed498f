import StageProtocol
import Testing
@testable import Subtitles

@Suite struct CueRulesTests {
    let rules = CueRules()

    private static let longText = """
        When we started this project nobody believed that a small team could translate hours of video \
        every day, but the tools got better, the models got smaller, and here we are, three years later, \
        shipping subtitles in twelve languages to people who could never have followed these talks before.
        """

    @Test func defaultsFollowTheGuidelines() {
        #expect(rules == CueRules(maxLineLength: 42, maxLines: 2, maxCharactersPerSecond: 17, minDuration: 0.833, maxDuration: 7, minGap: 0.083))
    }

    @Test func splitsALongSegmentIntoReadableCues() throws {
        let segment = Segment(id: 1, start: 10, end: 30, text: Self.longText, language: "en")
        let layout = rules.layout([segment])
        #expect(layout.cues.count > 3)
        #expect(layout.warnings.isEmpty)
        assertInvariants(layout.cues, rules: rules)
        #expect(layout.cues.map(\.text).joined(separator: " ") == Self.longText)
        for cue in layout.cues {
            #expect(Double(cue.text.count) / cue.duration <= 17.0001, "\(cue)")
        }
        #expect(layout.cues.first?.start == 10)
        #expect(try #require(layout.cues.last).end <= 30)
    }

    @Test func endsCuesAtSentencesAndClauses() {
        let text = "This is the first sentence of the talk. And this is the second one, which is a bit longer than the first."
        let layout = rules.layout([Segment(id: 1, start: 0, end: 8, text: text, language: "en")])
        #expect(layout.cues.map(\.text) == ["This is the first sentence of the talk.", "And this is the second one, which is a bit longer than the first."])
    }

    @Test func splitsAtWordTimestamps() throws {
        // Eight words said quickly, then eight said slowly: the cues must follow the words' times.
        let fast = "one two three four five six seven eight".split(separator: " ")
        let slow = "nine ten eleven twelve thirteen fourteen fifteen sixteen.".split(separator: " ")
        var words: [Word] = []
        for (i, word) in fast.enumerated() { words.append(Word(start: Double(i) * 0.25, end: Double(i) * 0.25 + 0.2, text: " " + word)) }
        for (i, word) in slow.enumerated() { words.append(Word(start: 2 + Double(i) * 1.0, end: 2 + Double(i) * 1.0 + 0.8, text: " " + word)) }
        let text = (fast + slow).joined(separator: " ")
        let layout = CueRules(maxLineLength: 20).layout([Segment(id: 7, start: 0, end: 10, text: text, language: "en", words: words)])
        #expect(!layout.warnings.contains { $0.contains("do not match") })
        #expect(layout.cues.count >= 2)
        for cue in layout.cues.dropFirst() {
            let firstWord = try #require(cue.text.split(separator: " ").first)
            let spoken = try #require(words.first { $0.text.dropFirst() == firstWord })
            #expect(abs(cue.start - spoken.start) < 1e-9, "cue '\(cue.text)' starts at \(cue.start), its first word at \(spoken.start)")
        }
    }

    @Test func alignsWordTimestampsThatSplitWordsDifferently() {
        let words = [
            Word(start: 1, end: 1.3, text: " Don"), Word(start: 1.3, end: 1.5, text: "'t"),
            Word(start: 1.6, end: 2, text: " stop"), Word(start: 2, end: 2.1, text: "!"),
        ]
        let layout = rules.layout([Segment(id: 1, start: 0.5, end: 3, text: "Don't stop!", language: "en", words: words)])
        #expect(layout.warnings.isEmpty)
        #expect(layout.cues.map(\.text) == ["Don't stop!"])
        #expect(layout.cues.first?.start == 1)
    }

    @Test func fallsBackToProportionalTimingWhenWordsDoNotMatch() throws {
        let words = [Word(start: 0, end: 1, text: "something"), Word(start: 1, end: 2, text: "else")]
        let layout = rules.layout([Segment(id: 42, start: 0, end: 20, text: Self.longText, language: "en", words: words)])
        #expect(layout.warnings.contains { $0.contains("segment 42") && $0.contains("proportion") })
        assertInvariants(layout.cues, rules: rules)
        #expect(layout.cues.map(\.text).joined(separator: " ") == Self.longText)
        #expect(try #require(layout.cues.last).end <= 20)
    }

    @Test func gathersWarningsOfTheSameKind() {
        let segments = (1...7).map { (i: Int) -> Segment in
            let start = Double(i * 3)
            return Segment(id: UInt64(i), start: start, end: start + 2, text: "Words number \(i).", language: "en",
                           words: [Word(start: start, end: start + 1, text: "Other")])
        }
        let layout = rules.layout(segments)
        #expect(layout.warnings == ["7 segments (1, 2, 3, 4, 5, …) have word timings that do not match the text; timed in proportion to text length instead"])
        #expect(layout.cues.count == 7)
    }

    @Test func extendsShortCuesIntoFollowingSilence() {
        let layout = rules.layout([
            Segment(id: 1, start: 1, end: 1.2, text: "Ok.", language: "en"),
            Segment(id: 2, start: 5, end: 6, text: "This sentence needs well over two seconds.", language: "en"),
            Segment(id: 3, start: 12, end: 20, text: "Fine.", language: "en"),
        ])
        #expect(layout.cues.count == 3)
        #expect(abs(layout.cues[0].duration - 0.833) < 1e-9)
        #expect(layout.cues[1].duration >= Double(layout.cues[1].text.count) / 17)
        #expect(layout.cues[2].duration <= 7)
        assertInvariants(layout.cues, rules: rules)
    }

    @Test func extendsBackwardWhenTheNextCueFollowsAtOnce() {
        let oneLine = CueRules(maxLines: 1)
        let layout = oneLine.layout([
            Segment(id: 1, start: 0, end: 1, text: "Earlier words here.", language: "en"),
            Segment(id: 2, start: 4, end: 4.3, text: "Hey!", language: "en"),
            Segment(id: 3, start: 4.4, end: 7, text: "Absolutely everything is fine over there", language: "en"),
        ])
        #expect(layout.cues.map(\.text) == ["Earlier words here.", "Hey!", "Absolutely everything is fine over there"])
        #expect(abs(layout.cues[1].duration - 0.833) < 1e-9)
        #expect(abs(layout.cues[1].end - (4.4 - 0.083)) < 1e-9)
        assertInvariants(layout.cues, rules: oneLine)
    }

    @Test func mergesTinyCues() {
        let layout = rules.layout([
            Segment(id: 1, start: 1, end: 1.2, text: "Oh,", language: "en"),
            Segment(id: 2, start: 1.25, end: 1.6, text: "I see.", language: "en"),
            Segment(id: 3, start: 1.7, end: 3, text: "Go on.", language: "en"),
        ])
        #expect(layout.cues.map(\.text) == ["Oh, I see. Go on."])
        #expect(layout.cues.first?.start == 1)
    }

    @Test func removesOverlapsAndKeepsTheGap() {
        let layout = rules.layout([
            Segment(id: 1, start: 0, end: 5, text: "The first speaker talks for quite a long while about many things.", language: "en"),
            Segment(id: 2, start: 3, end: 6, text: "While the second one interrupts with a long remark of their own.", language: "en"),
            Segment(id: 3, start: 3, end: 3.5, text: "And a third.", language: "en"),
        ])
        assertInvariants(layout.cues, rules: rules)
    }

    @Test func capsTheDuration() {
        let layout = rules.layout([Segment(id: 1, start: 2, end: 30, text: "Yes.", language: "en")])
        #expect(layout.cues.count == 1)
        #expect(layout.cues[0].start == 2)
        #expect(layout.cues[0].end == 9)
    }

    @Test func splitsByDurationEvenWhenTheTextWouldFit() {
        let layout = rules.layout([Segment(id: 1, start: 0, end: 20, text: "Slowly now, one word, then another, then the end.", language: "en")])
        #expect(layout.cues.count >= 3)
        assertInvariants(layout.cues, rules: rules)
    }

    @Test func cutsWordsLongerThanALine() {
        let url = "https://example.com/a/very/long/path/that/does/not/fit/on/one/line"
        let layout = rules.layout([Segment(id: 1, start: 0, end: 6, text: "See \(url) for more.", language: "en")])
        assertInvariants(layout.cues, rules: rules)
        #expect(layout.cues.map(\.text).joined().filter { $0 != " " } == "See\(url)formore.")
    }

    @Test func givesSegmentsWithoutAnEndTimeAReadingTime() {
        let layout = rules.layout([Segment(id: 9, start: 3, end: 3, text: "Zero length.", language: "en")])
        #expect(layout.cues.count == 1)
        #expect(abs(layout.cues[0].duration - 0.833) < 1e-9)
        #expect(layout.warnings.contains { $0.contains("segment 9") })
    }

    @Test func warnsAboutSpeechTooFastToRead() {
        let layout = rules.layout([
            Segment(id: 1, start: 0, end: 1, text: "Far too many words for one second of speech.", language: "en"),
            Segment(id: 2, start: 1.1, end: 3, text: "Next.", language: "en"),
        ])
        #expect(layout.warnings.contains { $0.contains("faster than 17 characters per second") })
    }

    @Test func ignoresEmptySegments() {
        #expect(rules.layout([Segment(id: 1, start: 0, end: 1, text: "  ", language: "en")]).cues.isEmpty)
        #expect(rules.layout([]).cues.isEmpty)
    }
}

/// Fails the test unless `cues` keep the hard rules: in time order, not overlapping and at least
/// the minimum gap apart, each shown for a positive time up to the maximum, within the line limits.
func assertInvariants(_ cues: [Cue], rules: CueRules, sourceLocation: SourceLocation = #_sourceLocation) {
    for cue in cues {
        #expect(cue.end > cue.start, "cue \(cue) has no duration", sourceLocation: sourceLocation)
        #expect(cue.duration <= rules.maxDuration + 1e-9, "cue \(cue) is too long", sourceLocation: sourceLocation)
        #expect((1...rules.maxLines).contains(cue.lines.count), "cue \(cue) has \(cue.lines.count) lines", sourceLocation: sourceLocation)
        for line in cue.lines {
            #expect(line.count <= rules.maxLineLength, "line '\(line)' is \(line.count) characters", sourceLocation: sourceLocation)
        }
    }
    for (cue, next) in zip(cues, cues.dropFirst()) {
        #expect(next.start - cue.end >= rules.minGap - 1e-9, "\(cue) and \(next) are closer than \(rules.minGap) s", sourceLocation: sourceLocation)
    }
}
