import Testing
@testable import Translation

@Suite struct LanguageRoutesTests {
    let routes = LanguageRoutes(pairs: try! ApertiumMode.installed(in: "/usr/share/apertium").map(\.pair))

    @Test(arguments: [("es", "en→es"), ("ca", "en→ca"), ("gl", "en→gl"), ("eo", "en→eo"), ("pt", "en→es→pt"), ("fr", "en→es→fr"), ("it", "en→es→it")])
    func englishReachesEveryRequiredTarget(target: String, path: String) throws {
        let route = try routes.route(from: Apertium.code("en"), to: Apertium.code(target))
        #expect(route.description == path)
    }

    @Test func regionalTargetUsesItsOwnPairOrFallsBack() throws {
        #expect(try routes.route(from: Apertium.code("en"), to: Apertium.code("pt-BR")).description == "en→es→pt-BR")
        #expect(try routes.route(from: Apertium.code("en"), to: Apertium.code("es-MX")).description == "en→es")
    }

    @Test func unsupportedPairListsTheAvailableTargets() throws {
        let error = try #require(throws: TranslationError.self) {
            try routes.route(from: Apertium.code("en"), to: Apertium.code("ja"))
        }
        #expect(error.code == .noRoute)
        #expect(error.availableTargets.map(\.identifier).contains("es"))
        #expect(error.availableTargets.map(\.identifier).contains("pt"))
        #expect(error.message.contains("available targets for 'en'"))
        #expect(error.message.contains("es"))
    }

    @Test func unknownSourceListsTheSources() throws {
        let error = try #require(throws: TranslationError.self) {
            try routes.route(from: Apertium.code("ja"), to: Apertium.code("en"))
        }
        #expect(error.availableTargets.isEmpty)
        #expect(error.message.contains("sources with routes"))
    }

    @Test func listsEveryRouteOnce() {
        let all = routes.allRoutes
        #expect(Set(all.map { LanguagePair(source: $0.source, target: $0.target) }).count == all.count)
        #expect(all.allSatisfy { $0.path.count <= 4 && $0.source != $0.target })
        #expect(all.contains { $0.description == "pt→es→en" })
        #expect(!all.contains { $0.source.language == $0.target.language })
    }

    @Test func directOnlyRoutesHaveNoPivots() {
        let direct = LanguageRoutes(pairs: routes.pairs, maximumSteps: 1)
        #expect(direct.allRoutes.allSatisfy { $0.pivots.isEmpty })
        #expect(direct.allRoutes.count == routes.pairs.count)
    }
}
