import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a child process to its end, with a deadline.
///
/// Standard input, output and error go through files in a private directory, so neither side
/// can block the other however much it writes. The wait is for the exit itself (no polling);
/// a process still running at the deadline is killed with SIGKILL and reported as hung.
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
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        do { try process.run() } catch {
            throw StageTestError("cannot start \(command): \(error)")
        }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            let log = String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self)
            throw StageTestError("\(command) did not finish within \(timeout) s and was killed; its last stderr:\n\(log.suffix(2000))")
        }
        let killed = process.terminationReason == .uncaughtSignal
        return ProcessOutcome(
            status: process.terminationStatus, signal: killed ? process.terminationStatus : nil,
            standardOutput: [UInt8](try Data(contentsOf: outputURL)),
            standardError: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }
}
