import CoreMetrics
import Foundation
import JobStore
import Metrics
import Prometheus

/// The server's Prometheus metrics: jobs by state and queue depth (read from the store when
/// scraped), stage durations (histograms by stage and outcome), jobs finished and uploads.
///
/// Metrics go to this server's own registry through swift-metrics' API with an explicit
/// factory, so nothing global is bootstrapped and tests can build several servers.
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let buckets: [Duration] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600].map { .milliseconds(Int64($0 * 1000)) }
        factory.defaultDurationHistogramBuckets = buckets
        self.factory = factory
    }

    /// Records how long a stage took and how it ended.
    func recordStage(_ stage: String, seconds: Double, outcome: String) {
        Metrics.Timer(label: "vtrans_stage_duration_seconds", dimensions: [("stage", stage), ("outcome", outcome)], factory: factory)
            .recordNanoseconds(Int64(seconds * 1_000_000_000))
    }

    /// Counts a job that reached a final state.
    func recordJobFinished(state: JobState) {
        Counter(label: "vtrans_jobs_finished_total", dimensions: [("state", state.rawValue)], factory: factory).increment()
    }

    /// Counts an accepted upload and its bytes.
    func recordUpload(bytes: Int64) {
        Counter(label: "vtrans_upload_bytes_total", factory: factory).increment(by: Int(bytes))
    }

    /// Counts a refused request by reason (`too_large`, `unsupported_media`, `rate_limited`…).
    func recordRejection(_ code: String) {
        Counter(label: "vtrans_rejected_requests_total", dimensions: [("code", code)], factory: factory).increment()
    }

    /// The Prometheus text, after setting the job gauges from `counts`.
    func render(counts: [JobState: Int], subscribers: Int) -> String {
        for state in JobState.allCases {
            Gauge(label: "vtrans_jobs", dimensions: [("state", state.rawValue)], factory: factory).record(counts[state] ?? 0)
        }
        Gauge(label: "vtrans_queue_depth", factory: factory).record(counts[.queued] ?? 0)
        Gauge(label: "vtrans_websocket_subscribers", factory: factory).record(subscribers)
        return registry.emitToString()
    }
}
