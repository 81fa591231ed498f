import Foundation
import StageProtocol
import StageTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The stage when its Apertium child dies mid-job: the backend restarts the child and retries,
/// and the stage's output is as complete as an undisturbed run's.
@Suite struct ApertiumCrashTests {
    static let sentences = [
        "The cat is sleeping on the mat in the kitchen.", "Where is the library that opened last year?",
        "We bought three new cars for the company yesterday.", "The children played in the garden until it was dark.",
        "She wrote a long letter to her brother in the city.", "The train to the coast leaves every morning at eight.",
        "Our neighbours painted their house a bright shade of blue.", "He forgot his umbrella and walked home in the rain.",
        "The museum shows old maps and paintings from the region.", "They opened a small shop that sells fresh bread.",
    ]

    /// `rounds` times every sentence, each spread over two segments.
    static func segments(rounds: Int) -> [Segment] {
        var segments: [Segment] = []
        for _ in 0..<rounds {
            for sentence in sentences {
                let words = sentence.split(separator: " ")
                for half in [words.prefix(words.count / 2), words.dropFirst(words.count / 2)] {
                    let start = Double(segments.count) * 1.5
                    segments.append(Segment(id: UInt64(segments.count + 1), start: start, end: start + 1.3, text: half.joined(separator: " "), language: "en"))
                }
            }
        }
        return segments
    }

    @Test func killingTheApertiumChildMidJobStillGivesCompleteOutput() throws {
        let stage = try BuiltStage("vtrans-translator")
        let segments = Self.segments(rounds: 12)
        let parameters = ["source": "en", "targets": "es"]
        let reference = try stage.run(parameters: parameters, input: segments.map { .segment($0) }, timeout: 300)
        #expect(reference.status == 0, "\(reference.standardError)")
        #expect(reference.translatedSegments.count == segments.count)

        let live = try LiveStage(stage, parameters: parameters)
        let written = DispatchSemaphore(value: 0)
        Thread {
            try? live.send(segments.map { .segment($0) })
            written.signal()
        }.start()
        var child: Int32?
        let started = try live.wait(timeout: 60) { messages in
            child = Apertium.children(of: live.processID).first
            return child != nil && messages.contains { if case .translatedSegment = $0 { true } else { false } }
        }
        #expect(started, "the stage started an Apertium child and translated a first sentence")
        let victim = try #require(child)
        #expect(kill(-victim, SIGKILL) == 0, "the child leads its own process group")
        written.wait()
        let result = try live.finish(timeout: 300)

        #expect(result.status == 0, "\(result.standardError)")
        let translated = result.messages.compactMap { if case .translatedSegment(let s) = $0 { s } else { nil } }
        #expect(translated.map(\.sourceID) == segments.map(\.id), "every segment has its translation, in order")
        #expect(translated == reference.translatedSegments, "the same translations as an undisturbed run")
        #expect(result.standardError.contains("apertium child"), "the backend says it restarted the child")
    }
}
