#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging

/// One long-lived null-flush Apertium pipeline for one mode, fed one sentence per
/// NUL-terminated chunk.
///
/// It runs the pipeline that `apertium -z -f none MODE` runs (the mode's programs, each with
/// `-z`, as `apertium-wblank-mode -z` writes them out) under `bash`, without that script's two
/// `gawk` stages: those split records on the regular expression `\0|\n` and hold back the last
/// record of every read until more input comes, so a batch written in one go never finishes.
///
/// The child runs in its own process group, so a restart or shutdown reaches every program of
/// the pipeline. Requests are pipelined: the whole batch is written while answers are read, in
/// one `poll` loop, so the pipeline's programs work in parallel as they do on a plain file.
/// Each request is framed by superblanks `[vtbN]` … `[vteN]`; an answer counts only when both
/// markers came back, so the half-translated or empty chunks that the pipeline's programs flush
/// when one of them dies are never taken for translations.
///
/// Not thread-safe: ``ApertiumBackend`` calls each instance from one serial queue.
final class ApertiumProcess: @unchecked Sendable {
    /// The mode this process runs.
    let mode: String
    private let shell: String
    private let pipeline: String
    private let responseTimeout: Duration
    private let logger: Logger

    private(set) var processID: pid_t = 0
    private static let spawnLock = NSLock()
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var errors: Int32 = -1
    private var errorLine: [UInt8] = []

    /// - Parameters:
    ///   - pipeline: the shell pipeline for the mode, with `$1` the generator's flag and `$2`
    ///     the tagger's, as `apertium-wblank-mode -z` prints it.
    init(mode: String, shell: String, pipeline: String, responseTimeout: Duration, logger: Logger) {
        self.mode = mode
        self.shell = shell
        self.pipeline = pipeline
        self.responseTimeout = responseTimeout
        var logger = logger
        logger[metadataKey: "apertium.mode"] = "\(mode)"
        self.logger = logger
    }

    deinit {
        stop()
    }

    /// Translates stream-format requests in order; each answer is the bytes between its markers.
    ///
    /// When the child dies (or stops answering) the answers already complete are kept, the child
    /// is restarted and the rest resubmitted. The first unanswered request is retried once; if the
    /// child dies on it again, the call throws.
    func translate(_ requests: [[UInt8]]) throws(TranslationError) -> [[UInt8]] {
        var answers: [[UInt8]] = []
        answers.reserveCapacity(requests.count)
        var retried = Set<Int>()
        while answers.count < requests.count {
            if processID == 0 { try start() }
            let failure = exchange(requests, answers: &answers)
            guard let failure else { continue }
            let failed = answers.count
            terminate(reason: failure)
            guard !retried.contains(failed) else {
                let excerpt = String(decoding: requests[failed].prefix(80), as: UTF8.self)
                throw TranslationError(
                    .backendCrashed,
                    "apertium \(mode) failed twice on sentence \(failed + 1) of \(requests.count) ('\(excerpt)'): \(failure)",
                    isRetryable: true
                )
            }
            retried.insert(failed)
            logger.warning("apertium child failed; restarting and retrying", metadata: [
                "cause": "\(failure)", "sentence": "\(failed + 1)", "answered": "\(answers.count)", "requested": "\(requests.count)",
            ])
        }
        return answers
    }

