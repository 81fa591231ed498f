import CSpawn
import Foundation
import StageProtocol

/// Starts stage processes from one long-lived thread.
///
/// Linux delivers the parent-death signal when the *thread* that forked exits, so every fork
/// happens on this thread, which lives as long as the process. StageTesting starts the processes
/// of tests through it too.
public final class ProcessSpawner: @unchecked Sendable {
    /// The spawner of this process.
    public static let shared = ProcessSpawner()

    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    private init() {
        // Writes to a stage that died must fail with EPIPE, not kill the supervisor.
        signal(SIGPIPE, SIG_IGN)
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "vtrans-spawner"
        thread.start()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }

    /// What to start: the executable, its argv after `argv[0]` (the path), its whole environment,
    /// the descriptors it gets as 0, 1 and 2, and the limits applied before exec.
    public struct Request {
        public var path: String
        public var arguments: [String]
        public var environment: [String: String]
        public var stdin: Int32
        public var stdout: Int32
        public var stderr: Int32
        public var limits: ResourceLimits
        public var workingDirectory: String?
        /// A cgroup's `cgroup.procs` the child joins before exec; its memory limit then replaces RLIMIT_AS.
        public var cgroupProcsPath: String?

        public init(
            path: String, arguments: [String], environment: [String: String], stdin: Int32, stdout: Int32, stderr: Int32,
            limits: ResourceLimits = ResourceLimits(), workingDirectory: String? = nil, cgroupProcsPath: String? = nil
        ) {
            self.path = path
            self.arguments = arguments
            self.environment = environment
            self.stdin = stdin
            self.stdout = stdout
            self.stderr = stderr
            self.limits = limits
            self.workingDirectory = workingDirectory
            self.cgroupProcsPath = cgroupProcsPath
        }
    }

    /// Starts a process in a process group of its own; returns its pid.
    public func spawn(_ request: Request) -> Result<Int32, SupervisorError> {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<Int32, SupervisorError>!
        condition.lock()
        jobs.append {
            result = Self.fork(request)
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return result
    }

    private static func fork(_ r: Request) -> Result<Int32, SupervisorError> {
        let argv = ([r.path] + r.arguments).map { strdup($0) } + [nil]
        let envp = r.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var errorNumber: Int32 = 0
        var failedStep: UnsafePointer<CChar>?
        let pid: pid_t = r.path.withCString { path in
            argv.withUnsafeBufferPointer { argvBuffer in
                envp.withUnsafeBufferPointer { envpBuffer in
                    withOptionalCString(r.workingDirectory) { directory in
                      withOptionalCString(r.cgroupProcsPath) { cgroupProcs in
                        var config = vtrans_spawn_config()
                        config.path = path
                        config.argv = argvBuffer.baseAddress
                        config.envp = envpBuffer.baseAddress
                        config.stdin_fd = r.stdin
                        config.stdout_fd = r.stdout
                        config.stderr_fd = r.stderr
                        config.memory_bytes = r.cgroupProcsPath == nil ? r.limits.memoryBytes ?? 0 : 0
                        config.cpu_seconds = r.limits.cpuSeconds ?? 0
                        config.open_files = r.limits.openFiles ?? 0
                        config.working_directory = directory
                        config.cgroup_procs_path = cgroupProcs
                        return vtrans_spawn(&config, &errorNumber, &failedStep)
                      }
                    }
                }
            }
        }
        guard pid > 0 else {
            let step = failedStep.map { String(cString: $0) } ?? "spawn"
            return .failure(SupervisorError(
                .spawnFailed, message: "cannot start \(r.path): \(step) failed: \(String(cString: strerror(errorNumber)))"))
        }
        return .success(pid)
    }
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
