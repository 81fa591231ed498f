import StageKit
import StageProtocol

/// Gathers mono float32 samples into fixed-size ``AudioChunk``s and emits each when full.
///
/// Samples are written straight into the chunk's byte array (by libswresample), and the array is
/// handed to the message without a copy; once the frame writer has copied it into its buffer,
/// the array is uniquely owned again and reused for the next chunk.
final class ChunkAssembler {
    private let output: StageOutput
    private let sampleRate: Int
    private let chunkSamples: Int
    private let expectedSeconds: Double?
    private var bytes: [UInt8]
    private var filled = 0
    private var emitted: UInt64 = 0

    /// - Parameters:
    ///   - sampleRate: output samples per second.
    ///   - chunkSamples: samples per chunk (the last chunk may be shorter).
    ///   - expectedSeconds: the input's duration, for progress.
    init(output: StageOutput, sampleRate: Int, chunkSamples: Int, expectedSeconds: Double?) {
        self.output = output
        self.sampleRate = sampleRate
        self.chunkSamples = chunkSamples
        self.expectedSeconds = expectedSeconds
        bytes = [UInt8](repeating: 0, count: chunkSamples * 4)
    }

    /// Samples produced so far, emitted or not.
    var totalSamples: UInt64 { emitted + UInt64(filled) }

    /// Seconds of audio produced so far.
    var totalSeconds: Double { Double(totalSamples) / Double(sampleRate) }

    /// Lets `write` put up to `capacity` samples at the write position and return how many it
    /// wrote; emits the chunk if that filled it.
    /// - Returns: the samples written and the capacity offered (equal: there may be more to write).
    func fill(_ write: (_ destination: UnsafeMutablePointer<UInt8>, _ capacity: Int32) throws -> Int32) throws -> (written: Int, capacity: Int) {
        let capacity = chunkSamples - filled
        let offset = filled * 4
        let written = try bytes.withUnsafeMutableBytes { raw in
            try write(raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self), Int32(capacity))
        }
        filled += Int(written)
        if filled == chunkSamples { try emit() }
        return (Int(written), capacity)
    }

    /// Appends `count` samples of silence.
    func appendSilence(_ count: Int) throws {
        var remaining = count
        while remaining > 0 {
            let (written, _) = try fill { destination, capacity in
                let n = min(Int(capacity), remaining)
                destination.initialize(repeating: 0, count: n * 4)
                return Int32(n)
            }
            remaining -= written
        }
    }

    /// Emits the last, partial chunk.
    func finish() throws {
        guard filled > 0 else { return }
        bytes.removeLast(bytes.count - filled * 4)
        try emit()
    }

    private func emit() throws {
        try output.emit(.audioChunk(AudioChunk(startSample: emitted, sampleRate: UInt32(sampleRate), channels: 1, sampleBytes: bytes)))
        emitted += UInt64(filled)
        filled = 0
        let done = Double(emitted) / Double(sampleRate)
        if let total = expectedSeconds {
            try output.progress(fraction: min(1, done / total), done: done, total: total, unit: "s")
        } else {
            try output.progress(fraction: -1, done: done, unit: "s")
        }
    }
}
