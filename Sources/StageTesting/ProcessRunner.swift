import Dispatch
import Foundation
import Supervisor

#if canImport(Glibc)
import Glibc
#endif

/// Runs a child process to its end, with a deadline.
///
/// Standard input, output and error go through files in a private directory, so neither side
/// can block the other however much it writes. The child is started by the supervisor's
/// ``ProcessSpawner`` (its own process group, killed if the test process dies) and reaped by a
/// thread of its own (not a Dispatch or Swift concurrency worker, which a test may have exhausted
/// by blocking: Foundation's `Process` delivers its termination handler on such a queue and can
/// then never report the exit). A process still running at the deadline is killed with SIGKILL
/// and reported as hung.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, feeding it `standardInput`.
    /// - Parameters:
    ///   - workingDirectory: the child's current directory (default: this process's).
    ///   - environment: variables added to (or replacing) this process's environment.
    ///   - timeout: seconds before the child is killed.
    /// - Throws: ``StageTestError`` when it cannot start or does not finish in time.
    public static func run(
        _ executable: URL, arguments: [String] = [], standardInput: [UInt8] = [], workingDirectory: URL? = nil,
        environment: [String: String] = [:], timeout: Double = 60
    ) throws -> ProcessOutcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputURL = scratch.appendingPathComponent("stdin")
        let outputURL = scratch.appendingPathComponent("stdout")
        let errorURL = scratch.appendingPathComponent("stderr")
        try Data(standardInput).write(to: inputURL)
        let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")

        let child = Child(
            path: executable.path, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            workingDirectory: workingDirectory?.path, stdin: inputURL.path, stdout: outputURL.path, stderr: errorURL.path)
        let thread = Thread { child.runToExit() }
        thread.name = "vtrans-process-runner"
        thread.start()
        child.started.wait()
        if let failure = child.failure { throw StageTestError("\(failure) (\(command))") }
        if child.exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(-child.pid, SIGKILL)
            child.exited.wait()
            let log = String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self)
            throw StageTestError("\(command) did not finish within \(timeout) s and was killed; its last stderr:\n\(log.suffix(2000))")
        }
        let status = child.status
        let signaled = status & 0x7f != 0
        return ProcessOutcome(
            status: signaled ? status & 0x7f : (status >> 8) & 0xff, signal: signaled ? status & 0x7f : nil,
            standardOutput: [UInt8](try Data(contentsOf: outputURL)),
            standardError: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }

    /// One child: started and waited for on the thread that calls ``runToExit()``.
    private final class Child: @unchecked Sendable {
        let path: String
        let arguments: [String]
        let environment: [String: String]
        let workingDirectory: String?
        let files: (stdin: String, stdout: String, stderr: String)
        let started = DispatchSemaphore(value: 0)
        let exited = DispatchSemaphore(value: 0)
        var pid: Int32 = 0
        var status: Int32 = 0
        var failure: String?

        init(path: String, arguments: [String], environment: [String: String], workingDirectory: String?,
             stdin: String, stdout: String, stderr: String) {
            self.path = path
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.files = (stdin, stdout, stderr)
        }

        func runToExit() {
            let input = open(files.stdin, O_RDONLY | O_CLOEXEC)
            let output = open(files.stdout, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            let error = open(files.stderr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            defer { [input, output, error].forEach { close($0) } }
            let spawn = ProcessSpawner.shared.spawn(.init(
                path: path, arguments: arguments, environment: environment, stdin: input, stdout: output, stderr: error,
                workingDirectory: workingDirectory))
            guard case .success(let spawned) = spawn else {
                if case .failure(let error) = spawn { failure = error.message }
                started.signal()
                return
            }
            pid = spawned
            started.signal()
            var result: Int32 = 0
            while waitpid(spawned, &result, 0) < 0 && errno == EINTR {}
            status = result
            exited.signal()
        }
    }
}
