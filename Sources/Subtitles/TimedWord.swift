/// A whitespace-separated word of a segment's text with the time it is spoken.
struct TimedWord: Hashable {
    var text: String
    var start: Double
    var end: Double
}
