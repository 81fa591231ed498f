extension SubtitleFormat {
    /// The cues of a subtitle file's text, in file order, as plain text without markup.
    ///
    /// Both formats are read by one tolerant reader: a WebVTT file named `.srt` or a SubRip
    /// file with `.` before the milliseconds still reads. Cues whose text is empty are kept
    /// (with no lines).
    /// - Throws: ``SubtitleParseError`` naming the first line that cannot be read.
    public func parse(_ text: String) throws(SubtitleParseError) -> [Cue] {
        var scanner = CueScanner(text, format: self)
        return try scanner.scan()
    }
}
