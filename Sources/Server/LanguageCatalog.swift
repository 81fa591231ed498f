import Foundation
import Logging
import Translation

/// The languages jobs can use, from the `Translation` module's route listing: every source with
/// the targets it reaches (directly or through pivots), and a display name per code.
struct LanguageCatalog: Sendable {
    struct Language: Encodable, Sendable {
        var code: String
        var name: String
    }

    struct Route: Encodable, Sendable {
        var source: String
        var targets: [String]
    }

    struct Listing: Encodable, Sendable {
        var languages: [Language]
        var sources: [String]
        var routes: [Route]
        var backend: String
        var error: String?
    }

    /// Apertium's data directory.
    let apertiumDirectory: String
    let logger: Logger

    /// The current listing; an empty one with the reason when no backend is installed.
    func listing() async -> Listing {
        let backend: ApertiumBackend
        do {
            backend = try ApertiumBackend(configuration: .init(dataDirectory: apertiumDirectory), logger: logger)
        } catch {
            return Listing(languages: [], sources: [], routes: [], backend: "apertium", error: "\(error)")
        }
        let routes = LanguageRoutes(pairs: await backend.availablePairs())
        let codes = Set(routes.allRoutes.flatMap { [$0.source, $0.target] }).sorted()
        return Listing(
            languages: codes.map { Language(code: $0.identifier, name: Self.name(of: $0.identifier)) },
            sources: routes.sources.map(\.identifier),
            routes: routes.sources.map { source in Route(source: source.identifier, targets: routes.routes(from: source).map(\.target.identifier)) },
            backend: backend.name, error: nil)
    }

    /// The English name of a language code (`es` → `Spanish`), or the code.
    static func name(of code: String) -> String {
        Locale(identifier: "en").localizedString(forIdentifier: code) ?? code
    }
}
