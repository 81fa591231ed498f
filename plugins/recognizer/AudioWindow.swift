import StageProtocol

/// The audio the recognizer holds: everything from the start of the next window to the end of
/// the last chunk received, with where each chunk inside it started and its input sequence.
struct AudioWindow {
    /// Index, from the start of the stream, of the first held sample.
    private(set) var origin: UInt64 = 0
    /// The held samples, 16 kHz mono.
    private(set) var samples: [Float] = []
    /// Offsets into ``samples`` where a chunk starts, ascending, with that chunk's input sequence.
    private(set) var chunkStarts: [(offset: Int, sequence: UInt64)] = []
    /// Samples of silence put in for gaps between chunks, and samples dropped where chunks overlapped.
    private(set) var repaired = (gap: 0, overlap: 0)
    private var started = false

    /// Appends `chunk`, whose input sequence is `sequence`. A gap before it is filled with silence
    /// and an overlap with audio already held is dropped, so sample times stay right.
    mutating func append(_ chunk: AudioChunk, sequence: UInt64) {
        if !started {
            origin = chunk.startSample
            started = true
        }
        let end = origin + UInt64(samples.count)
        var skip = 0
        if chunk.startSample > end {
            let gap = Int(chunk.startSample - end)
            samples.append(contentsOf: repeatElement(0, count: gap))
            repaired.gap += gap
        } else if chunk.startSample < end {
            skip = min(chunk.frameCount, Int(end - chunk.startSample))
            repaired.overlap += skip
        }
        guard skip < chunk.frameCount else { return }
        // A chunk cut short by an overlap is no place for a window to start: a replay from it
        // would start earlier.
        if skip == 0 { chunkStarts.append((samples.count, sequence)) }
        chunk.withSamples { samples.append(contentsOf: $0[skip...]) }
    }

    /// Drops the first `count` samples: the next window starts after them.
    mutating func consume(_ count: Int) {
        let count = min(count, samples.count)
        samples.removeFirst(count)
        origin += UInt64(count)
        chunkStarts = chunkStarts.compactMap { $0.offset >= count ? ($0.offset - count, $0.sequence) : nil }
    }
}
