import Foundation
import Synchronization
import JobStore
import Logging
import Pipeline
import ServiceLifecycle
import StageProtocol
import Storage
import Supervisor

/// Runs queued jobs in a fixed number of worker slots, one ``PipelineRun`` per job.
///
/// Each slot claims the next job from the store (atomically, so no job runs twice), runs its
/// pipeline with `${input}` the uploaded file and its results in `output/<job id>/`, and records
/// the outcome. Slots wake when a job is queued and once a second. On graceful shutdown every
/// run is stopped and its job is left `running`, so the next start retries or fails it (see
/// ``JobStore/recoverAfterRestart(maxAttempts:)``).
final class JobRunner: Service, Sendable {
    private let store: any JobStore
    private let blobs: any BlobStore
    private let planner: JobPlanner
    private let locator: ExecutableLocator
    private let hub: EventHub
    private let metrics: ServerMetrics
    private let workers: Int
    private let logger: Logger
    private let instance = UUID().uuidString.prefix(8).lowercased()
    private let active = Mutex<[String: ActiveRun]>([:])
    private let wakeups = Mutex<[AsyncStream<Void>.Continuation]>([])
    private let stopping = Mutex(false)

    /// A job being run by a slot.
    private final class ActiveRun: Sendable {
        let tracker: JobProgressTracker
        let cancelRequested = Mutex(false)
        init(tracker: JobProgressTracker) { self.tracker = tracker }
    }

    init(store: any JobStore, blobs: any BlobStore, planner: JobPlanner, locator: ExecutableLocator, hub: EventHub, metrics: ServerMetrics, workers: Int, logger: Logger) {
        self.store = store
        self.blobs = blobs
        self.planner = planner
        self.locator = locator
        self.hub = hub
        self.metrics = metrics
        self.workers = workers
        self.logger = logger
    }

