// The Subtitles module: SubRip and WebVTT text in and out, and the rules that turn transcript
// segments into readable cues. It works on values only: no file or process I/O and no logging
// (problems come back as errors or as warnings in a ``CueLayout`` for the caller to report).

/// One subtitle cue: a time span and the lines shown during it.
public struct Cue: Hashable, Sendable {
    /// Start time in seconds.
    public var start: Double
    /// End time in seconds.
    public var end: Double
    /// The lines of plain text, top to bottom, without markup.
    public var lines: [String]

    /// Creates a cue.
    public init(start: Double, end: Double, lines: [String]) {
        self.start = start
        self.end = end
        self.lines = lines
    }

    /// The lines joined with single spaces: the cue's text as one run of words.
    public var text: String { lines.joined(separator: " ") }

    /// Seconds on screen.
    public var duration: Double { end - start }
}
