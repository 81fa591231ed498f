import Testing
@testable import Translation

@Suite struct ApertiumModeTests {
    @Test(arguments: [
        ("eng-spa", "en", "es"), ("spa-eng", "es", "en"), ("es-pt", "es", "pt"), ("es-pt_BR", "es", "pt-BR"),
        ("en-gl", "en", "gl"), ("spa-ita", "es", "it"), ("fr-es", "fr", "es"), ("spa-eng_US", "es", "en-US"),
    ])
    func readsDirections(name: String, source: String, target: String) throws {
        let mode = try #require(ApertiumMode(name: name))
        #expect(mode.pair == LanguagePair(source: Apertium.code(source), target: Apertium.code(target)))
    }

    @Test(arguments: ["en-eo-bytecode", "eo-en-j", "eco-es-fr", "eng-cat_valencia", "eng-cat_valencia_uni", "README"])
    func skipsVariantsAndDebugModes(name: String) {
        #expect(ApertiumMode(name: name) == nil)
    }

    @Test func findsTheInstalledPairs() throws {
        let modes = try ApertiumMode.installed(in: "/usr/share/apertium")
        let names = Set(modes.map(\.name))
        #expect(names.isSuperset(of: ["eng-spa", "spa-eng", "es-pt", "es-fr", "spa-ita", "eng-cat", "en-gl", "en-eo"]))
        #expect(Set(modes.map(\.pair)).count == modes.count)
    }

    @Test func reportsAMissingDataDirectory() {
        #expect(throws: TranslationError.self) { try ApertiumMode.installed(in: "/nonexistent/apertium") }
    }
}
