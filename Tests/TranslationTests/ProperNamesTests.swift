import Testing
@testable import Translation

@Suite struct ProperNamesTests {
    /// The protected words of `sentence`, in order.
    func names(_ sentence: String, _ language: String = "en") throws -> [String] {
        ProperNames.ranges(in: sentence, language: try LanguageCode(language)).map { String(sentence[$0]) }
    }

    @Test(arguments: [
        ("Yesterday Peter Baker paid Mr. Smith.", ["Peter", "Baker", "Smith"]),
        ("John Smith left early.", ["John", "Smith"]),
        ("And Mr. John Dashwood had then leisure to consider.", ["John", "Dashwood"]),
        ("Then Mary left for Paris on Monday.", ["Mary", "Paris"]),
        ("Dr. Jennings and I met in March.", ["Jennings"]),
        ("The house was quiet.", []),
    ])
    func capitalisedWordsInsideASentenceAreNames(sentence: String, expected: [String]) throws {
        #expect(try names(sentence) == expected)
    }

    @Test func germanCapitalisesNounsSoNothingIsTakenForAName() throws {
        #expect(try names("Der Hund von Peter Müller schläft.", "de").isEmpty)
    }
}
