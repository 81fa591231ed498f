import Foundation
import StageProtocol
import StageTesting

#if canImport(Glibc)
import Glibc
#endif

/// A stage process fed and read while it runs, for tests that act mid-job: look at its output
/// before its input ends, or kill one of its children.
///
/// Its stdin and stdout are connected sockets, close-on-exec from birth, so that no process a
/// parallel test starts holds them open (the stage would then never see its input end).
final class LiveStage: @unchecked Sendable {
    private let process = Process()
    private let input: FileHandle
    private let errorFile: URL
    private let lock = NSLock()
    private var output: [UInt8] = []
    private let readerDone = DispatchSemaphore(value: 0)
    private var encoder = FrameEncoder()

    /// Starts `stage` with `parameters`, its stdin and stdout connected to this object.
    init(_ stage: BuiltStage, parameters: [String: String]) throws {
        // A stage that dies makes writes to it fail with EPIPE instead of killing the tests.
        signal(SIGPIPE, SIG_IGN)
        errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-live-stage-\(UUID().uuidString).log")
        try Data().write(to: errorFile)
        let (stdinRead, stdinWrite) = try Self.channel()
        let (stdoutRead, stdoutWrite) = try Self.channel()
        input = stdinWrite
        process.executableURL = stage.executable
        process.arguments = parameters.sorted { $0.key < $1.key }.flatMap { ["--param", "\($0.key)=\($0.value)"] }
        process.standardInput = stdinRead
        process.standardOutput = stdoutWrite
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        try stdinRead.close()
        try stdoutWrite.close()
        let reading = stdoutRead
        Thread { [self] in
            while true {
                let data = reading.availableData
                if data.isEmpty { break }
                lock.withLock { output += data }
            }
            readerDone.signal()
        }.start()
    }

    /// A connected pair of sockets: the first end reads what the second writes.
    private static func channel() throws -> (FileHandle, FileHandle) {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw StageTestError("socketpair failed: \(String(cString: strerror(errno)))")
        }
        shutdown(fds[0], Int32(SHUT_WR))
        shutdown(fds[1], Int32(SHUT_RD))
        return (FileHandle(fileDescriptor: fds[0], closeOnDealloc: true), FileHandle(fileDescriptor: fds[1], closeOnDealloc: true))
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: errorFile)
    }

    /// The stage's process id.
    var processID: Int32 { process.processIdentifier }

    /// Writes `messages` as frames to the stage's stdin (blocking while its buffer is full).
    /// - Throws: when the stage has closed its input (it died).
    func send(_ messages: [Message]) throws {
        var bytes: [UInt8] = []
        for message in messages { encoder.encode(message, into: &bytes) }
        try input.write(contentsOf: Data(bytes))
    }

    /// The complete frames the stage has written so far, decoded.
    func messages() throws -> [Message] {
        let bytes = lock.withLock { output }
        var decoder = FrameDecoder()
        decoder.append(bytes)
        var messages: [Message] = []
        while let frame = try decoder.next() { messages.append(try frame.message()) }
        return messages
    }

    /// Waits until `condition` holds for the output so far; false after `timeout` seconds.
    func wait(timeout: Double, until condition: ([Message]) -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(try messages()) { return true }
            usleep(5000)
        }
        return false
    }

    /// Sends the end of the stream, closes stdin and waits for the stage to exit.
    /// - Returns: its exit status, every message it wrote and its stderr.
    func finish(timeout: Double = 120) throws -> (status: Int32, messages: [Message], standardError: String) {
        try? send([.endOfStream])
        try input.close()
        guard readerDone.wait(timeout: .now() + timeout) == .success else {
            kill(process.processIdentifier, SIGKILL)
            throw StageTestError("\(process.executableURL?.lastPathComponent ?? "stage") did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        let log = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, try messages(), log)
    }
}
