import ArgumentParser
import Foundation
import Logging
import Translation

/// `vtrans languages`: the source→target routes the installed translation engine offers, with
/// the pivot languages a route goes through.
struct LanguagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "languages",
        abstract: "List the languages the translator can translate between, with pivots.",
        discussion: """
            Routes come from the installed Apertium pairs; where there is no direct pair, a \
            route goes through pivot languages (at most three steps), shown after 'via'.

            Examples:
              vtrans languages
              vtrans languages --from en
              vtrans languages --json
            """)

    @Option(name: .customLong("from"), help: ArgumentHelp("Only routes from this language (ISO 639-1, such as en).", valueName: "language"))
    var source: String?

    @Flag(help: "Print the routes as JSON.")
    var json = false

    @Option(name: .customLong("apertium-dir"), help: ArgumentHelp(
        "Apertium's data directory, holding modes/ (default: $VTRANS_APERTIUM_DIR, else /usr/share/apertium).", valueName: "dir"))
    var apertiumDirectory: String?

    /// What `--json` prints.
    private struct Listing: Encodable {
        var backend: String
        var routes: [Route]
    }

    /// One route as `--json` prints it; `path` runs from the source to the target.
    private struct Route: Encodable {
        var source: String
        var target: String
        var path: [String]
    }

    func run() throws {
        let directory = apertiumDirectory ?? ProcessInfo.processInfo.environment["VTRANS_APERTIUM_DIR"] ?? ApertiumBackend.Configuration().dataDirectory
        let backend: ApertiumBackend
        do {
            backend = try ApertiumBackend(configuration: .init(dataDirectory: directory), logger: Logger(label: "vtrans"))
        } catch {
            throw ValidationError(error.message)
        }
        let routes = LanguageRoutes(pairs: backend.modes.map(\.pair))
        let listed: [TranslationRoute]
        if let source {
            let code: LanguageCode
            do { code = try LanguageCode(source) } catch { throw ValidationError(error.message) }
            listed = routes.routes(from: code)
            if listed.isEmpty, !json {
                let sources = routes.sources.map(\.identifier).joined(separator: ", ")
                FileHandle.standardError.write(Data("no installed pair translates from '\(code)'; languages with routes: \(sources)\n".utf8))
            }
        } else {
            listed = routes.allRoutes
        }

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let listing = Listing(backend: backend.name, routes: listed.map {
                Route(source: $0.source.identifier, target: $0.target.identifier, path: $0.path.map(\.identifier))
            })
            print(String(decoding: try encoder.encode(listing), as: UTF8.self))
            return
        }
        let sourceWidth = listed.map(\.source.identifier.count).max() ?? 0
        let targetWidth = listed.map(\.target.identifier.count).max() ?? 0
        for route in listed {
            let line = "\(route.source.identifier.padding(toLength: sourceWidth, withPad: " ", startingAt: 0)) → "
            if route.pivots.isEmpty {
                print(line + route.target.identifier)
            } else {
                let target = route.target.identifier.padding(toLength: targetWidth, withPad: " ", startingAt: 0)
                print(line + target + "  via " + route.pivots.map(\.identifier).joined(separator: ", "))
            }
        }
    }
}
