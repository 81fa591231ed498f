import Foundation
import StageKit
import StageProtocol

/// Re-emits every message it receives; a debugging tap and the benchmark's pipe hop.
struct Passthrough: Stage {
    static let manifest = StageManifest(
        name: "passthrough",
        summary: "Re-emit every audio chunk unchanged (debugging tap, benchmark hop)",
        executable: "vtrans-passthrough",
        consumes: [.audioChunk],
        produces: [.audioChunk],
        parameters: [
            .init("checkpoint_every", .integer, default: "0", summary: "Send a checkpoint after this many chunks (0: never)"),
            .init("fail_after", .integer, default: "0", summary: "Fail after this many chunks, for restart tests (0: never)"),
            .init("delay_chunks", .integer, default: "0", summary: "Hold this many chunks in memory before passing them on (a delay line)"),
        ],
        checkpoints: true)

    private let checkpointEvery: Int
    private let failAfter: Int
    private let delayChunks: Int
    private var held: [Message] = []
    private var chunks = 0

    init(context: StageContext) throws {
        checkpointEvery = try context.parameters.integer("checkpoint_every") ?? 0
        failAfter = try context.parameters.integer("fail_after") ?? 0
        delayChunks = try context.parameters.integer("delay_chunks") ?? 0
        if let resume = ProcessInfo.processInfo.environment["VTRANS_RESUME_MEDIA_TIME"] {
            context.logger.info("resuming after the checkpoint at \(resume) s")
        }
    }

    mutating func handle(_ message: Message, output: StageOutput) throws {
        held.append(message)
        if held.count > delayChunks { try output.emit(held.removeFirst()) }
        chunks += 1
        if case .audioChunk(let chunk) = message, checkpointEvery > 0, chunks % checkpointEvery == 0, held.isEmpty {
            try output.checkpoint(mediaTime: chunk.startTime + chunk.duration)
        }
        if failAfter > 0, chunks == failAfter {
            try output.flush()
            throw StageFailure(code: "injected_failure", message: "failing after \(failAfter) chunks as asked (fail_after)", retryable: true)
        }
    }

    mutating func finish(output: StageOutput) throws {
        for message in held { try output.emit(message) }
        held.removeAll()
    }
}

StageMain.run(Passthrough.self)
