import Foundation
import Recognition
import Testing

@Suite struct AudioLevelsTests {
    /// `seconds` of a 200 Hz tone at `level` peak amplitude.
    static func tone(_ seconds: Double, level: Float) -> [Float] {
        (0..<Int(seconds * 16000)).map { index in level * Float(sin(2 * Double.pi * 200 * Double(index) / 16000)) }
    }

    static func silence(_ seconds: Double) -> [Float] { [Float](repeating: 0, count: Int(seconds * 16000)) }

    static func levels(_ samples: [Float]) -> AudioLevels { samples.withUnsafeBufferPointer { AudioLevels($0) } }

    @Test func digitalSilenceAndSoundBelowMinus50dBFSAreSilent() {
        #expect(Self.levels(Self.silence(2)).isSilent)
        #expect(Self.levels(Self.tone(2, level: 0.002)).isSilent)
        #expect(!Self.levels(Self.tone(2, level: 0.1)).isSilent)
        #expect(Self.levels([]).isSilent)
    }

    @Test func theSoundSpanIsWhereTheSoundIs() throws {
        let levels = Self.levels(Self.silence(2) + Self.tone(1.5, level: 0.3) + Self.silence(1.5))
        let span = try #require(levels.soundSpan(from: 0, to: 5))
        #expect(abs(span.start - 2) <= 0.02 && abs(span.end - 3.5) <= 0.02, "\(span)")
        #expect(levels.soundSpan(from: 3.6, to: 5) == nil)
        #expect(levels.isQuiet(from: 3.6, to: 5) && !levels.isQuiet(from: 3, to: 5))
    }

    @Test func aShortBurstAtAnEdgeCutOffBySilenceIsTheNeighboursSpeech() throws {
        // Whisper's segment runs from 0 to 6.1 s; the next sentence starts at 6 s.
        let levels = Self.levels(Self.silence(1) + Self.tone(2, level: 0.3) + Self.silence(3) + Self.tone(1, level: 0.3))
        let span = try #require(levels.soundSpan(from: 0, to: 6.1))
        #expect(abs(span.start - 1) <= 0.02 && abs(span.end - 3) <= 0.02, "\(span)")
        // A dip of under 0.1 s inside speech does not split it.
        let dipped = Self.levels(Self.tone(1, level: 0.3) + Self.silence(0.06) + Self.tone(0.2, level: 0.3))
        let whole = try #require(dipped.soundSpan(from: 0, to: 2))
        #expect(abs(whole.end - 1.26) <= 0.02, "\(whole)")
    }

    @Test func steadySoundIsNeverBackground() {
        // No quiet frames at all: the threshold stays under the sound.
        let levels = Self.levels(Self.tone(3, level: 0.05))
        #expect(levels.soundThreshold < Float(0.05 / 2.0.squareRoot()))
        #expect(!levels.isQuiet(from: 0, to: 3))
    }

    @Test func findsThePauseNearestBeforeATime() throws {
        // Sound 0–2 s, pause 2–2.1 s (too short), sound to 3 s, pause 3–4 s, sound 4–5 s.
        let levels = Self.levels(Self.tone(2, level: 0.3) + Self.silence(0.1) + Self.tone(0.9, level: 0.3) + Self.silence(1) + Self.tone(1, level: 0.3))
        let pause = try #require(levels.pause(before: 4.5, notBefore: 0))
        #expect(abs(pause.start - 3) <= 0.02 && abs(pause.end - 4) <= 0.02, "\(pause)")
        let inside = try #require(levels.pause(before: 3.5, notBefore: 0))
        #expect(abs(inside.start - 3) <= 0.02 && abs(inside.end - 4) <= 0.02, "a pause holding the time: \(inside)")
        #expect(levels.pause(before: 2.9, notBefore: 0) == nil, "0.1 s is a dip, not a pause")
        #expect(levels.pause(before: 4.5, notBefore: 3.9) == nil, "clipped to 0.1 s")
    }
}
