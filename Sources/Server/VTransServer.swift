import Foundation
import Hummingbird
import HummingbirdWebSocket
import JobStore
import Logging
import Pipeline
import Storage
import Supervisor

/// The HTTP service: REST API, WebSocket progress, the web page, and the job runner.
///
/// `run()` opens the job store and storage, recovers from a previous run (jobs left running are
/// retried once or failed with the reason; stage processes left behind are killed), then serves
/// until SIGTERM or SIGINT, stopping HTTP first and then every running stage.
///
/// This module never imports a stage's code: stages run as processes under the `Supervisor`.
public struct VTransServer: Sendable {
    /// The version `/health` reports.
    public static let version = "0.1.0"

    /// How the server is set up.
    public let configuration: ServerConfiguration
    private let registry: PluginRegistry
    private let pipelineDirectories: [String]
    private let locator: ExecutableLocator
    private let logger: Logger

    /// - Parameters:
    ///   - configuration: settings (see ``ServerConfiguration``).
    ///   - registry: the installed plugins.
    ///   - pipelineDirectories: where pipeline YAML files are, earliest first.
    ///   - locator: finds stage executables.
    ///   - logger: the server's logger.
    public init(configuration: ServerConfiguration, registry: PluginRegistry, pipelineDirectories: [String], locator: ExecutableLocator, logger: Logger) {
        self.configuration = configuration
        self.registry = registry
        self.pipelineDirectories = pipelineDirectories
        self.locator = locator
        self.logger = logger
    }

    /// Serves until a termination signal.
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    /// - Throws: when the store, storage or the listening socket cannot be set up.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let data = configuration.dataDirectory
        for directory in ["uploads", "output", "logs"] {
            try FileManager.default.createDirectory(atPath: "\(data)/\(directory)", withIntermediateDirectories: true)
        }
        let store = try Self.openStore(configuration.databaseURL, logger: logger)
        let blobs = try LocalBlobStore(root: data, logger: logger)
        try await recover(store: store, blobs: blobs)

        let library = PipelineLibrary(directories: pipelineDirectories, registry: registry)
        let hub = EventHub()
        let metrics = ServerMetrics()
        let planner = JobPlanner(library: library)
        let runner = JobRunner(
            store: store, blobs: blobs, planner: planner, locator: locator, hub: hub, metrics: metrics, workers: configuration.workers,
            logger: logger)
        let components = ServerComponents(
            configuration: configuration, store: store, blobs: blobs, library: library, planner: planner,
            probe: MediaProbe(registry: registry, locator: locator, logger: logger), runner: runner, hub: hub, metrics: metrics,
            rateLimiter: RateLimiter(limit: configuration.rateLimitPerMinute),
            health: HealthCheck(
                store: store, blobs: blobs, registry: registry, locator: locator, modelsDirectory: configuration.modelsDirectory,
                minimumFreeBytes: configuration.minimumFreeBytes),
            languages: LanguageCatalog(apertiumDirectory: configuration.apertiumDirectory, logger: logger), logger: logger)

        let router = buildRouter(components)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "vtrans"),
            services: [runner],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }

    func buildRouter(_ components: ServerComponents) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        if !configuration.corsOrigins.isEmpty {
            router.add(middleware: CORSPolicyMiddleware(origins: Set(configuration.corsOrigins)))
        }
        if let publicDirectory = configuration.publicDirectory ?? Self.shippedPublicDirectory() {
            router.add(middleware: FileMiddleware(publicDirectory, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true, logger: logger))
        } else {
            logger.warning("no web page files found; the API works, the page does not (set VTRANS_PUBLIC_DIR)")
        }
        JobRoutes(components: components).register(on: router)
        ArtifactRoutes(components: components).register(on: router)
        EventRoutes(components: components).register(on: router)
        ServiceRoutes(components: components).register(on: router)
        return router
    }

    /// The web page's files: the SwiftPM resources beside the executable, the image's
    /// `/app/public`, or the checkout's `Sources/Server/Public` for a build-tree binary.
    static func shippedPublicDirectory() -> String? {
        let executableDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
        var candidates = ["\(executableDirectory)/vtrans_Server.resources/Public", "/app/public"]
        if let checkout = PluginRegistry.checkoutDirectory(of: executableDirectory) {
            candidates.append("\(checkout)/Sources/Server/Public")
        }
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/index.html") }
    }

    /// The job store a database URL names.
    static func openStore(_ url: String, logger: Logger) throws -> any JobStore {
        switch try DatabaseLocation(url: url) {
        case .sqlite(let path):
            return try SQLiteJobStore(path: path, logger: logger)
        case .postgres:
            throw JobStoreError(.unsupported, "this build has no PostgreSQL job store yet; use a sqlite:// URL (VTRANS_DATABASE_URL)")
        }
    }

    /// Jobs left running by a previous run of the server, and their stage processes.
    private func recover(store: any JobStore, blobs: any BlobStore) async throws {
        let recovery = try await store.recoverAfterRestart(maxAttempts: configuration.maxAttempts)
        let killed = LeftoverProcesses.stop(recovery.processes, logger: logger)
        for id in recovery.failed + recovery.cancelled {
            try? blobs.delete(prefix: try BlobKey(components: ["output", id]))
        }
        if !(recovery.requeued.isEmpty && recovery.failed.isEmpty && recovery.cancelled.isEmpty && killed.isEmpty) {
            logger.notice("recovered from the previous run", metadata: [
                "requeued": "\(recovery.requeued)", "failed": "\(recovery.failed)", "cancelled": "\(recovery.cancelled)", "killed_processes": "\(killed)",
            ])
        }
    }
}
