import Foundation
import StageProtocol
import StageTesting

#if canImport(Glibc)
import Glibc
#endif

/// A stage process fed through a pipe and read while it runs, for tests that act mid-job:
/// look at its output before its input ends, or kill one of its children.
final class LiveStage: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let errorFile: URL
    private let lock = NSLock()
    private var output: [UInt8] = []
    private let readerDone = DispatchSemaphore(value: 0)
    private var encoder = FrameEncoder()

    /// Starts `stage` with `parameters`, its stdin and stdout connected to this object.
    init(_ stage: BuiltStage, parameters: [String: String]) throws {
        errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-live-stage-\(UUID().uuidString).log")
        try Data().write(to: errorFile)
        let stdout = Pipe()
        process.executableURL = stage.executable
        process.arguments = parameters.sorted { $0.key < $1.key }.flatMap { ["--param", "\($0.key)=\($0.value)"] }
        process.standardInput = input
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let reading = stdout.fileHandleForReading
        Thread { [self] in
            while true {
                let data = reading.availableData
                if data.isEmpty { break }
                lock.withLock { output += data }
            }
            readerDone.signal()
        }.start()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: errorFile)
    }

    /// The stage's process id.
    var processID: Int32 { process.processIdentifier }

    /// Writes `messages` as frames to the stage's stdin (blocking while the pipe is full).
    func send(_ messages: [Message]) {
        var bytes: [UInt8] = []
        for message in messages { encoder.encode(message, into: &bytes) }
        input.fileHandleForWriting.write(Data(bytes))
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
        send([.endOfStream])
        try input.fileHandleForWriting.close()
        guard readerDone.wait(timeout: .now() + timeout) == .success else {
            kill(process.processIdentifier, SIGKILL)
            throw StageTestError("\(process.executableURL?.lastPathComponent ?? "stage") did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        let log = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, try messages(), log)
    }
}
