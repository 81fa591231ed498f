/// The readability rules that segments are laid out by.
///
/// The defaults follow Netflix's timed-text style guide and Subtitle Edit: at most 2 lines of
/// at most 42 characters, at most 17 characters per second, 5/6 s to 7 s on screen, and two
/// frames (at 24 fps) between cues. Values below their sensible minimum (1 character, 1 line, a
/// positive reading speed, 0.1 s of display) are treated as that minimum.
public struct CueRules: Hashable, Sendable {
    /// Longest line, in characters.
    public var maxLineLength: Int
    /// Most lines in one cue.
    public var maxLines: Int
    /// Fastest reading speed, in characters per second (spaces count, line breaks do not).
    public var maxCharactersPerSecond: Double
    /// Shortest time on screen, in seconds, where the following silence allows it.
    public var minDuration: Double
    /// Longest time on screen, in seconds.
    public var maxDuration: Double
    /// Shortest gap between one cue's end and the next one's start, in seconds.
    public var minGap: Double

    /// Creates rules; every argument defaults to the common subtitle guidelines.
    public init(
        maxLineLength: Int = 42, maxLines: Int = 2, maxCharactersPerSecond: Double = 17,
        minDuration: Double = 0.833, maxDuration: Double = 7, minGap: Double = 0.083
    ) {
        self.maxLineLength = maxLineLength
        self.maxLines = maxLines
        self.maxCharactersPerSecond = maxCharactersPerSecond
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.minGap = minGap
    }

    /// The rules with each value raised to its sensible minimum, as the layout uses them.
    var effective: CueRules {
        let longest = max(0.1, maxDuration)
        return CueRules(
            maxLineLength: max(1, maxLineLength), maxLines: max(1, maxLines),
            maxCharactersPerSecond: maxCharactersPerSecond > 0 ? maxCharactersPerSecond : 17,
            minDuration: min(max(0, minDuration), longest), maxDuration: longest, minGap: max(0, minGap))
    }
}
