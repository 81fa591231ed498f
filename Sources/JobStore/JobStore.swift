/// Where jobs and their state live: the queue, per-stage progress, results and the stage
/// processes that were running.
///
/// A store is shared by every part of one server (HTTP handlers, worker slots) and, for stores
/// that support it, by several servers: every method is one atomic step, so two workers never
/// claim the same job. ``SQLiteJobStore`` is the embedded store; a PostgreSQL store (claims with
/// `FOR UPDATE SKIP LOCKED`) implements the same protocol.
///
/// The store knows nothing of HTTP, pipelines or processes beyond the numbers it is given: it
/// never spawns, never kills and never touches the files a job names.
public protocol JobStore: Sendable {
    /// Adds a job to the queue, or returns the job that already has `job.idempotencyKey`.
    /// - Returns: the job, and whether it was created by this call.
    /// - Throws: ``JobStoreError``.
    func enqueue(_ job: NewJob) async throws(JobStoreError) -> (job: Job, created: Bool)

    /// The job with the id `id`, or `nil`.
    func job(id: String) async throws(JobStoreError) -> Job?

    /// The job that has the idempotency key `key`, or `nil`.
    func job(idempotencyKey key: String) async throws(JobStoreError) -> Job?

    /// Jobs, newest first.
    /// - Parameters:
    ///   - states: only jobs in one of these states; every state when empty.
    ///   - limit: at most this many.
    func jobs(states: Set<JobState>, limit: Int) async throws(JobStoreError) -> [Job]

    /// Atomically moves the first queued job (highest priority, then oldest) to `running`, if
    /// fewer than `slots` jobs are running: the claim of one worker slot.
    /// - Parameters:
    ///   - worker: who claims it (recorded on the job).
    ///   - slots: the number of jobs allowed to run at once.
    /// - Returns: the claimed job (its ``Job/attempts`` already counts this attempt), or `nil`.
    func claimNext(worker: String, slots: Int) async throws(JobStoreError) -> Job?

    /// Replaces the job's per-stage progress.
    func updateStages(jobID: String, stages: [StageProgress]) async throws(JobStoreError)

    /// Records the process a stage of a running job started, so a restarted server can find it.
    func recordProcess(_ process: StageProcess) async throws(JobStoreError)

    /// Forgets a process that has ended.
    func forgetProcess(pid: Int32) async throws(JobStoreError)

    /// Marks a running job `succeeded` with its results.
    func succeed(jobID: String, stages: [StageProgress], artifacts: [Artifact], warnings: [String]) async throws(JobStoreError)

    /// Marks a queued or running job `failed`.
    func fail(jobID: String, stages: [StageProgress], failure: JobFailure) async throws(JobStoreError)

    /// Asks for a job to stop. A queued job becomes `cancelled` at once; a running job is marked
    /// as wanted cancelled and stays `running` until its worker calls ``finishCancelled(jobID:stages:)``.
    /// A finished job is returned unchanged.
    /// - Returns: the job after the request, or `nil` when there is no such job.
    func requestCancel(jobID: String) async throws(JobStoreError) -> Job?

    /// Marks a job whose run has been stopped `cancelled`.
    func finishCancelled(jobID: String, stages: [StageProgress]) async throws(JobStoreError)

    /// After a restart: every job left `running` is queued again if it has had fewer than
    /// `maxAttempts` attempts, else failed with code `server_restarted`. Jobs wanted cancelled
    /// become `cancelled`. The recorded processes are returned and forgotten, for the caller to
    /// stop.
    func recoverAfterRestart(maxAttempts: Int) async throws(JobStoreError) -> Recovery

    /// How many jobs are in each state.
    func countsByState() async throws(JobStoreError) -> [JobState: Int]

    /// Writes and reads back a row, to show the store is usable.
    /// - Throws: ``JobStoreError`` when it cannot.
    func checkWritable() async throws(JobStoreError)
}
