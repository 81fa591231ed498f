/// Where to cut a window of streamed audio once it is recognised: which of its segments are
/// final, and where the next window starts.
///
/// Whisper hears a window of up to 30 seconds at a time. Segments that end well before the
/// window does are final; the last one, or any ending in the last ``holdBack`` seconds, may be a
/// sentence cut off by the window's end, so the next window starts where the first of them
/// starts and hears it whole. Whisper's boundaries are rough, so the cut moves into the pause
/// before that segment when there is one, but never back into sound a final segment covers:
/// that would be heard, and written, twice.
public struct WindowCut: Sendable, Hashable {
    /// How many of the window's segments, from the first, are final.
    public var finalCount: Int
    /// Where the next window starts, in samples from this window's first sample.
    public var carrySample: Int

    /// A cut.
    public init(finalCount: Int, carrySample: Int) {
        self.finalCount = finalCount
        self.carrySample = carrySample
    }

    /// Plans the cut of a window of `windowSamples` samples whose recognised segments are
    /// `segments` (times from the window's start).
    /// - Parameters:
    ///   - levels: the window's loudness, to find pauses.
    ///   - isLast: no audio follows: every segment is final, and the window is used up unless
    ///     two seconds or more with sound in it are left after its last segment.
    ///   - holdBack: a segment ending this close to the window's end (seconds) waits for the next window.
    ///   - maximumSnap: the farthest (seconds) the cut moves back to reach a pause.
    public static func plan(
        segments: [RecognizedSegment], windowSamples: Int, levels: AudioLevels, isLast: Bool, holdBack: Double = 1, maximumSnap: Double = 3
    ) -> WindowCut {
        let rate = Double(levels.sampleRate)
        let windowEnd = Double(windowSamples) / rate
        if isLast {
            // Whisper stops a pass after its last complete segment: hear what is left again,
            // unless it is quiet or under two seconds (the tail of the last word, which Whisper
            // heard already and times a little early: a pass over it invents "Thank you.").
            let end = segments.last?.end ?? windowEnd
            let rest = end > 0 && windowEnd - end >= 2 && levels.soundSpan(from: end, to: windowEnd) != nil
            let carry = rest ? Int((end * rate).rounded()) : windowSamples
            return WindowCut(finalCount: segments.count, carrySample: min(carry, windowSamples))
        }
        var finalCount = segments.prefix { $0.end <= windowEnd - holdBack }.count
        var cut: Double
        if finalCount < segments.count {
            cut = segments[finalCount].start
        } else if let last = segments.last {
            cut = last.end
        } else {
            cut = windowEnd - holdBack
        }
        // A segment that starts early and runs to the window's end would hold the window in place
        // forever: take every segment as it is and move on.
        let minimumAdvance = windowEnd / 3
        if cut < minimumAdvance {
            finalCount = segments.count
            cut = max(segments.last?.end ?? 0, minimumAdvance)
        }
        cut = min(max(cut, 0), windowEnd)
        let lastFinal = finalCount > 0 ? segments[finalCount - 1] : nil
        // The held segment's speech may start before Whisper says, or well after: cut in the pause
        // before it, where nothing is lost or heard twice, a little before the speech that follows
        // (forward at most a second: what Whisper heard in audio too quiet to measure is left
        // alone). A pause with sound after it that a final segment covers is inside that segment.
        if let pause = levels.pause(before: cut, notBefore: max(cut - maximumSnap, lastFinal?.start ?? 0)), pause.start > 0,
           pause.end >= (lastFinal?.end ?? 0) - 0.2 {
            let inside = max(pause.start, min(cut + 1, pause.end - 0.3))
            return WindowCut(finalCount: finalCount, carrySample: min(windowSamples, Int((inside * rate).rounded())))
        }
        return WindowCut(finalCount: finalCount, carrySample: min(windowSamples, Int((cut * rate).rounded())))
    }
}
