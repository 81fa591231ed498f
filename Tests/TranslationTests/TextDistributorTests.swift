import Testing
@testable import Translation

@Suite struct TextDistributorTests {
    func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    @Test func followsTheWeights() {
        let runs = TextDistributor.split(words("a b c d e f g h i j"), weights: [30, 70])
        #expect(runs.map(\.count) == [3, 7])
    }

    @Test func oneWordGoesToTheHeaviestSideOnly() {
        let runs = TextDistributor.split(["Sí."], weights: [1, 5, 1])
        #expect(runs.flatMap { $0 } == ["Sí."])
        #expect(runs.map(\.count).reduce(0, +) == 1)
    }

    @Test func moreRunsThanWordsKeepsEveryWordOnce() {
        let runs = TextDistributor.split(words("uno dos"), weights: [1, 1, 1, 1])
        #expect(runs.count == 4)
        #expect(runs.flatMap { $0 } == ["uno", "dos"])
    }

    @Test func everyRunGetsAWordWhenThereAreEnough() {
        let runs = TextDistributor.split(words("a b c"), weights: [100, 1, 1])
        #expect(runs.map(\.count) == [1, 1, 1])
    }

    @Test func prefersBreakingAfterAComma() {
        let runs = TextDistributor.split(words("yo creo, sin embargo, que no"), weights: [1, 1])
        #expect(runs[0].last?.hasSuffix(",") == true)
    }

    @Test func zeroAndInvalidWeightsShareEqually() {
        #expect(TextDistributor.split(words("a b c d"), weights: [0, 0]).map(\.count) == [2, 2])
        #expect(TextDistributor.split(words("a b c d"), weights: [.nan, 4]).map(\.count) == [1, 3])
    }

    @Test func noWordsGiveEmptyRuns() {
        #expect(TextDistributor.split([], weights: [1, 2]) == [[], []])
    }
}
