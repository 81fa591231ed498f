import Testing
@testable import Translation

@Suite struct LanguageCodeTests {
    @Test(arguments: [("en", "en"), ("eng", "en"), ("spa", "es"), ("ES", "es"), ("pt_BR", "pt-BR"), ("pt-br", "pt-BR"), ("glg", "gl"), ("epo", "eo"), ("ast", "ast")])
    func normalises(input: String, expected: String) throws {
        #expect(try LanguageCode(input).identifier == expected)
    }

    @Test(arguments: ["", "e", "english", "en-", "en-USA", "e1", "pt-BR-x"])
    func rejectsMalformedCodes(input: String) {
        #expect(throws: TranslationError.self) { try LanguageCode(input) }
    }
}
