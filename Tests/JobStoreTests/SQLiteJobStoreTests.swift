import Foundation
import JobStore
import Logging
import Testing

/// A store in a fresh temporary directory.
private func makeStore() throws -> (SQLiteJobStore, String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jobstore-\(UUID().uuidString)").path
    let path = "\(directory)/vtrans.sqlite"
    return (try SQLiteJobStore(path: path, logger: Logger(label: "test")), path)
}

private func newJob(_ name: String = "talk.mp4", priority: Int = 0, key: String? = nil) -> NewJob {
    let id = UUID().uuidString.lowercased()
    return NewJob(
        id: id, pipeline: "import-subtitles", sourceLanguage: "en", targetLanguages: ["es", "ca"], overrides: ["muxer.faststart=true"],
        idempotencyKey: key, priority: priority, client: "127.0.0.1", input: InputFile(name: name, key: "uploads/\(id)/file/\(name)", bytes: 10))
}

@Suite struct SQLiteJobStoreTests {
    @Test func aQueuedJobReadsBackAsGiven() async throws {
        let (store, _) = try makeStore()
        let (job, created) = try await store.enqueue(newJob())
        #expect(created)
        let read = try #require(try await store.job(id: job.id))
        #expect(read == job)
        #expect(read.state == .queued && read.targetLanguages == ["es", "ca"] && read.overrides == ["muxer.faststart=true"])
        #expect(try await store.job(id: "missing") == nil)
    }

    @Test func claimsFollowPriorityThenSubmissionOrder() async throws {
        let (store, _) = try makeStore()
        let first = try await store.enqueue(newJob("a.mp4")).job
        let second = try await store.enqueue(newJob("b.mp4")).job
        let urgent = try await store.enqueue(newJob("c.mp4", priority: 5)).job
        var order: [String] = []
        while let job = try await store.claimNext(worker: "w", slots: 10) { order.append(job.id) }
        #expect(order == [urgent.id, first.id, second.id])
    }

    @Test func noMoreJobsRunThanThereAreSlots() async throws {
        let (store, _) = try makeStore()
        for _ in 0..<5 { _ = try await store.enqueue(newJob()) }
        let a = try await store.claimNext(worker: "w/0", slots: 2)
        let b = try await store.claimNext(worker: "w/1", slots: 2)
        let c = try await store.claimNext(worker: "w/2", slots: 2)
        #expect(a != nil && b != nil && c == nil)
        #expect(a?.attempts == 1 && a?.worker == "w/0" && a?.state == .running)
        try await store.succeed(jobID: a!.id, stages: [], artifacts: [], warnings: [])
        #expect(try await store.claimNext(worker: "w/2", slots: 2) != nil)
    }

    @Test func concurrentClaimsNeverShareAJob() async throws {
        let (store, _) = try makeStore()
        for _ in 0..<40 { _ = try await store.enqueue(newJob()) }
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [String] = []
                    while let job = try await store.claimNext(worker: "w/\(worker)", slots: 1000) { mine.append(job.id) }
                    return mine
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(claimed.count == 40)
        #expect(Set(claimed).count == 40)
    }

    @Test func anIdempotencyKeyReturnsTheFirstJob() async throws {
        let (store, _) = try makeStore()
        let first = try await store.enqueue(newJob(key: "upload-1"))
        let again = try await store.enqueue(newJob(key: "upload-1"))
        #expect(first.created && !again.created)
        #expect(again.job.id == first.job.id)
        #expect(try await store.job(idempotencyKey: "upload-1")?.id == first.job.id)
    }

    @Test func cancellingAQueuedJobIsImmediateAndARunningOneIsRequested() async throws {
        let (store, _) = try makeStore()
        let queued = try await store.enqueue(newJob()).job
        #expect(try await store.requestCancel(jobID: queued.id)?.state == .cancelled)
        let running = try await store.enqueue(newJob()).job
        _ = try await store.claimNext(worker: "w", slots: 1)
        let requested = try #require(try await store.requestCancel(jobID: running.id))
        #expect(requested.state == .running && requested.cancelRequested)
        try await store.finishCancelled(jobID: running.id, stages: [StageProgress(name: "probe", state: .stopped)])
        let done = try #require(try await store.job(id: running.id))
        #expect(done.state == .cancelled && done.finishedAt != nil && done.stages.first?.state == .stopped)
        #expect(try await store.requestCancel(jobID: "missing") == nil)
    }

