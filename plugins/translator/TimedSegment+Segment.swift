import StageProtocol
import Translation

extension TimedSegment {
    /// The translator's view of a wire segment: its id, times, text and word timings.
    init(_ segment: Segment) {
        self.init(
            id: segment.id, start: segment.start, end: segment.end, text: segment.text,
            words: segment.words.map { TimedWord(text: $0.text, start: $0.start, end: $0.end) })
    }
}
