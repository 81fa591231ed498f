import Testing
@testable import Translation

@Suite(.serialized) struct TranscriptTranslatorTests {
    let routes = LanguageRoutes(pairs: try! ApertiumMode.installed(in: "/usr/share/apertium").map(\.pair))

    func translator(_ backend: ApertiumBackend, to target: String, options: TranscriptTranslator.Options = .init()) throws -> TranscriptTranslator {
        let route = try routes.route(from: Apertium.code("en"), to: Apertium.code(target))
        return TranscriptTranslator(backend: backend, route: route, options: options, logger: Apertium.logger)
    }

    let talk = [
        TimedSegment(id: 10, start: 0.0, end: 1.8, text: "Good morning, everyone."),
        TimedSegment(id: 11, start: 2.0, end: 3.1, text: "The old man who lives"),
        TimedSegment(id: 12, start: 3.2, end: 4.4, text: "next door to my sister"),
        TimedSegment(id: 13, start: 4.5, end: 6.0, text: "bought a new red car yesterday."),
        TimedSegment(id: 14, start: 6.3, end: 8.0, text: "It is fast. We like it a lot."),
    ]

    @Test func englishToSpanishKeepsIdsTimesAndSentences() async throws {
        let backend = try Apertium.backend()
        let result = try await translator(backend, to: "es").translate(talk)
        await backend.shutdown()

        #expect(result.segments.map(\.id) == talk.map(\.id))
        #expect(result.segments.map(\.start) == talk.map(\.start))
        #expect(result.segments.map(\.end) == talk.map(\.end))
        #expect(result.segments.allSatisfy { !$0.text.isEmpty })
        #expect(result.sentenceCount == 4)
        #expect(result.route.description == "en→es")
        #expect(result.warnings.isEmpty)

        // The sentence spread over segments 11–13 was translated whole.
        let joined = "The old man who lives next door to my sister bought a new red car yesterday."
        let expected = try Apertium.direct(joined, mode: "eng-spa")
        #expect(result.segments[1...3].map(\.text).joined(separator: " ") == expected)
        #expect(result.segments[0].text == (try Apertium.direct("Good morning, everyone.", mode: "eng-spa")))
    }

    @Test func englishToPortugueseGoesThroughSpanish() async throws {
        let backend = try Apertium.backend()
        let result = try await translator(backend, to: "pt").translate(talk)
        await backend.shutdown()

        #expect(result.route.path.map(\.identifier) == ["en", "es", "pt"])
        #expect(result.segments.allSatisfy { !$0.text.isEmpty })
        let spanish = try Apertium.direct("It is fast. We like it a lot.", mode: "eng-spa")
        #expect(result.segments[4].text == (try Apertium.direct(spanish, mode: "es-pt")))
    }

    @Test func glossaryTermsStayAsGiven() async throws {
        let backend = try Apertium.backend()
        let glossary = try Glossary(lines: ["cluster", "mat=alfombrilla", "open source"])
        let segments = [TimedSegment(id: 1, start: 0, end: 3, text: "We run the cluster on the mat with open source tools.")]
        let result = try await translator(backend, to: "es", options: .init(glossary: glossary)).translate(segments)
        await backend.shutdown()

        let text = result.segments[0].text
        #expect(text.contains("cluster"))
        #expect(text.contains("alfombrilla"))
        #expect(text.contains("open source"))
        #expect(!text.contains("estera"))
    }

    @Test func namesAndNumbersArePreserved() async throws {
        let backend = try Apertium.backend()
        let segments = [TimedSegment(id: 1, start: 0, end: 3, text: "Yesterday Peter Baker paid 3,500 dollars to Mr. Smith.")]
        let result = try await translator(backend, to: "es").translate(segments)
        await backend.shutdown()

        let text = result.segments[0].text
        #expect(text.contains("Peter Baker"))
        #expect(text.contains("Smith"))
        #expect(text.contains("3,500"))
    }

    @Test func reportsTheShareOfUnknownWords() async throws {
        let backend = try Apertium.backend()
        let segments = [TimedSegment(id: 1, start: 0, end: 3, text: "The zorblax flurbed on the mat.")]
        let result = try await translator(backend, to: "es").translate(segments)
        await backend.shutdown()

        #expect(result.unknownWordCount == 2)
        #expect(result.unknownWordShare > 0.2 && result.unknownWordShare < 0.6)
        #expect(!result.segments[0].text.contains("*"))
    }

    @Test func unknownWordsAreCountedOnceThroughAPivot() async throws {
        let backend = try Apertium.backend()
        let segments = [TimedSegment(id: 1, start: 0, end: 3, text: "The zorblax is on the table.")]
        let result = try await translator(backend, to: "pt").translate(segments)
        await backend.shutdown()

        #expect(result.unknownWordCount == 1)
        #expect(result.segments[0].text.contains("zorblax"))
    }

    @Test func moreSegmentsThanTranslatedWordsStillGivesEveryCueText() async throws {
        let backend = try Apertium.backend()
        let segments = [
            TimedSegment(id: 1, start: 0, end: 0.4, text: "Yes"),
            TimedSegment(id: 2, start: 0.5, end: 0.9, text: "indeed"),
            TimedSegment(id: 3, start: 1.0, end: 1.2, text: "sir."),
        ]
        let result = try await translator(backend, to: "es").translate(segments)
        await backend.shutdown()

        #expect(result.segments.count == 3)
        #expect(result.segments.allSatisfy { !$0.text.isEmpty })
    }

    @Test func wordTimestampsWeightTheDistribution() async throws {
        let backend = try Apertium.backend()
        let words = [("The", 0.0, 0.1), ("cat", 0.1, 0.2), ("sat", 0.2, 0.3), ("on", 0.4, 1.0), ("the", 1.0, 2.0), ("mat.", 2.0, 3.5)]
            .map { TimedWord(text: $0.0, start: $0.1, end: $0.2) }
        let segments = [
            TimedSegment(id: 1, start: 0, end: 0.3, text: "The cat sat", words: Array(words[0..<3])),
            TimedSegment(id: 2, start: 0.4, end: 3.5, text: "on the mat.", words: Array(words[3..<6])),
        ]
        let result = try await translator(backend, to: "es").translate(segments)
        await backend.shutdown()

        // By text length the two halves would be even; by spoken time the second holds most.
        let first = result.segments[0].text.split(separator: " ").count
        let second = result.segments[1].text.split(separator: " ").count
        #expect(result.sentenceCount == 1)
        #expect(first == 1 && second > 3)
        #expect(result.warnings.isEmpty)
    }

    @Test func mismatchedWordTimestampsFallBackWithAWarning() async throws {
        let backend = try Apertium.backend()
        let segments = [
            TimedSegment(id: 7, start: 0, end: 1, text: "The cat sat", words: [TimedWord(text: "The", start: 0, end: 0.5)]),
            TimedSegment(id: 8, start: 1, end: 2, text: "on the mat."),
        ]
        let result = try await translator(backend, to: "es").translate(segments)
        await backend.shutdown()

        #expect(result.segments.allSatisfy { !$0.text.isEmpty })
        #expect(result.warnings.map(\.segmentID) == [7])
    }

    @Test func anEmptyRunTranslatesToNothing() async throws {
        let backend = try Apertium.backend()
        let result = try await translator(backend, to: "es").translate([])
        #expect(result.segments.isEmpty)
        #expect(result.unknownWordShare == 0)
    }
}
