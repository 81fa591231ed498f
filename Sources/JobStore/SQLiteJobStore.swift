import Foundation
import GRDB
import Logging

/// The embedded job store: one SQLite file in WAL mode, through GRDB on the system libsqlite3.
///
/// Writes are serialised by SQLite (`BEGIN IMMEDIATE`), which makes ``claimNext(worker:slots:)``
/// atomic among the workers of one server and among servers sharing the file on one machine.
public final class SQLiteJobStore: JobStore {
    private let pool: DatabasePool
    private let logger: Logger

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// - Throws: ``JobStoreError`` `unavailable` when the file cannot be opened or migrated.
    public init(path: String, logger: Logger) throws(JobStoreError) {
        self.logger = logger
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.label = "vtrans.jobs"
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw JobStoreError(.unavailable, "cannot open the job database \(path)", cause: error)
        }
        logger.debug("job store opened", metadata: ["path": "\(path)"])
    }

    public func enqueue(_ job: NewJob) async throws(JobStoreError) -> (job: Job, created: Bool) {
        try await write("queue job \(job.id)") { db in
            if let key = job.idempotencyKey,
                let existing = try JobRecord.filter(JobRecord.Columns.idempotencyKey == key).fetchOne(db)
            {
                return (existing.job, false)
            }
            try JobRecord(job, now: Date()).insert(db)
            // Read back, so the caller sees the job exactly as later reads will (dates to the millisecond).
            return (try JobRecord.fetchOne(db, key: job.id)!.job, true)
        }
    }

    public func job(id: String) async throws(JobStoreError) -> Job? {
        try await read("read job \(id)") { db in try JobRecord.fetchOne(db, key: id)?.job }
    }

    public func job(idempotencyKey key: String) async throws(JobStoreError) -> Job? {
        try await read("read job by idempotency key") { db in
            try JobRecord.filter(JobRecord.Columns.idempotencyKey == key).fetchOne(db)?.job
        }
    }

    public func jobs(states: Set<JobState>, limit: Int) async throws(JobStoreError) -> [Job] {
        try await read("list jobs") { db in
            var request = JobRecord.all()
            if !states.isEmpty { request = request.filter(states.map(\.rawValue).contains(JobRecord.Columns.state)) }
            return try request.order(JobRecord.Columns.createdAt.desc, Column.rowID.desc).limit(limit).fetchAll(db).map(\.job)
        }
    }

    public func claimNext(worker: String, slots: Int) async throws(JobStoreError) -> Job? {
        try await write("claim a job") { db in
            let running = try JobRecord.filter(JobRecord.Columns.state == JobState.running.rawValue).fetchCount(db)
            guard running < slots,
                var record = try JobRecord.filter(JobRecord.Columns.state == JobState.queued.rawValue)
                    .order(JobRecord.Columns.priority.desc, JobRecord.Columns.createdAt, Column.rowID).fetchOne(db)
            else { return nil }
            let now = Date()
            record.state = JobState.running.rawValue
            record.attempts += 1
            record.startedAt = now
            record.worker = worker
            record.stages = []
            record.failure = nil
            record.updatedAt = now
            try record.update(db)
            return record.job
        }
    }

    public func updateStages(jobID: String, stages: [StageProgress]) async throws(JobStoreError) {
        try await modify(jobID, "update stages") { record in
            record.stages = stages
        }
    }

    public func recordProcess(_ process: StageProcess) async throws(JobStoreError) {
        try await write("record stage process \(process.pid)") { db in try StageProcessRecord(process).save(db) }
    }

    public func forgetProcess(pid: Int32) async throws(JobStoreError) {
        _ = try await write("forget stage process \(pid)") { db in try StageProcessRecord.deleteOne(db, key: pid) }
    }

    public func succeed(jobID: String, stages: [StageProgress], artifacts: [Artifact], warnings: [String]) async throws(JobStoreError) {
        try await finish(jobID, as: .succeeded) { record in
            record.stages = stages
            record.artifacts = artifacts
            record.warnings = warnings
        }
    }

    public func fail(jobID: String, stages: [StageProgress], failure: JobFailure) async throws(JobStoreError) {
        try await finish(jobID, as: .failed) { record in
            record.stages = stages
            record.failure = failure
        }
    }

    public func requestCancel(jobID: String) async throws(JobStoreError) -> Job? {
        try await write("cancel job \(jobID)") { db in
            guard var record = try JobRecord.fetchOne(db, key: jobID) else { return nil }
            let now = Date()
            switch JobState(rawValue: record.state) {
            case .queued:
                record.state = JobState.cancelled.rawValue
                record.finishedAt = now
            case .running:
                record.cancelRequested = true
            default:
                return record.job
            }
            record.updatedAt = now
            try record.update(db)
            return record.job
        }
    }

    public func finishCancelled(jobID: String, stages: [StageProgress]) async throws(JobStoreError) {
        try await finish(jobID, as: .cancelled) { record in
            record.stages = stages
        }
    }

    public func recoverAfterRestart(maxAttempts: Int) async throws(JobStoreError) -> Recovery {
        try await write("recover jobs after a restart") { db in
            var recovery = Recovery()
            let now = Date()
            for var record in try JobRecord.filter(JobRecord.Columns.state == JobState.running.rawValue).fetchAll(db) {
                let running = record.stages.first { $0.state == .running || $0.state == .restarting }?.name
                record.stages = record.stages.map { stage in
                    var stage = stage
                    if stage.state == .running || stage.state == .restarting { stage.state = .stopped }
                    return stage
                }
                if record.cancelRequested {
                    record.state = JobState.cancelled.rawValue
                    record.finishedAt = now
                    recovery.cancelled.append(record.id)
                } else if record.attempts < maxAttempts {
                    record.state = JobState.queued.rawValue
                    recovery.requeued.append(record.id)
                } else {
                    record.state = JobState.failed.rawValue
                    record.finishedAt = now
                    record.failure = JobFailure(
                        code: JobFailure.serverRestartedCode, stage: running,
                        message: "server restarted during the job (attempt \(record.attempts) of \(maxAttempts))")
                    recovery.failed.append(record.id)
                }
                record.updatedAt = now
                try record.update(db)
            }
            recovery.processes = try StageProcessRecord.fetchAll(db).map(\.process)
            try StageProcessRecord.deleteAll(db)
            return recovery
        }
    }

    public func countsByState() async throws(JobStoreError) -> [JobState: Int] {
        try await read("count jobs") { db in
            var counts: [JobState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM job GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    public func checkWritable() async throws(JobStoreError) {
        let now = Date()
        let readBack = try await write("write the health-check row") { db -> Date? in
            try db.execute(sql: "INSERT OR REPLACE INTO health_check (id, checked_at) VALUES (1, ?)", arguments: [now])
            return try Date.fetchOne(db, sql: "SELECT checked_at FROM health_check WHERE id = 1")
        }
        guard let readBack, abs(readBack.timeIntervalSince(now)) < 1 else {
            throw JobStoreError(.unavailable, "the health-check row did not read back as written")
        }
    }

    // MARK: Helpers

    private func finish(_ jobID: String, as state: JobState, _ change: @escaping @Sendable (inout JobRecord) -> Void) async throws(JobStoreError) {
        try await modify(jobID, "finish job as \(state.rawValue)") { record in
            change(&record)
            record.state = state.rawValue
            record.finishedAt = Date()
            record.cancelRequested = state == .cancelled ? record.cancelRequested : false
        }
        _ = try await write("forget the job's processes") { db in
            try StageProcessRecord.filter(Column("job_id") == jobID).deleteAll(db)
        }
    }

    private func modify(_ jobID: String, _ what: String, _ change: @escaping @Sendable (inout JobRecord) -> Void) async throws(JobStoreError) {
        try await write("\(what) of job \(jobID)") { db in
            guard var record = try JobRecord.fetchOne(db, key: jobID) else {
                throw JobStoreError(.notFound, "no job \(jobID)")
            }
            change(&record)
            record.updatedAt = Date()
            try record.update(db)
        }
    }

    private func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(JobStoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as JobStoreError {
            throw error
        } catch {
            logger.error("job store write failed", metadata: ["what": "\(what)", "error": "\(error)"])
            throw JobStoreError(.unavailable, "cannot \(what)", cause: error)
        }
    }

    private func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(JobStoreError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            logger.error("job store read failed", metadata: ["what": "\(what)", "error": "\(error)"])
            throw JobStoreError(.unavailable, "cannot \(what)", cause: error)
        }
    }
}