    /// Closes the child's input, lets it finish and reaps it; kills the group if it lingers.
    func stop() {
        guard processID != 0 else { return }
        close(input)
        input = -1
        let deadline = ContinuousClock.now + .seconds(5)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0), pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, 100) >= 0 || errno == EINTR else { break }
            if fds[1].revents != 0 { drainErrors(&buffer) }
            if fds[0].revents != 0, read(output, &buffer, buffer.count) <= 0 { break }
        }
        var status: Int32 = 0
        if waitpid(processID, &status, WNOHANG) == 0 {
            kill(-processID, SIGKILL)
            waitpid(processID, &status, 0)
        } else {
            kill(-processID, SIGKILL)
        }
        logger.debug("apertium child stopped", metadata: ["pid": "\(processID)", "status": "\(Self.describe(status: status))"])
        closeDescriptors()
    }

    // MARK: - Child lifecycle

    private func start() throws(TranslationError) {
        var inputPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        // The child's stdin is a pipe, as the Apertium tools expect (some open /dev/stdin, which a
        // socket cannot be). Glibc's module does not export pipe2, so the pipe is made
        // close-on-exec under a lock that every spawn here takes: a child started for another
        // mode must not inherit it. Output and errors go through socket pairs, which are
        // close-on-exec from birth.
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard pipe(&inputPipe) == 0,
              fcntl(inputPipe[0], F_SETFD, FD_CLOEXEC) == 0,
              fcntl(inputPipe[1], F_SETFD, FD_CLOEXEC) == 0,
              socketpair(AF_UNIX, kind, 0, &outputPipe) == 0,
              socketpair(AF_UNIX, kind, 0, &errorPipe) == 0
        else {
            let reason = String(cString: strerror(errno))
            for fd in inputPipe + outputPipe + errorPipe where fd >= 0 { close(fd) }
            throw TranslationError(.backendUnavailable, "cannot create pipes for apertium \(mode): \(reason)", isRetryable: true)
        }
        defer {
            close(inputPipe[0])
            close(outputPipe[1])
            close(errorPipe[1])
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // `-g`: the generator keeps its unknown-word marks, which the decoder counts and strips.
        let script = "export LC_ALL=C.UTF-8\n" + pipeline
        let arguments = [shell, "-c", script, "apertium-\(mode)", "-g", ""]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, shell, &actions, &attributes, argv, environ)
        guard result == 0 else {
            for fd in [inputPipe[1], outputPipe[0], errorPipe[0]] { close(fd) }
            throw TranslationError(.backendUnavailable, "cannot start '\(shell)' for Apertium mode \(mode): \(String(cString: strerror(result)))")
        }
        processID = pid
        input = inputPipe[1]
        output = outputPipe[0]
        errors = errorPipe[0]
        for fd in [input, output, errors] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        logger.debug("apertium child started", metadata: ["pid": "\(pid)"])
    }

    /// Kills the whole pipeline and reaps it, logging how it ended.
    private func terminate(reason: Failure) {
        kill(-processID, SIGKILL)
        var status: Int32 = 0
        waitpid(processID, &status, 0)
        var buffer = [UInt8](repeating: 0, count: 4096)
        drainErrors(&buffer)
        logger.warning("apertium child ended", metadata: [
            "pid": "\(processID)", "cause": "\(reason)", "status": "\(Self.describe(status: status))",
        ])
        closeDescriptors()
    }

    private func closeDescriptors() {
        for fd in [input, output, errors] where fd >= 0 { close(fd) }
        input = -1
        output = -1
        errors = -1
        processID = 0
        errorLine.removeAll()
    }

    // MARK: - Exchange

    /// Why an exchange stopped before every request had its answer.
    enum Failure: CustomStringConvertible {
        case exited
        case timedOut(Duration)
        case outOfStep(String)
        case io(String)

        var description: String {
            switch self {
            case .exited: "the pipeline closed its output"
            case .timedOut(let limit): "no answer for \(limit)"
            case .outOfStep(let detail): "answer out of step: \(detail)"
            case .io(let detail): detail
            }
        }
    }

    /// Writes `requests[answers.count...]` and reads their answers into `answers`.
    /// - Returns: `nil` when every request has its answer, otherwise why the exchange stopped.
    private func exchange(_ requests: [[UInt8]], answers: inout [[UInt8]]) -> Failure? {
        let first = answers.count
        var pending: [UInt8] = []
        for index in first..<requests.count {
            pending.append(contentsOf: "[vtb\(index)]".utf8)
            pending.append(contentsOf: requests[index])
            pending.append(contentsOf: "[vte\(index)]".utf8)
            pending.append(0)
        }
        var written = 0
        var chunk: [UInt8] = []
        // Writing to a pipe whose reader died raises SIGPIPE; blocked on this thread, the write
        // fails with EPIPE instead, and the pending signal is consumed before unblocking.
        var sigpipe = sigset_t()
        sigemptyset(&sigpipe)
        sigaddset(&sigpipe, SIGPIPE)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &sigpipe, &previousMask)
        defer {
            var pendingSignals = sigset_t()
            sigpending(&pendingSignals)
            if sigismember(&pendingSignals, SIGPIPE) == 1 {
                var immediately = timespec()
                sigtimedwait(&sigpipe, nil, &immediately)
            }
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let timeout = Int32(clamping: responseTimeout.components.seconds * 1000 + responseTimeout.components.attoseconds / 1_000_000_000_000_000)
        while answers.count < requests.count {
            var fds = [
                pollfd(fd: output, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errors, events: Int16(POLLIN), revents: 0),
                pollfd(fd: written < pending.count ? input : -1, events: Int16(POLLOUT), revents: 0),
            ]
            let ready = poll(&fds, 3, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .io("poll failed: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { return .timedOut(responseTimeout) }
            if fds[2].revents != 0 {
                let sent = pending.withUnsafeBytes { bytes in
                    write(input, bytes.baseAddress! + written, min(pending.count - written, 65536))
                }
                if sent > 0 {
                    written += sent
                } else if errno != EAGAIN && errno != EINTR {
                    // The child stopped reading; what it already answered is still in the pipe.
                    written = pending.count
                }
            }
            if fds[1].revents != 0 { drainErrors(&buffer) }
            if fds[0].revents != 0 {
                let count = read(output, &buffer, buffer.count)
                if count == 0 { return .exited }
                if count < 0 {
                    if errno == EAGAIN || errno == EINTR { continue }
                    return .io("read failed: \(String(cString: strerror(errno)))")
                }
                var start = 0
                for position in 0..<count where buffer[position] == 0 {
                    chunk.append(contentsOf: buffer[start..<position])
                    start = position + 1
                    guard let answer = Self.unframe(chunk, index: answers.count) else {
                        return .outOfStep("sentence \(answers.count + 1): '\(String(decoding: chunk.prefix(120), as: UTF8.self))'")
                    }
                    answers.append(answer)
                    chunk.removeAll(keepingCapacity: true)
                }
                chunk.append(contentsOf: buffer[start..<count])
            }
        }
        return nil
    }

    /// The bytes between `[vtbN]` and `[vteN]`, or `nil` when either marker is missing.
    private static func unframe(_ chunk: [UInt8], index: Int) -> [UInt8]? {
        let begin = Array("[vtb\(index)]".utf8)
        let end = Array("[vte\(index)]".utf8)
        guard let beginRange = chunk.firstRange(of: begin),
              let endRange = chunk[beginRange.upperBound...].firstRange(of: end)
        else { return nil }
        return Array(chunk[beginRange.upperBound..<endRange.lowerBound])
    }

    /// Reads what the child wrote to stderr and logs it line by line.
    private func drainErrors(_ buffer: inout [UInt8]) {
        guard errors >= 0 else { return }
        while true {
            let count = read(errors, &buffer, buffer.count)
            guard count > 0 else {
                if count == 0 {
                    close(errors)
                    errors = -1
                }
                return
            }
            for byte in buffer[0..<count] {
                if byte == UInt8(ascii: "\n") {
                    logger.warning("apertium stderr", metadata: ["line": "\(String(decoding: errorLine, as: UTF8.self))"])
                    errorLine.removeAll()
                } else if errorLine.count < 4096 {
                    errorLine.append(byte)
                }
            }
        }
    }

    private static func describe(status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "killed by signal \(signal)"
    }
}
