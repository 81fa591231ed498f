import Foundation
import Hummingbird
import HummingbirdWebSocket
import JobStore

/// `GET /api/jobs/{id}/events` as a WebSocket: the job as it is now, then every stage event as
/// it happens, then the job once more when it ends; the server then closes the socket.
struct EventRoutes: Sendable {
    let components: ServerComponents

    func register(on router: Router<ServerRequestContext>) {
        router.ws("/api/jobs/:id/events") { request, context in
            let id = try context.parameters.require("id")
            guard try await components.store.job(id: id) != nil else { throw APIError.notFound("no job \(id)") }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let id = context.requestContext.parameters.get("id") else { return }
            let subscription = components.hub.subscribe(jobID: id)
            defer { components.hub.unsubscribe(jobID: id, id: subscription.id) }
            guard var job = try await components.store.job(id: id) else { return }
            if job.state == .running, let stages = components.runner.liveStages(jobID: id) { job.stages = stages }
            try await outbound.write(.text(JobEvent.job(job).json))
            guard !job.state.isFinal else { return }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in subscription.events { try await outbound.write(.text(text)) }
                }
                group.addTask {
                    // Read until the client closes; what it sends is ignored.
                    for try await _ in inbound {}
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}
