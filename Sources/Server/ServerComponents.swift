import Logging
import Storage
import JobStore

/// What the routes work with: one instance per server.
struct ServerComponents: Sendable {
    let configuration: ServerConfiguration
    let store: any JobStore
    let blobs: any BlobStore
    let library: PipelineLibrary
    let planner: JobPlanner
    let probe: MediaProbe
    let runner: JobRunner
    let hub: EventHub
    let metrics: ServerMetrics
    let rateLimiter: RateLimiter
    let health: HealthCheck
    let languages: LanguageCatalog
    let logger: Logger
}
