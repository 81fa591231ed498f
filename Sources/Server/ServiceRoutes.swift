import Foundation
import Hummingbird
import Pipeline

/// `/health`, `/metrics`, `/api/languages` and `/api/pipelines`.
struct ServiceRoutes: Sendable {
    let components: ServerComponents

    func register(on router: Router<ServerRequestContext>) {
        router.get("/health") { _, _ in
            let report = await components.health.report()
            return try Response.json(report, status: report.ok ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            let counts = try await components.store.countsByState()
            let text = components.metrics.render(counts: counts, subscribers: components.hub.totalSubscribers)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/api/languages") { _, _ in
            try Response.json(await components.languages.listing(), headers: [.cacheControl: "max-age=60"])
        }
        router.get("/api/pipelines") { _, _ in try pipelines() }
    }

    private func pipelines() throws -> Response {
        struct Stage: Encodable {
            var name: String
            var plugin: String
            var parameters: [String]
        }
        struct Entry: Encodable {
            var name: String
            var summary: String
            var stages: [Stage]
            var usable: Bool
            var problems: [String]?
            var needsSubtitles: Bool
            var burnIn: Bool
        }
        struct Listing: Encodable {
            var pipelines: [Entry]
            var defaultPipeline: String?
        }
        let entries = components.library.entries().map { entry -> Entry in
            switch entry.definition {
            case .success(let definition):
                let names = Set(definition.stages.flatMap { $0.plugin.manifest.parameters.map(\.name) })
                return Entry(
                    name: entry.name, summary: definition.summary,
                    stages: definition.stages.map { Stage(name: $0.name, plugin: $0.plugin.manifest.name, parameters: $0.plugin.manifest.parameters.map(\.name)) },
                    usable: true, problems: nil, needsSubtitles: definition.stages.contains { $0.plugin.manifest.name == "import" },
                    burnIn: names.contains("burn_in"))
            case .failure(let error):
                return Entry(name: entry.name, summary: "", stages: [], usable: false, problems: error.diagnostics.map(\.description), needsSubtitles: false, burnIn: false)
            }
        }
        return try .json(Listing(pipelines: entries, defaultPipeline: components.library.defaultName()))
    }
}