    func run() async throws {
        let streams = (0..<workers).map { _ in AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1)) }
        wakeups.withLock { $0 = streams.map(\.continuation) }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for (slot, stream) in streams.enumerated() {
                    group.addTask { await self.work(slot: slot, wakeups: stream.stream) }
                }
                group.addTask {
                    while !self.isStopping {
                        self.wake()
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
        logger.info("job runner stopped")
    }

    /// Tells the slots a job may be waiting.
    func wake() {
        for continuation in wakeups.withLock({ $0 }) { continuation.yield() }
    }

    /// The live progress of a job this server is running, fresher than the store's copy.
    func liveStages(jobID: String) -> [StageProgress]? {
        active.withLock { $0[jobID] }?.tracker.stages
    }

    /// Stops the run of `jobID` if this server runs it: its stage processes are killed (once
    /// they have all been started) and the job becomes `cancelled`.
    func cancel(jobID: String) {
        active.withLock { $0[jobID] }?.cancelRequested.withLock { $0 = true }
    }

    /// Stops every run and every slot.
    func stop() {
        stopping.withLock { $0 = true }
        for continuation in wakeups.withLock({ $0 }) { continuation.finish() }
        logger.info("stopping the job runner", metadata: ["running_jobs": "\(active.withLock { $0.count })"])
    }

    private var isStopping: Bool { stopping.withLock { $0 } }

    private func work(slot: Int, wakeups: AsyncStream<Void>) async {
        for await _ in wakeups {
            while !isStopping {
                let job: Job?
                do {
                    job = try await store.claimNext(worker: "\(instance)/\(slot)", slots: workers)
                } catch {
                    logger.error("cannot claim a job", metadata: ["error": "\(error)"])
                    break
                }
                guard let job else { break }
                await execute(job)
            }
        }
    }

    // MARK: One job

    private func execute(_ job: Job) async {
        var logger = self.logger
        logger[metadataKey: "job"] = "\(job.id)"
        logger.info("job started", metadata: ["pipeline": "\(job.pipeline)", "attempt": "\(job.attempts)"])
        hub.publish(jobID: job.id, .job(job))
        let outputKey: BlobKey
        let plan: JobPlan
        do {
            outputKey = try BlobKey(components: ["output", job.id])
            try blobs.delete(prefix: outputKey)
            let output = blobs.localPath(for: outputKey)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            plan = try planner.plan(
                pipeline: job.pipeline, sourceLanguage: job.sourceLanguage, targetLanguages: job.targetLanguages, burnIn: job.burnIn,
                overrides: job.overrides, subtitlesPath: try job.subtitles.map { blobs.localPath(for: try BlobKey($0.key)) },
                input: blobs.localPath(for: try BlobKey(job.input.key)), output: output)
        } catch {
            let apiError = ErrorMiddleware<ServerRequestContext>.apiError(for: error)
            await finishFailed(job, stages: [], failure: JobFailure(code: apiError.code, message: ([apiError.message] + apiError.details).joined(separator: "\n")), logger: logger)
            return
        }

        var executables: [String: String] = [:]
        for stage in plan.definition.stages { executables[stage.name] = try? locator.locate(stage.plugin) }
        let logFile = (try? BlobKey(components: ["logs", "\(job.id).log"])).map { blobs.localPath(for: $0) }
        let tracker = JobProgressTracker(
            jobID: job.id, stages: plan.definition.stages.map(\.name), executables: executables, logFile: logFile, hub: hub, metrics: metrics)
        let writer = Task { await self.write(tracker.updates, jobID: job.id, logger: logger) }
        let activeRun = ActiveRun(tracker: tracker)
        active.withLock { $0[job.id] = activeRun }
        defer { active.withLock { _ = $0.removeValue(forKey: job.id) } }
        if (try? await store.job(id: job.id))?.cancelRequested == true { cancel(jobID: job.id) }

        let outcome: Result<RunResult, SupervisorError>
        if activeRun.cancelRequested.withLock({ $0 }) {
            outcome = .failure(SupervisorError(.cancelled, message: "cancelled by request"))
        } else {
            do {
                var options = SupervisorOptions(logger: logger, onEvent: { tracker.handle($0) })
                options.workingDirectory = blobs.localPath(for: outputKey)
                let run = try PipelineRun(pipeline: plan.definition, locator: locator, options: options)
                let watcher = Task { await self.watch(run, activeRun: activeRun, stageCount: plan.definition.stages.count) }
                defer { watcher.cancel() }
                outcome = .success(try await run.run())
            } catch {
                outcome = .failure(error)
            }
        }

        let cancelled = activeRun.cancelRequested.withLock { $0 }
        tracker.finishUpdates()
        await writer.value
        switch outcome {
        case .success:
            let artifacts = collectArtifacts(tracker.files, outputKey: outputKey, logger: logger)
            let stages = tracker.closeStages(as: .succeeded)
            do {
                try await store.succeed(jobID: job.id, stages: stages, artifacts: artifacts, warnings: plan.warnings + tracker.warnings)
                logger.info("job succeeded", metadata: ["artifacts": "\(artifacts.map(\.name))"])
            } catch {
                logger.error("cannot record the job's success", metadata: ["error": "\(error)"])
            }
            await finished(job.id, state: .succeeded)
        case .failure(let error) where isStopping && !cancelled:
            // Left `running`: the next start of the server retries it or fails it with the reason.
            _ = tracker.closeStages(as: .stopped)
            logger.notice("job interrupted by the server stopping", metadata: ["reason": "\(error.message)"])
        case .failure where cancelled:
            let stages = tracker.closeStages(as: .stopped)
            try? blobs.delete(prefix: outputKey)
            if let uploads = try? BlobKey(components: ["uploads", job.id]) { try? blobs.delete(prefix: uploads) }
            do {
                try await store.finishCancelled(jobID: job.id, stages: stages)
            } catch {
                logger.error("cannot record the job's cancellation", metadata: ["error": "\(error)"])
            }
            logger.info("job cancelled")
            await finished(job.id, state: .cancelled)
        case .failure(let error):
            let stages = tracker.closeStages(as: .stopped)
            var message = error.message
            if let lines = error.termination?.lastStderrLines.suffix(5), !lines.isEmpty {
                message += "\nlast lines of stage \(error.stage ?? "?"):\n" + lines.joined(separator: "\n")
            }
            await finishFailed(job, stages: stages, failure: JobFailure(code: error.code.description, stage: error.stage, message: message), logger: logger)
        }
    }

    /// Cancels `run` once cancellation is asked for and every stage has started (a run
    /// cancelled while it is still starting its stages could leave late ones running).
    private func watch(_ run: PipelineRun, activeRun: ActiveRun, stageCount: Int) async {
        while !Task.isCancelled {
            let wanted = activeRun.cancelRequested.withLock { $0 } || isStopping
            if wanted, activeRun.tracker.stages.filter({ $0.attempts > 0 }).count == stageCount {
                run.cancel(reason: isStopping ? "the server is stopping" : "cancelled by request")
                return
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func write(_ updates: AsyncStream<JobProgressTracker.StoreUpdate>, jobID: String, logger: Logger) async {
        for await update in updates {
            do {
                switch update {
                case .stages(let stages): try await store.updateStages(jobID: jobID, stages: stages)
                case .process(let process): try await store.recordProcess(process)
                case .forget(let pid): try await store.forgetProcess(pid: pid)
                }
            } catch {
                logger.warning("cannot record job progress", metadata: ["error": "\(error)"])
            }
        }
    }

    private func finishFailed(_ job: Job, stages: [StageProgress], failure: JobFailure, logger: Logger) async {
        do {
            try await store.fail(jobID: job.id, stages: stages, failure: failure)
        } catch {
            logger.error("cannot record the job's failure", metadata: ["error": "\(error)"])
        }
        logger.warning("job failed", metadata: ["code": "\(failure.code)", "stage": "\(failure.stage ?? "-")", "reason": "\(failure.message)"])
        await finished(job.id, state: .failed)
    }

    private func finished(_ jobID: String, state: JobState) async {
        metrics.recordJobFinished(state: state)
        if let job = try? await store.job(id: jobID) {
            hub.finish(jobID: jobID, .job(job))
        }
    }

    /// The files under `output/<job>`: those the pipeline reported, with their role and
    /// language, then any other file it left there.
    private func collectArtifacts(_ reported: [FileReady], outputKey: BlobKey, logger: Logger) -> [Artifact] {
        let root = blobs.localPath(for: outputKey) + "/"
        var artifacts: [Artifact] = []
        var seen = Set<String>()
        for file in reported {
            let path = URL(fileURLWithPath: file.path, relativeTo: URL(fileURLWithPath: root)).standardizedFileURL.path
            guard path.hasPrefix(root), let key = try? BlobKey(outputKey.description + "/" + path.dropFirst(root.count)),
                let bytes = blobs.size(of: key), seen.insert(key.description).inserted
            else {
                logger.warning("a reported file is not in the job's output directory", metadata: ["path": "\(file.path)"])
                continue
            }
            artifacts.append(Artifact(
                name: String(path.dropFirst(root.count)), role: file.role, language: file.language.isEmpty ? nil : file.language,
                format: file.format, key: key.description, bytes: bytes))
        }
        for blob in (try? blobs.list(prefix: outputKey)) ?? [] where seen.insert(blob.key.description).inserted {
            let name = blob.key.components.dropFirst(outputKey.components.count).joined(separator: "/")
            let parts = name.split(separator: ".")
            let format = parts.count > 1 ? parts.last.map(String.init) : nil
            let role = ["srt", "vtt"].contains(format ?? "") ? "subtitles" : "video"
            let language = role == "subtitles" && parts.count > 2 ? String(parts[parts.count - 2]) : nil
            artifacts.append(Artifact(name: name, role: role, language: language, format: format, key: blob.key.description, bytes: blob.bytes))
        }
        return artifacts
    }
}
