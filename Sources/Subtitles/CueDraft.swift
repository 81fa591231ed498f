/// A cue being laid out: its time span and its words, before line breaking.
struct CueDraft: Hashable {
    var start: Double
    var end: Double
    var words: [String]

    var duration: Double { end - start }

    /// Characters of the words joined by single spaces.
    var characters: Int { words.reduce(max(0, words.count - 1)) { $0 + $1.count } }
}
