import CSpawn
import Foundation
import StageProtocol

extension PipelineRun {
    /// Asks every stage, all at once, whether it would start with its parameters, before anything
    /// runs: each executable is run with `--validate` and its parameters (docs/protocol.md, "The
    /// stage command line"), with its limits and the run's environment and working directory, and
    /// stdin at end of file. Such a run reads no input and writes no frame; a stage that does not
    /// know `--validate` (a bad command line, status 64) is left unchecked.
    /// - Parameter timeout: seconds each stage has to answer before it is killed.
    /// - Throws: ``SupervisorError`` `stageFailed` for the first stage, in pipeline order, that
    ///   refused ("stage translator cannot start: cannot translate 'en' to 'ja': available targets
    ///   for 'en': ca, eo, es, …"; its ``Termination`` carries the stage's code), crashed or did not
    ///   answer in time; `spawnFailed` when one cannot be started.
    public func preflight(timeout: Double = 10) throws(SupervisorError) {
        let results = NSLock()
        nonisolated(unsafe) var outcomes = [SupervisorError?](repeating: nil, count: launches.count)
        // A thread per stage, not Dispatch's pool: when the caller blocks a pool thread (an async
        // command on 2 cores), the pool ran the stages one after another.
        let group = DispatchGroup()
        for (index, launch) in launches.enumerated() {
            group.enter()
            let thread = Thread { [self] in
                let outcome = validate(launch, timeout: timeout)
                results.withLock { outcomes[index] = outcome }
                group.leave()
            }
            thread.name = "vtrans-preflight-\(launch.name)"
            thread.start()
        }
        group.wait()
        if let failure = outcomes.lazy.compactMap({ $0 }).first { throw failure }
    }

    /// Runs one stage with `--validate`; returns why it would not start, or nil.
    private func validate(_ launch: StageLaunch, timeout: Double) -> SupervisorError? {
        var stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        let empty = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard empty >= 0, vtrans_pipe_cloexec(&stdoutPipe) == 0, vtrans_pipe_cloexec(&stderrPipe) == 0 else {
            let reason = String(cString: strerror(errno))
            for fd in [empty] + stdoutPipe + stderrPipe where fd >= 0 { close(fd) }
            return SupervisorError(.spawnFailed, stage: launch.name, message: "cannot create pipes to validate stage \(launch.name): \(reason)")
        }
        var environment = options.environment
        environment["VTRANS_STAGE_NAME"] = launch.name
        environment["SWIFT_BACKTRACE"] = environment["SWIFT_BACKTRACE"] ?? "enable=no"
        let spawned = ProcessSpawner.shared.spawn(.init(
            path: launch.executablePath, arguments: ["--validate"] + launch.arguments, environment: environment,
            stdin: empty, stdout: stdoutPipe[1], stderr: stderrPipe[1],
            limits: launch.limits, workingDirectory: options.workingDirectory, cgroupProcsPath: nil))
        for fd in [empty, stdoutPipe[1], stderrPipe[1]] { close(fd) }
        guard case .success(let pid) = spawned else {
            close(stdoutPipe[0])
            close(stderrPipe[0])
            if case .failure(let error) = spawned {
                return SupervisorError(error.code, stage: launch.name, message: "stage \(launch.name): \(error.message)")
            }
            return nil
        }

        let (output, errors, timedOut) = Self.collect(stdout: stdoutPipe[0], stderr: stderrPipe[0], group: pid, timeout: timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        kill(-pid, SIGKILL)

        let stderrLines = String(decoding: errors, as: UTF8.self).split(separator: "\n").suffix(options.stderrTailLines).map(String.init)
        func failed(_ cause: Termination.Cause, _ message: String) -> SupervisorError {
            let lines: [String] = if case .reportedFailure = cause { [] } else { stderrLines }
            let termination = Termination(stage: launch.name, pid: pid, cause: cause, peakResidentBytes: 0, cpuSeconds: 0, lastStderrLines: lines)
            return SupervisorError(.stageFailed, stage: launch.name, message: message, termination: termination)
        }
        if timedOut {
            return failed(.signaled(SIGKILL), "stage \(launch.name) did not answer --validate within \(timeout) s and was killed")
        }
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        switch (exited, code) {
        case (true, 0):
            return nil
        case (true, 64):
            options.logger.notice("stage does not take --validate; not checked before the run", metadata: ["stage": "\(launch.name)"])
            return nil
        case (true, 1):
            if let failure = Self.failure(in: output) {
                return failed(.reportedFailure(failure), "stage \(launch.name) cannot start: \(failure.message)")
            }
            return failed(.exited(1), "stage \(launch.name) refused its parameters without saying why")
        case (true, _):
            return failed(.exited(code), "stage \(launch.name) exited with status \(code) when asked to validate its parameters")
        default:
            let signal = status & 0x7f
            return failed(.signaled(signal), "stage \(launch.name) was killed by signal \(signal) (\(signalName(signal))) when asked to validate its parameters")
        }
    }

    /// Reads a validating stage's stdout and stderr to their end; kills its process group once
    /// `timeout` has passed, and gives up on the pipes a second later.
    private static func collect(stdout: Int32, stderr: Int32, group: Int32, timeout: Double) -> (output: [UInt8], errors: [UInt8], timedOut: Bool) {
        var collected: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: stdout, events: Int16(POLLIN), revents: 0), pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 16384)
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while fds.contains(where: { $0.fd >= 0 }) {
            let left = deadline.timeIntervalSinceNow
            if left <= 0, !timedOut {
                kill(-group, SIGKILL)
                timedOut = true
            }
            if timedOut, left < -1 { break }
            let ready = poll(&fds, 2, Int32(max(10, min(1000, left * 1000))))
            if ready < 0, errno != EINTR { break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = read(fds[index].fd, &buffer, buffer.count)
                if count > 0 {
                    if collected[index].count < 1 << 20 { collected[index] += buffer[0..<count] }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fds[index].fd)
                    fds[index].fd = -1
                }
            }
        }
        for fd in fds where fd.fd >= 0 { close(fd.fd) }
        return (collected[0], collected[1], timedOut)
    }

    /// The failure a stage printed as its one JSON line: `{"code":…,"message":…,"retryable":…}`.
    private static func failure(in output: [UInt8]) -> StageFailure? {
        guard let line = output.split(separator: UInt8(ascii: "\n")).last,
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let code = object["code"] as? String, let message = object["message"] as? String
        else { return nil }
        return StageFailure(code: code, message: message, retryable: object["retryable"] as? Bool ?? false)
    }
}
