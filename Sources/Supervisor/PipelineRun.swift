import CSpawn
import Foundation
import Logging
import Pipeline
import StageProtocol

/// One execution of a pipeline: a process per stage, frames relayed between them.
///
/// The supervisor sits on every pipe: it reads each stage's stdout, takes out progress, logs,
/// errors and checkpoints, checks every frame, and writes data frames into the next stage's
/// stdin. That makes restarts possible: frames a stage has not acknowledged with a checkpoint
/// are kept and replayed to its replacement, and output the replacement repeats (same
/// sequence numbers) is dropped. See docs/architecture.md.
public final class PipelineRun: @unchecked Sendable {
    let launches: [StageLaunch]
    let options: SupervisorOptions
    let lock = NSCondition()
    var slots: [StageSlot]
    var files: [FileReady] = []
    var failure: SupervisorError?
    var stopping = false
    var liveProcesses = 0
    var finishedStages = 0
    /// Distinguishes this run's cgroups from other runs in the same process.
    let runID = UInt64.random(in: 0...UInt64(UInt32.max))
    var continuation: CheckedContinuation<Result<RunResult, SupervisorError>, Never>?
    var completion: Result<RunResult, SupervisorError>?

    /// - Parameters:
    ///   - stages: the stages in pipeline order.
    ///   - options: environment, limits of the supervisor itself, event sink.
    public init(stages: [StageLaunch], options: SupervisorOptions = SupervisorOptions()) {
        self.launches = stages
        self.options = options
        self.slots = stages.map { StageSlot(launch: $0, journalLimit: options.replayBufferBytes) }
    }

    /// Resolves a validated pipeline's executables and prepares a run.
    /// - Throws: ``SupervisorError`` `executableNotFound`.
    public convenience init(
        pipeline: PipelineDefinition, locator: ExecutableLocator = .standard(), options: SupervisorOptions = SupervisorOptions()
    ) throws(SupervisorError) {
        var launches: [StageLaunch] = []
        for stage in pipeline.stages {
            launches.append(StageLaunch(
                name: stage.name, executablePath: try locator.locate(stage.plugin), parameters: stage.parameters,
                limits: stage.limits, restart: stage.restart))
        }
        self.init(stages: launches, options: options)
    }

