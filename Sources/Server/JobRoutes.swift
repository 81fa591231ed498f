import Foundation
import Hummingbird
import JobStore
import Logging
import NIOCore
import Storage

/// `/api/jobs`: submit (multipart upload), list, show and cancel jobs.
struct JobRoutes: Sendable {
    let components: ServerComponents

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/jobs") { request, context in try await self.submit(request, context: context) }
        router.get("/api/jobs") { request, _ in try await self.list(request) }
        router.get("/api/jobs/:id") { _, context in try await self.show(try context.parameters.require("id")) }
        router.delete("/api/jobs/:id") { _, context in try await self.cancel(try context.parameters.require("id")) }
    }

    /// `POST /api/jobs`.
    func submit(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let client = clientAddress(request, context: context)
        if let retryAfter = components.rateLimiter.acquire(client: client) {
            components.metrics.recordRejection("rate_limited")
            throw APIError(.tooManyRequests, code: "rate_limited",
                           message: "too many jobs from \(client): at most \(components.configuration.rateLimitPerMinute) a minute; try again in \(retryAfter) s",
                           headers: [.retryAfter: "\(retryAfter)"])
        }
        let headerKey = request.headers[.init("Idempotency-Key")!]
        if let key = headerKey, let existing = try await components.store.job(idempotencyKey: key) {
            return try .json(JobResource(existing), headers: [.location: "/api/jobs/\(existing.id)", .connection: "close"])
        }

        let jobID = UUID().uuidString.lowercased()
        let uploads = try BlobKey(components: ["uploads", jobID])
        let receiver = UploadReceiver(
            blobs: components.blobs,
            fileLimits: ["file": components.configuration.maxUploadBytes, "subtitles": components.configuration.maxSubtitlesBytes],
            maximumBodyBytes: components.configuration.maxUploadBytes + components.configuration.maxSubtitlesBytes + (1 << 20))
        do {
            let form = try await receiver.receive(request, into: uploads)
            let response = try await enqueue(form, jobID: jobID, headerKey: headerKey, client: client, logger: context.logger)
            return response
        } catch {
            try? components.blobs.delete(prefix: uploads)
            components.metrics.recordRejection(ErrorMiddleware<ServerRequestContext>.apiError(for: error).code)
            throw error
        }
    }

    private func enqueue(_ form: UploadedForm, jobID: String, headerKey: String?, client: String, logger: Logger) async throws -> Response {
        guard let file = form.files["file"] else {
            throw APIError.badRequest("the form has no 'file' field with the video", code: "missing_file")
        }
        guard file.bytes > 0 else { throw APIError.badRequest("the uploaded file '\(file.name)' is empty", code: "empty_file") }
        guard let pipeline = form.value("pipeline") ?? components.library.defaultName() else {
            throw APIError(.serviceUnavailable, code: "no_pipelines", message: "the server has no usable pipeline")
        }
        let source = try form.value("source_language").flatMap { $0.lowercased() == "auto" ? nil : try Self.languageCode($0) }
        let targets = try (form.values("target_languages", separators: [",", " "]) + form.values("target_language", separators: [",", " "]))
            .map(Self.languageCode)
        let burnIn = try Self.boolean(form.value("burn_in"), field: "burn_in")
        let overrides = form.values("overrides", separators: ["\n", "\r"])
        let idempotencyKey = headerKey ?? form.value("idempotency_key")
        guard (idempotencyKey?.utf8.count ?? 0) <= 200 else { throw APIError.badRequest("the idempotency key is longer than 200 bytes") }
        let priority = try form.value("priority").map { text -> Int in
            guard let value = Int(text), (-100...100).contains(value) else { throw APIError.badRequest("priority must be a whole number from -100 to 100") }
            return value
        } ?? 0

        let inputPath = components.blobs.localPath(for: file.key)
        try await components.probe.check(path: inputPath, fileName: file.name)
        let subtitlesPath = form.files["subtitles"].map { components.blobs.localPath(for: $0.key) }
        let plan = try components.planner.plan(
            pipeline: pipeline, sourceLanguage: source, targetLanguages: targets, burnIn: burnIn, overrides: overrides,
            subtitlesPath: subtitlesPath, input: inputPath, output: components.blobs.localPath(for: try BlobKey(components: ["output", jobID])))

        let (job, created) = try await components.store.enqueue(NewJob(
            id: jobID, pipeline: pipeline, sourceLanguage: source, targetLanguages: targets, burnIn: burnIn, overrides: overrides,
            idempotencyKey: idempotencyKey, priority: priority, client: client,
            input: InputFile(name: file.name, key: file.key.description, bytes: file.bytes),
            subtitles: form.files["subtitles"].map { InputFile(name: $0.name, key: $0.key.description, bytes: $0.bytes) }))
        guard created else {
            try? components.blobs.delete(prefix: try BlobKey(components: ["uploads", jobID]))
            return try .json(JobResource(job), headers: [.location: "/api/jobs/\(job.id)"])
        }
        components.metrics.recordUpload(bytes: file.bytes + (form.files["subtitles"]?.bytes ?? 0))
        components.runner.wake()
        logger.info("job queued", metadata: [
            "job": "\(job.id)", "pipeline": "\(pipeline)", "input": "\(file.name)", "bytes": "\(file.bytes)", "stages": "\(plan.definition.stages.map(\.name))",
        ])
        return try .json(JobResource(job), status: .accepted, headers: [.location: "/api/jobs/\(job.id)"])
    }

    /// `GET /api/jobs?state=running,queued&limit=50`.
    func list(_ request: Request) async throws -> Response {
        struct Listing: Encodable { var jobs: [JobResource] }
        var states = Set<JobState>()
        for name in (request.uri.queryParameters.get("state") ?? "").split(separator: ",") {
            guard let state = JobState(rawValue: String(name)) else {
                throw APIError.badRequest("unknown state '\(name)'; use \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            states.insert(state)
        }
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 50, 1), 500)
        let jobs = try await components.store.jobs(states: states, limit: limit)
        return try .json(Listing(jobs: jobs.map { JobResource(withLiveStages($0)) }))
    }

    /// `GET /api/jobs/{id}`.
    func show(_ id: String) async throws -> Response {
        guard let job = try await components.store.job(id: id) else { throw APIError.notFound("no job \(id)") }
        return try .json(JobResource(withLiveStages(job)))
    }

    /// `DELETE /api/jobs/{id}`: a queued job is cancelled at once (200); a running one is
    /// stopped (202, the job becomes `cancelled` when its stages are gone); a finished one
    /// cannot be cancelled (409).
    func cancel(_ id: String) async throws -> Response {
        guard let before = try await components.store.job(id: id) else { throw APIError.notFound("no job \(id)") }
        if before.state == .succeeded || before.state == .failed {
            throw APIError(.conflict, code: "job_finished", message: "job \(id) has already \(before.state.rawValue)")
        }
        guard let job = try await components.store.requestCancel(jobID: id) else { throw APIError.notFound("no job \(id)") }
        switch job.state {
        case .running:
            components.runner.cancel(jobID: id)
            return try .json(JobResource(withLiveStages(job)), status: .accepted)
        case .cancelled where before.state == .queued:
            try? components.blobs.delete(prefix: try BlobKey(components: ["uploads", id]))
            components.hub.finish(jobID: id, .job(job))
            components.metrics.recordJobFinished(state: .cancelled)
            return try .json(JobResource(job))
        default:
            return try .json(JobResource(job))
        }
    }

    private func withLiveStages(_ job: Job) -> Job {
        guard job.state == .running, let stages = components.runner.liveStages(jobID: job.id) else { return job }
        var job = job
        job.stages = stages
        return job
    }

    /// The client's address for the rate limit: the peer, or the first `X-Forwarded-For` hop when trusted.
    func clientAddress(_ request: Request, context: ServerRequestContext) -> String {
        if components.configuration.trustForwardedFor,
            let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty
        {
            return forwarded
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    /// A language code such as `en`, `pt-BR`; `APIError` 422 otherwise.
    static func languageCode(_ text: String) throws -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let letters = { (part: Substring) in part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } }
        guard (1...2).contains(parts.count), (2...3).contains(parts[0].count), letters(parts[0]),
            parts.count == 1 || (parts[1].count == 2 && letters(parts[1]))
        else {
            throw APIError(.unprocessableContent, code: "invalid_language", message: "'\(text)' is not a language code such as 'en' or 'pt-BR'")
        }
        return parts.count == 2 ? "\(parts[0].lowercased())-\(parts[1].uppercased())" : parts[0].lowercased()
    }

    /// A form boolean: true/false, on/off, yes/no, 1/0; absent is false.
    static func boolean(_ text: String?, field: String) throws -> Bool {
        guard let text else { return false }
        switch text.lowercased() {
        case "true", "on", "yes", "1": return true
        case "false", "off", "no", "0": return false
        default: throw APIError.badRequest("field '\(field)' must be true or false, not '\(text)'")
        }
    }
}
