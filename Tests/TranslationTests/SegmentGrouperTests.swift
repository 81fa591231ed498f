import Testing
@testable import Translation

@Suite struct SegmentGrouperTests {
    func segment(_ id: UInt64, _ text: String) -> TimedSegment {
        TimedSegment(id: id, start: Double(id), end: Double(id) + 0.9, text: text)
    }

    @Test func releasesRunsThatEndOnSentenceBoundaries() {
        var grouper = SegmentGrouper()
        #expect(grouper.append(segment(0, "the old man who lives")) == nil)
        #expect(grouper.append(segment(1, "next door bought a car.")) == nil)
        #expect(grouper.append(segment(2, "Then he")) .map { $0.map(\.id) } == [0, 1])
        #expect(grouper.append(segment(3, "drove away.")) == nil)
        #expect(grouper.finish().map { $0.map(\.id) } == [2, 3])
        #expect(grouper.finish() == nil)
    }

    @Test func boundsTheBuffer() {
        var grouper = SegmentGrouper(maximumSegments: 3)
        var released: [[UInt64]] = []
        for id in 0..<7 {
            if let run = grouper.append(segment(UInt64(id), "and so on")) { released.append(run.map(\.id)) }
        }
        #expect(released == [[0, 1, 2], [3, 4, 5]])
    }
}
