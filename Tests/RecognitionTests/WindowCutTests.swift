import Recognition
import Testing

@Suite struct WindowCutTests {
    static let rate = 16000

    /// A 30 s window of steady sound (nothing is quiet).
    static let loud = [Float](repeating: 0.2, count: 30 * rate).withUnsafeBufferPointer { AudioLevels($0) }

    /// The index of the sample at `seconds`, as the cut rounds it.
    static func sample(_ seconds: Double) -> Int { Int((seconds * Double(rate)).rounded()) }

    static func segment(_ start: Double, _ end: Double) -> RecognizedSegment {
        RecognizedSegment(start: start, end: end, text: "words")
    }

    @Test func segmentsEndingInTheLastSecondWaitForTheNextWindow() {
        let segments = [Self.segment(0, 8), Self.segment(8, 17), Self.segment(17, 26.5), Self.segment(26.5, 29.4)]
        let cut = WindowCut.plan(segments: segments, windowSamples: 30 * Self.rate, levels: Self.loud, isLast: false)
        #expect(cut.finalCount == 3)
        // Without a pause, the next window starts where the held segment does.
        #expect(cut.carrySample == Self.sample(26.5))
    }

    @Test func theCutStaysInThePauseBeforeTheHeldSegment() {
        // Sound until 25.3 s, a pause until 27.5 s, sound again.
        let samples = [Float](repeating: 0.2, count: Int(25.3 * Double(Self.rate))) + [Float](repeating: 0, count: Int(2.2 * Double(Self.rate)))
            + [Float](repeating: 0.2, count: Int(2.5 * Double(Self.rate)))
        let levels = samples.withUnsafeBufferPointer { AudioLevels($0) }
        let segments = [Self.segment(0, 12), Self.segment(12, 25.6), Self.segment(27.2, 29.8)]
        let cut = WindowCut.plan(segments: segments, windowSamples: 30 * Self.rate, levels: levels, isLast: false)
        #expect(cut == WindowCut(finalCount: 2, carrySample: Self.sample(27.2)))

        // Whisper often ends a segment well into the pause after it: the cut may go back before
        // that end when the audio from there on is quiet.
        let late = WindowCut.plan(segments: [Self.segment(0, 12), Self.segment(12, 27.4), Self.segment(27.6, 29.8)],
                                  windowSamples: 30 * Self.rate, levels: levels, isLast: false)
        #expect(late == WindowCut(finalCount: 2, carrySample: Self.sample(27.2)))
    }

    @Test func theCutMovesForwardThroughAPauseThatRunsPastTheHeldSegmentsStart() {
        // Whisper starts the held segment at 23.7 s; the speech starts at 24.3 s.
        let samples = [Float](repeating: 0.2, count: Int(23.5 * Double(Self.rate))) + [Float](repeating: 0, count: Int(0.8 * Double(Self.rate)))
            + [Float](repeating: 0.2, count: Int(5.7 * Double(Self.rate)))
        let levels = samples.withUnsafeBufferPointer { AudioLevels($0) }
        let cut = WindowCut.plan(segments: [Self.segment(0, 23.7), Self.segment(23.7, 29.5)], windowSamples: 30 * Self.rate,
                                 levels: levels, isLast: false)
        #expect(cut == WindowCut(finalCount: 1, carrySample: 24 * Self.rate))
    }

    @Test func aPauseInsideTheLastFinalSegmentIsNoPlaceToCut() {
        // "... than he was." until 22.9 s, a pause, then "He might even have been made amiable",
        // which Whisper puts in the same final segment, ending at 25.88 s; the speech goes on.
        let samples = [Float](repeating: 0.2, count: Int(22.9 * Double(Self.rate))) + [Float](repeating: 0, count: Int(0.7 * Double(Self.rate)))
            + [Float](repeating: 0.2, count: Int(6.4 * Double(Self.rate)))
        let levels = samples.withUnsafeBufferPointer { AudioLevels($0) }
        let cut = WindowCut.plan(segments: [Self.segment(0, 20.12), Self.segment(20.12, 25.88)], windowSamples: 30 * Self.rate,
                                 levels: levels, isLast: false)
        #expect(cut == WindowCut(finalCount: 2, carrySample: Self.sample(25.88)))
    }

    @Test func anEmptyWindowMovesOnButKeepsItsLastSecondUnlessItIsQuiet() {
        let quiet = [Float](repeating: 0, count: 30 * Self.rate).withUnsafeBufferPointer { AudioLevels($0) }
        let cut = WindowCut.plan(segments: [], windowSamples: 30 * Self.rate, levels: quiet, isLast: false)
        #expect(cut.finalCount == 0)
        #expect(cut.carrySample == Self.sample(29.7))
        let loud = WindowCut.plan(segments: [], windowSamples: 30 * Self.rate, levels: Self.loud, isLast: false)
        #expect(loud.carrySample == 29 * Self.rate)
    }

    @Test func aSegmentSpanningTheWindowCannotHoldItInPlace() {
        let cut = WindowCut.plan(segments: [Self.segment(0.5, 29.6)], windowSamples: 30 * Self.rate, levels: Self.loud, isLast: false)
        #expect(cut.finalCount == 1)
        #expect(cut.carrySample >= 10 * Self.rate)
    }

    @Test func theLastWindowIsUsedUpUnlessTwoSecondsOfSoundAreLeftUnheard() {
        let whole = WindowCut.plan(segments: [Self.segment(0, 7.5)], windowSamples: 8 * Self.rate, levels: Self.loud, isLast: true)
        #expect(whole == WindowCut(finalCount: 1, carrySample: 8 * Self.rate))
        let rest = WindowCut.plan(segments: [Self.segment(0, 5)], windowSamples: 8 * Self.rate, levels: Self.loud, isLast: true)
        #expect(rest == WindowCut(finalCount: 1, carrySample: 5 * Self.rate))
        let quietEnd = ([Float](repeating: 0.2, count: 5 * Self.rate) + [Float](repeating: 0, count: 3 * Self.rate)).withUnsafeBufferPointer { AudioLevels($0) }
        let silentRest = WindowCut.plan(segments: [Self.segment(0, 5)], windowSamples: 8 * Self.rate, levels: quietEnd, isLast: true)
        #expect(silentRest.carrySample == 8 * Self.rate, "nothing to hear after the last segment")
        let tail = WindowCut.plan(segments: [Self.segment(0, 6.5)], windowSamples: 8 * Self.rate, levels: Self.loud, isLast: true)
        #expect(tail.carrySample == 8 * Self.rate, "1.5 s after the last segment is the tail of its last word")
        let nothing = WindowCut.plan(segments: [], windowSamples: 8 * Self.rate, levels: Self.loud, isLast: true)
        #expect(nothing.carrySample == 8 * Self.rate)
    }
}
