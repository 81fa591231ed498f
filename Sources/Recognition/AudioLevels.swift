/// How loud audio is, in 20 ms frames: enough to tell digital or near silence from sound, and to
/// find where speech starts and ends inside a span that Whisper's timestamps give only roughly.
public struct AudioLevels: Sendable {
    /// Samples per second of the audio measured.
    public let sampleRate: Int
    /// Samples per frame (20 ms).
    public let frameLength: Int
    /// Root-mean-square level of each frame, 0…1 for audio within full scale.
    public let frames: [Float]
    /// The level above which a frame counts as sound rather than the background: three times
    /// the quietest tenth of the frames (the noise floor), at least 0.002 (-54 dBFS), at most a
    /// tenth of the loudest twentieth (so that steady speech without pauses is never "background").
    public let soundThreshold: Float

    /// The loudest frame below this (-50 dBFS) means there is nothing to hear.
    public static let silenceLevel: Float = 0.003

    /// Measures `samples`.
    public init(_ samples: UnsafeBufferPointer<Float>, sampleRate: Int = 16000) {
        self.sampleRate = sampleRate
        frameLength = max(1, sampleRate / 50)
        var frames: [Float] = []
        frames.reserveCapacity(samples.count / frameLength + 1)
        var start = 0
        while start < samples.count {
            let end = min(start + frameLength, samples.count)
            var sum: Float = 0
            for index in start..<end { sum += samples[index] * samples[index] }
            frames.append((sum / Float(end - start)).squareRoot())
            start = end
        }
        self.frames = frames
        let sorted = frames.sorted()
        let floor = sorted.isEmpty ? 0 : sorted[sorted.count / 10]
        let loud = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, sorted.count * 95 / 100)]
        soundThreshold = min(max(3 * floor, 0.002), max(0.1 * loud, 0.002))
    }

    /// The loudest frame's level.
    public var peak: Float { frames.max() ?? 0 }

    /// Whether nothing in the audio rises above ``silenceLevel``.
    public var isSilent: Bool { peak < Self.silenceLevel }

    /// Whether every frame overlapping `start..<end` (seconds from the first sample) stays below
    /// ``soundThreshold``.
    public func isQuiet(from start: Double, to end: Double) -> Bool {
        let range = frameRange(from: start, to: end)
        return range.isEmpty || frames[range].allSatisfy { $0 < soundThreshold }
    }

    /// Where the sound inside `start..<end` (seconds) begins and ends, or `nil` when it is all
    /// quiet. A short burst at either edge (under 0.3 s), cut off from the rest by at least 0.3 s of
    /// quiet, is left out: it is the neighbouring speech that a rough segment boundary takes in.
    public func soundSpan(from start: Double, to end: Double) -> (start: Double, end: Double)? {
        let range = frameRange(from: start, to: end)
        let bridge = Int((0.1 * Double(sampleRate) / Double(frameLength)).rounded())
        let apart = Int((0.3 * Double(sampleRate) / Double(frameLength)).rounded())
        // Runs of sound, joined across dips shorter than `bridge` frames.
        var runs: [Range<Int>] = []
        for index in range where frames[index] >= soundThreshold {
            if let last = runs.last, index - last.upperBound <= bridge {
                runs[runs.count - 1] = last.lowerBound..<index + 1
            } else {
                runs.append(index..<index + 1)
            }
        }
        while runs.count > 1, runs[0].count < apart, runs[1].lowerBound - runs[0].upperBound >= apart { runs.removeFirst() }
        while runs.count > 1, runs[runs.count - 1].count < apart, runs[runs.count - 1].lowerBound - runs[runs.count - 2].upperBound >= apart { runs.removeLast() }
        guard let first = runs.first, let last = runs.last else { return nil }
        let seconds = Double(frameLength) / Double(sampleRate)
        return (max(start, Double(first.lowerBound) * seconds), min(end, Double(last.upperBound) * seconds))
    }

    /// The quiet stretch of at least `length` seconds nearest before `time`, or holding it,
    /// searched back to `earliest`, where its start is clipped.
    public func pause(before time: Double, notBefore earliest: Double, length: Double = 0.2) -> (start: Double, end: Double)? {
        let perSecond = Double(sampleRate) / Double(frameLength)
        let needed = max(1, Int((length * perSecond).rounded()))
        let lowest = max(0, Int((earliest * perSecond).rounded(.up)))
        var end = min(frames.count, Int((time * perSecond).rounded(.down)))
        // A pause holding `time` runs on after it.
        while end < frames.count, end > lowest, frames[end - 1] < soundThreshold, frames[end] < soundThreshold { end += 1 }
        while end > lowest {
            guard frames[end - 1] < soundThreshold else {
                end -= 1
                continue
            }
            var start = end - 1
            while start > lowest, frames[start - 1] < soundThreshold { start -= 1 }
            if end - start >= needed { return (Double(start) / perSecond, Double(end) / perSecond) }
            end = start
        }
        return nil
    }

    private func frameRange(from start: Double, to end: Double) -> Range<Int> {
        let perSecond = Double(sampleRate) / Double(frameLength)
        let first = min(frames.count, max(0, Int((start * perSecond).rounded(.down))))
        let last = min(frames.count, max(first, Int((end * perSecond).rounded(.up))))
        return first..<last
    }
}
