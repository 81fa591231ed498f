import Foundation
import Pipeline
import StageProtocol

extension PipelineRun {
    /// Waits for one process to end, then classifies the end and finishes, restarts or fails the stage.
    func reap(_ index: Int, pid: Int32, readers: DispatchGroup) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        // Grandchildren (an Apertium process, say) hold the pipes open; end them with their parent.
        kill(-pid, SIGKILL)
        readers.wait()

        let slot = slots[index]
        lock.lock()
        let cgroup = slot.cgroup
        slot.cgroup = nil
        lock.unlock()
        let oomKills = cgroup?.oomKills ?? 0
        let cgroupPeak = cgroup?.peakBytes ?? 0
        cgroup?.remove()
        lock.lock()
        slot.peakResidentBytes = max(slot.peakResidentBytes, cgroupPeak)
        slot.pid = nil
        liveProcesses -= 1
        slot.cpuSeconds += seconds(usage.ru_utime) + seconds(usage.ru_stime)
        slot.peakResidentBytes = max(slot.peakResidentBytes, UInt64(usage.ru_maxrss) * 1024)
        let exitedCleanly = isExited(status) && exitStatus(status) == 0 && slot.sentEndOfStream && slot.truncatedOutput == nil
        let stopping = self.stopping
        let termination = exitedCleanly ? nil : classify(slot, pid: pid, status: status, oomKills: oomKills, stopping: stopping)
        if exitedCleanly {
            slot.finishedAfter = Date().timeIntervalSince(slot.firstStart ?? Date())
            finishedStages += 1
        }
        lock.unlock()

        if exitedCleanly {
            options.logger.info("stage finished", metadata: ["stage": "\(slot.launch.name)", "pid": "\(pid)"])
            options.onEvent(.stageFinished(stage: slot.launch.name, seconds: slot.finishedAfter ?? 0, peakResidentBytes: slot.peakResidentBytes))
            complete()
            return
        }
        guard let termination else { return }
        options.logger.warning("\(termination.description)")
        options.onEvent(.stageTerminated(termination))
        if stopping {
            complete()
            return
        }
        if let error = restartRefusal(slot, termination) {
            fail(error)
            complete()
            return
        }
        let delay = backoff(slot)
        lock.lock()
        slot.restartTimes.append(Date())
        let attempt = slot.attempts + 1
        lock.unlock()
        options.onEvent(.stageRestarting(stage: slot.launch.name, attempt: attempt, delaySeconds: delay, replayedFrames: slot.input.journalCount))
        lock.lock()
        _ = lock.wait(until: Date().addingTimeInterval(delay))
        let cancelled = self.stopping
        lock.unlock()
        if cancelled {
            complete()
            return
        }
        if case .failure(let error) = start(index) { fail(error) }
        complete()
    }

    /// Why a dead stage must not be restarted, or nil to restart it.
    private func restartRefusal(_ slot: StageSlot, _ termination: Termination) -> SupervisorError? {
        let policy = slot.launch.restart
        let name = slot.launch.name
        if !termination.isRetryable || policy.mode == .never {
            return SupervisorError(.stageFailed, stage: name, message: termination.description, termination: termination)
        }
        lock.lock()
        let window = Date().addingTimeInterval(-policy.windowSeconds)
        slot.restartTimes.removeAll { $0 < window }
        let recent = slot.restartTimes.count
        lock.unlock()
        if recent >= policy.maxRestarts {
            return SupervisorError(
                .restartIntensity, stage: name,
                message: "\(termination.description); restarted \(recent) times within \(Int(policy.windowSeconds)) s, the most its policy allows",
                termination: termination)
        }
        if slot.input.journalOverflowed {
            return SupervisorError(
                .cannotReplay, stage: name,
                message: "\(termination.description); its unacknowledged input outgrew the replay buffer, so it cannot be restarted (the stage sends no checkpoints, or too few)",
                termination: termination)
        }
        return nil
    }

    /// Geometric backoff with ±20% jitter.
    private func backoff(_ slot: StageSlot) -> Double {
        let policy = slot.launch.restart
        let exponent = Double(slot.restartTimes.count)
        let base = min(policy.maxBackoffSeconds, policy.initialBackoffSeconds * pow(2, exponent))
        return base * Double.random(in: 0.8...1.2)
    }

    /// Classifies an abnormal end. Called with the lock held.
    private func classify(_ slot: StageSlot, pid: Int32, status: Int32, oomKills: Int, stopping: Bool) -> Termination {
        let limits = slot.launch.limits
        let cause: Termination.Cause
        if let reason = slot.killReason {
            cause = reason
        } else if stopping {
            cause = .stopped
        } else if let memory = limits.memoryBytes, oomKills > 0 {
            cause = .overMemoryLimit(memory)
        } else if let memory = limits.memoryBytes,
                  MemoryProbe.mentionsAllocationFailure(slot.stderrTail)
                    || (!isExited(status) && slot.peakVirtualBytes >= memory / 10 * 9) {
            cause = .overMemoryLimit(memory)
        } else if !isExited(status) {
            let signal = status & 0x7f
            if let cpu = limits.cpuSeconds, signal == SIGXCPU || (signal == SIGKILL && slot.cpuSeconds >= Double(cpu)) {
                cause = .overCPUTime(cpu)
            } else {
                cause = .signaled(signal)
            }
        } else if let failure = slot.reportedFailure {
            cause = .reportedFailure(failure)
        } else if let truncated = slot.truncatedOutput {
            cause = .protocolViolation(truncated.description)
        } else if exitStatus(status) == 0 {
            cause = .reportedFailure(StageFailure(
                code: "premature_exit", message: "exited with status 0 before sending end of stream", retryable: true))
        } else {
            cause = .exited(exitStatus(status))
        }
        return Termination(
            stage: slot.launch.name, pid: pid, cause: cause, peakResidentBytes: slot.peakResidentBytes,
            cpuSeconds: slot.cpuSeconds, lastStderrLines: slot.stderrTail)
    }

    /// Samples memory of live stages and enforces wall-time limits, until the run completes.
    func startMonitor() {
        Thread.detachNewThread { [self] in
            while true {
                lock.lock()
                if completion != nil {
                    lock.unlock()
                    return
                }
                let live = slots.compactMap { slot in slot.pid.map { (slot, $0) } }
                lock.unlock()
                let now = Date()
                for (slot, pid) in live {
                    let peaks = MemoryProbe.peaks(pid: pid)
                    lock.lock()
                    if let peaks, slot.pid == pid {
                        slot.peakVirtualBytes = max(slot.peakVirtualBytes, peaks.virtual)
                        slot.peakResidentBytes = max(slot.peakResidentBytes, peaks.resident)
                    }
                    var overWall: UInt64?
                    if let wall = slot.launch.limits.wallSeconds, slot.pid == pid, slot.killReason == nil,
                       now.timeIntervalSince(slot.attemptStart) > Double(wall) {
                        slot.killReason = .overWallTime(wall)
                        overWall = wall
                    }
                    lock.unlock()
                    if overWall != nil { kill(-pid, SIGKILL) }
                }
                usleep(50_000)
            }
        }
    }
}

private func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
private func isExited(_ status: Int32) -> Bool { status & 0x7f == 0 }
private func exitStatus(_ status: Int32) -> Int32 { (status >> 8) & 0xff }