    /// Starts every stage and waits until the last one has finished or the run failed.
    /// - Throws: ``SupervisorError`` naming the stage, how it ended and its last stderr lines.
    public func run() async throws(SupervisorError) -> RunResult {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<RunResult, SupervisorError>, Never>) in
            lock.lock()
            // Cancelled before it started: nothing to start.
            if let completion {
                lock.unlock()
                continuation.resume(returning: completion)
                return
            }
            self.continuation = continuation
            lock.unlock()
            startAll()
        }
        return try result.get()
    }

    /// Stops the run: every stage's process group gets SIGTERM, then SIGKILL after the grace time.
    public func cancel(reason: String = "cancelled") {
        fail(SupervisorError(.cancelled, message: reason))
    }

    // MARK: Starting

    private func startAll() {
        guard !slots.isEmpty else {
            complete()
            return
        }
        // The first stage has no upstream: its input ends right after the handshake.
        slots[0].input.end()
        startMonitor()
        for index in slots.indices {
            lock.lock()
            let cancelled = stopping
            lock.unlock()
            if cancelled {
                complete()
                return
            }
            if case .failure(let error) = start(index) {
                fail(error)
                return
            }
        }
    }

    /// Starts (or restarts) the process of stage `index`.
    func start(_ index: Int) -> Result<Void, SupervisorError> {
        let slot = slots[index]
        var stdinPipe: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard vtrans_data_pipe_cloexec(&stdinPipe) == 0, vtrans_data_pipe_cloexec(&stdoutPipe) == 0, vtrans_pipe_cloexec(&stderrPipe) == 0 else {
            return .failure(SupervisorError(.spawnFailed, stage: slot.launch.name, message: "cannot create pipes: \(String(cString: strerror(errno)))"))
        }
        var environment = options.environment
        environment["VTRANS_STAGE_NAME"] = slot.launch.name
        environment["VTRANS_FIRST_SEQUENCE"] = String(slot.resumeSequence + 1)
        environment["VTRANS_RESUME_MEDIA_TIME"] = slot.resumeMediaTime.map { "\($0)" }
        environment["SWIFT_BACKTRACE"] = environment["SWIFT_BACKTRACE"] ?? "enable=no"
        // OpenMP workers (whisper.cpp's ggml) sleep instead of spinning while they wait: with other
        // stages and jobs on the same cores, spinning made the recognizer 3.4x slower (bench/asr).
        environment["OMP_WAIT_POLICY"] = environment["OMP_WAIT_POLICY"] ?? "passive"
        let cgroup = options.useCgroups ? slot.launch.limits.memoryBytes.flatMap { limit in
            MemoryCgroup.create(name: "vtrans-\(getpid())-\(runID)-\(slot.launch.name)-\(slot.attempts + 1)", limit: limit)
        } : nil
        let spawned = ProcessSpawner.shared.spawn(.init(
            path: slot.launch.executablePath, arguments: slot.launch.arguments, environment: environment,
            stdin: stdinPipe[0], stdout: stdoutPipe[1], stderr: stderrPipe[1],
            limits: slot.launch.limits, workingDirectory: options.workingDirectory, cgroupProcsPath: cgroup?.procsPath))
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard case .success(let pid) = spawned else {
            cgroup?.remove()
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            if case .failure(let error) = spawned {
                return .failure(SupervisorError(error.code, stage: slot.launch.name, message: "stage \(slot.launch.name): \(error.message)"))
            }
            return .success(())
        }
        lock.lock()
        slot.beginAttempt(pid: pid)
        slot.cgroup = cgroup
        liveProcesses += 1
        let attempt = slot.attempts
        lock.unlock()
        options.logger.info("stage started", metadata: ["stage": "\(slot.launch.name)", "pid": "\(pid)", "attempt": "\(attempt)"])
        options.onEvent(.stageStarted(stage: slot.launch.name, pid: pid, attempt: attempt))

        let (stdoutFD, stderrFD) = (stdoutPipe[0], stderrPipe[0])
        let readers = DispatchGroup()
        readers.enter()
        Thread.detachNewThread { [self] in
            relay(index, pid: pid, fd: stdoutFD)
            readers.leave()
        }
        readers.enter()
        Thread.detachNewThread { [self] in
            collectStderr(index, fd: stderrFD)
            readers.leave()
        }
        Thread.detachNewThread { [self] in
            reap(index, pid: pid, readers: readers)
        }
        let replayed = slot.input.attach(fd: stdinPipe[1], hello: Hello(stage: "supervisor", consumes: [], produces: []))
        if replayed > 0 {
            options.logger.info("replayed unacknowledged input", metadata: ["stage": "\(slot.launch.name)", "frames": "\(replayed)"])
        }
        return .success(())
    }

    // MARK: Ending

    /// Records the first failure and stops every stage.
    func fail(_ error: SupervisorError) {
        lock.lock()
        guard failure == nil, completion == nil else {
            lock.unlock()
            return
        }
        failure = error
        stopping = true
        // Wakes a stage waiting out its restart backoff, so it sees the run is over.
        lock.broadcast()
        let pids = slots.compactMap(\.pid)
        let noneLive = liveProcesses == 0
        lock.unlock()
        options.logger.error("run failed", metadata: ["code": "\(error.code)", "stage": "\(error.stage ?? "-")", "reason": "\(error.message)"])
        for slot in slots { slot.input.abort() }
        for pid in pids { kill(-pid, SIGTERM) }
        let grace = options.stopGraceSeconds
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [self] in
            lock.lock()
            let remaining = slots.compactMap(\.pid)
            lock.unlock()
            for pid in remaining { kill(-pid, SIGKILL) }
        }
        if noneLive { complete() }
    }

    /// Resumes the caller once the outcome is known and no stage process is left.
    func complete() {
        lock.lock()
        guard completion == nil, liveProcesses == 0, failure != nil || finishedStages == slots.count else {
            lock.unlock()
            return
        }
        let result: Result<RunResult, SupervisorError>
        if let failure {
            result = .failure(failure)
        } else {
            result = .success(RunResult(files: files, stages: slots.map(\.summary)))
        }
        completion = result
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        continuation?.resume(returning: result)
    }
}
