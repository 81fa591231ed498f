import Testing

@testable import Pipeline

@Suite struct StringDidYouMeanTests {
    static let keys = ["name", "plugin", "params", "limits", "restart", "target_language", "max_restarts"]

    @Test(arguments: [
        ("targte_language", "target_language"), ("parms", "params"), ("plugn", "plugin"), ("Name", "name"),
        ("restrat", "restart"), ("max-restarts", "max_restarts"), ("limit", "limits"),
    ])
    func suggestsTheClosestCandidate(_ word: String, match: String) {
        #expect(word.closestMatch(in: Self.keys) == match)
    }

    @Test(arguments: ["x", "language", "memory", "stages_list", ""])
    func suggestsNothingWhenNoCandidateIsClose(_ word: String) {
        #expect(word.closestMatch(in: Self.keys) == nil)
    }
}
