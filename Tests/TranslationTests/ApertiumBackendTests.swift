import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Translation

@Suite(.serialized) struct ApertiumBackendTests {
    let englishToSpanish = LanguagePair(source: Apertium.code("en"), target: Apertium.code("es"))

    @Test func translatesLikeThePlainCommand() async throws {
        let backend = try Apertium.backend()
        let sentences = ["The cat is sleeping on the mat.", "Where is the library?", "We bought three new cars yesterday"]
        let results = try await backend.translate(sentences.map { TranslatableText($0) }, pair: englishToSpanish)
        for (sentence, result) in zip(sentences, results) {
            #expect(result.text.plainText == (try Apertium.direct(sentence, mode: "eng-spa")))
        }
        await backend.shutdown()
    }

    @Test func stripsAndCountsUnknownWordMarks() async throws {
        let backend = try Apertium.backend()
        let result = try #require(try await backend.translate([TranslatableText("The zorblax flurbed on the mat.")], pair: englishToSpanish).first)
        #expect(result.unknownWords == ["zorblax", "flurbed"])
        #expect(!result.text.plainText.contains("*"))
        #expect(result.text.plainText.contains("zorblax"))
        #expect(result.text.pieces.contains(.verbatim("zorblax")))
        #expect(result.wordCount == ApertiumStream.wordCount(result.text.plainText))
        await backend.shutdown()
    }

    @Test func verbatimRunsSurviveUnchanged() async throws {
        let backend = try Apertium.backend()
        let text = TranslatableText([.text("I deployed the big "), .verbatim("Kubernetes [prod] cluster"), .text(" yesterday.")])
        let result = try #require(try await backend.translate([text], pair: englishToSpanish).first)
        #expect(result.text.plainText.contains("Kubernetes [prod] cluster"))
        #expect(result.text.plainText.hasPrefix("Desplegué"))
        await backend.shutdown()
    }

    @Test(arguments: [
        "Write to joe@example.com about #topic today.", "Costs rose 50% (from $5 to $7.50) in 2023.",
        "Use a/b, <tags>, {braces}, [brackets], ^carets$ and back\\slash.", "Visit https://example.org/a*b~c now.",
    ])
    func reservedCharactersComeBackAsWritten(sentence: String) async throws {
        let backend = try Apertium.backend()
        let result = try #require(try await backend.translate([TranslatableText(sentence)], pair: englishToSpanish).first)
        for character in "@#$%/<>{}[]^\\*~" {
            #expect(result.text.plainText.count { $0 == character } == sentence.count { $0 == character }, "\(character) in \(result.text.plainText)")
        }
        for protected in sentence.split(separator: " ").filter({ $0.contains("@") || $0.contains("://") || $0.contains("#") }) {
            #expect(result.text.plainText.contains(protected.trimmingCharacters(in: .punctuationCharacters.subtracting(CharacterSet(charactersIn: "#")))))
        }
        #expect(!result.unknownWords.contains { $0.contains("@") || $0.contains("/") })
        await backend.shutdown()
    }

    @Test func wordsAfterProtectedTextKeepTheirCase() async throws {
        let backend = try Apertium.backend()
        let results = try await backend.translate([
            TranslatableText([.verbatim("Kubernetes"), .text(" is here.")]),
            TranslatableText([.text("I met Dr. "), .verbatim("Brown"), .text(" and his wife.")]),
        ], pair: englishToSpanish)
        #expect(results.map(\.text.plainText) == ["Kubernetes es aquí.", "Cumplí Dr. Brown y su mujer."])
        await backend.shutdown()
    }

    @Test func survivesTheChildBeingKilledMidBatch() async throws {
        let backend = try Apertium.backend()
        let sentences = (0..<3000).map { TranslatableText("Sentence number \($0) tells how the old man bought a new red car.") }
        let clock = ContinuousClock()
        let started = clock.now
        let reference = try await backend.translate(sentences, pair: englishToSpanish)
        let duration = clock.now - started
        let firstChild = try #require(backend.childProcessIDs["eng-spa"])

        async let interrupted = backend.translate(sentences, pair: englishToSpanish)
        try await Task.sleep(for: duration / 3)
        kill(-firstChild, SIGKILL)
        let results = try await interrupted

        #expect(results == reference)
        #expect(results.allSatisfy { !$0.text.plainText.isEmpty })
        let secondChild = try #require(backend.childProcessIDs["eng-spa"])
        #expect(secondChild != firstChild)
        await backend.shutdown()
        #expect(backend.childProcessIDs.isEmpty)
    }

    @Test func unknownPairIsRejected() async throws {
        let backend = try Apertium.backend()
        let pair = LanguagePair(source: Apertium.code("en"), target: Apertium.code("ja"))
        await #expect(throws: TranslationError.self) { try await backend.translate([TranslatableText("Hello.")], pair: pair) }
    }

    @Test func missingProgramIsReported() async throws {
        let backend = try ApertiumBackend(configuration: .init(pipelineTool: "/nonexistent/apertium-wblank-mode"), logger: Apertium.logger)
        let error = await #expect(throws: TranslationError.self) { try await backend.translate([TranslatableText("Hello.")], pair: englishToSpanish) }
        #expect(error?.code == .backendUnavailable)
    }
}