    @Test func progressFailuresAndResultsAreStored() async throws {
        let (store, _) = try makeStore()
        let job = try await store.enqueue(newJob()).job
        _ = try await store.claimNext(worker: "w", slots: 1)
        let started = Date(timeIntervalSince1970: 1_800_000_000.125)  // dates are kept to the millisecond
        let stages = [StageProgress(name: "probe", state: .succeeded, fraction: 1, attempts: 1, startedAt: started, seconds: 0.25, peakResidentBytes: 1 << 20),
                      StageProgress(name: "import", state: .running, fraction: 0.5, done: 1, total: 2, unit: "segments", attempts: 1)]
        try await store.updateStages(jobID: job.id, stages: stages)
        #expect(try await store.job(id: job.id)?.stages == stages)
        try await store.fail(jobID: job.id, stages: stages, failure: JobFailure(code: "stage_failed", stage: "import", message: "bad cue"))
        let failed = try #require(try await store.job(id: job.id))
        #expect(failed.state == .failed && failed.failure == JobFailure(code: "stage_failed", stage: "import", message: "bad cue"))
        await #expect(throws: JobStoreError.self) { try await store.updateStages(jobID: "missing", stages: []) }
        let counts = try await store.countsByState()
        #expect(counts[.failed] == 1 && counts[.queued] == nil)
    }

    @Test func aRestartRetriesARunningJobOnceThenFailsItWithTheReason() async throws {
        let (store, path) = try makeStore()
        let job = try await store.enqueue(newJob()).job
        _ = try await store.claimNext(worker: "w", slots: 1)
        try await store.updateStages(jobID: job.id, stages: [StageProgress(name: "probe", state: .running, attempts: 1)])
        try await store.recordProcess(StageProcess(pid: 4242, jobID: job.id, stage: "probe", executable: "/bin/vtrans-decoder"))

        // The server "restarts": a new store on the same file.
        let restarted = try SQLiteJobStore(path: path, logger: Logger(label: "test"))
        let first = try await restarted.recoverAfterRestart(maxAttempts: 2)
        #expect(first.requeued == [job.id] && first.failed.isEmpty)
        #expect(first.processes.map(\.pid) == [4242])
        #expect(try await restarted.job(id: job.id)?.state == .queued)
        #expect(try await restarted.job(id: job.id)?.stages.first?.state == .stopped)

        let again = try #require(try await restarted.claimNext(worker: "w", slots: 1))
        #expect(again.attempts == 2)
        try await restarted.updateStages(jobID: job.id, stages: [StageProgress(name: "probe", state: .running, attempts: 1)])
        let second = try await SQLiteJobStore(path: path, logger: Logger(label: "test")).recoverAfterRestart(maxAttempts: 2)
        #expect(second.failed == [job.id] && second.processes.isEmpty)
        let failed = try #require(try await restarted.job(id: job.id))
        #expect(failed.state == .failed)
        #expect(failed.failure?.code == JobFailure.serverRestartedCode)
        #expect(failed.failure?.stage == "probe")
        #expect(failed.failure?.message.contains("server restarted during the job") == true)
    }

    @Test func aJobWantedCancelledIsCancelledByARestart() async throws {
        let (store, path) = try makeStore()
        let job = try await store.enqueue(newJob()).job
        _ = try await store.claimNext(worker: "w", slots: 1)
        _ = try await store.requestCancel(jobID: job.id)
        let recovery = try await SQLiteJobStore(path: path, logger: Logger(label: "test")).recoverAfterRestart(maxAttempts: 2)
        #expect(recovery.cancelled == [job.id])
        #expect(try await store.job(id: job.id)?.state == .cancelled)
    }

    @Test func listingFiltersByStateNewestFirst() async throws {
        let (store, _) = try makeStore()
        let a = try await store.enqueue(newJob("a.mp4")).job
        try await Task.sleep(for: .milliseconds(5))
        let b = try await store.enqueue(newJob("b.mp4")).job
        _ = try await store.requestCancel(jobID: a.id)
        #expect(try await store.jobs(states: [], limit: 10).map(\.id) == [b.id, a.id])
        #expect(try await store.jobs(states: [.cancelled], limit: 10).map(\.id) == [a.id])
        #expect(try await store.jobs(states: [], limit: 1).count == 1)
    }

    @Test func theHealthCheckWrites() async throws {
        let (store, _) = try makeStore()
        try await store.checkWritable()
    }

    @Test func anUnwritableLocationIsATypedError() throws {
        #expect(throws: JobStoreError.self) { try SQLiteJobStore(path: "/proc/vtrans/nope.sqlite", logger: Logger(label: "test")) }
    }
}
