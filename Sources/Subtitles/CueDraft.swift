/// A cue being laid out: its time span and its words, before line breaking.
struct CueDraft: Hashable {
    var start: Double
    var end: Double
    var words: [String]

    var duration: Double { end - start }
}
