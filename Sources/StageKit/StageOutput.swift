import StageProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Where a stage sends its messages: data downstream, and progress and checkpoints for the
/// supervisor (which takes them out of the stream).
public final class StageOutput {
    private let sink: FrameSink
    private var lastProgress: timespec = timespec(tv_sec: 0, tv_nsec: 0)
    /// Sequence number of the input frame being handled (0 for a source stage).
    public internal(set) var currentInputSequence: UInt64 = 0
    /// Minimum time between two progress messages, in nanoseconds (the last one always goes).
    public var progressInterval: Int64 = 100_000_000

    init(sink: FrameSink) { self.sink = sink }

    /// Sends a message downstream.
    public func emit(_ message: Message) throws {
        try sink.write(message)
    }

    /// Reports progress, at most every ``progressInterval`` unless `fraction` is 1.
    public func progress(fraction: Double, done: Double = 0, total: Double = 0, unit: String = "", note: String = "") throws {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let elapsed = Int64(now.tv_sec - lastProgress.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec - lastProgress.tv_nsec)
        guard fraction >= 1 || !note.isEmpty || elapsed >= progressInterval else { return }
        lastProgress = now
        try sink.write(.progress(Progress(fraction: fraction, done: done, total: total, unit: unit, note: note)))
        try sink.flush()
    }

    /// Declares that every input up to the current one is fully reflected in the output, so a
    /// restarted copy of this stage can resume after it.
    public func checkpoint(mediaTime: Double) throws {
        try checkpoint(inputSequence: currentInputSequence, mediaTime: mediaTime)
    }

    /// Declares that every input up to and including `inputSequence` is fully reflected in the
    /// output: for a stage that still holds later input, such as a segment waiting for the rest
    /// of its sentence (then `currentInputSequence - 1`).
    public func checkpoint(inputSequence: UInt64, mediaTime: Double) throws {
        try sink.write(.checkpoint(Checkpoint(inputSequence: inputSequence, mediaTime: mediaTime)))
        try sink.flush()
    }

    /// Pushes buffered frames to the next stage now.
    public func flush() throws { try sink.flush() }

    func forward(_ frame: Frame) throws { try sink.forward(frame) }
}
