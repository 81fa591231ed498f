import StageProtocol

/// The audio the recognizer holds: everything from the start of the next window to the end of
/// the last chunk received, and which input chunk each held sample came from.
struct AudioWindow {
    /// Index, from the start of the stream, of the first held sample.
    private(set) var origin: UInt64 = 0
    /// The held samples, 16 kHz mono.
    private(set) var samples: [Float] = []
    /// Samples of silence put in for gaps between chunks, and samples dropped where chunks overlapped.
    private(set) var repaired = (gap: 0, overlap: 0)
    /// Offsets into ``samples`` where each chunk's own samples start, with its input sequence;
    /// the first is the chunk holding the first held sample, at offset 0.
    private var pieces: [(offset: Int, sequence: UInt64)] = []
    /// Samples before this one are dropped as they arrive (a restarted stage resuming).
    private let firstKept: UInt64

    /// A window that keeps samples from `firstKept` on.
    init(keepingFrom firstKept: UInt64 = 0) {
        self.firstKept = firstKept
    }

    /// Appends `chunk`, whose input sequence is `sequence`. A gap before it is filled with silence
    /// and an overlap with audio already held is dropped, so sample times stay right.
    mutating func append(_ chunk: AudioChunk, sequence: UInt64) {
        // The first chunk sets the origin; from then on the chunk holding the origin stays in pieces.
        if pieces.isEmpty { origin = chunk.startSample }
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
        pieces.append((samples.count, sequence))
        chunk.withSamples { samples.append(contentsOf: $0[skip...]) }
        if origin < firstKept { consume(Int(min(UInt64(samples.count), firstKept - origin))) }
    }

    /// Input sequence of the chunk the first held sample came from: a replay from that chunk
    /// gives the same samples from ``origin`` on.
    var originSequence: UInt64? { pieces.first?.sequence }

    /// Drops the first `count` samples: the next window starts after them.
    mutating func consume(_ count: Int) {
        let count = min(count, samples.count)
        samples.removeFirst(count)
        origin += UInt64(count)
        // The chunk holding the new first sample stays, at offset 0.
        let holder = pieces.lastIndex { $0.offset <= count } ?? 0
        pieces = pieces[holder...].map { (max(0, $0.offset - count), $0.sequence) }
    }
}
