/// The tolerant line reader behind ``SubtitleFormat/parse(_:)``.
///
/// Accepts what real files contain: a byte-order mark, CRLF or CR line ends, `,` or `.` before
/// the milliseconds, hours left out, cue numbers or WebVTT identifiers or neither, cue settings
/// and SubRip coordinates after the end time, WebVTT header lines and NOTE/STYLE/REGION blocks,
/// missing blank lines between cues and extra ones after a cue number. A line that starts like
/// a timing line but does not parse is an error naming that line.
struct CueScanner {
    private let lines: [Substring]
    private let identifiersMayBeText: Bool
    private var index = 0
    private var cues: [Cue] = []

    init(_ text: String, format: SubtitleFormat) {
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        identifiersMayBeText = format == .webVTT || body.hasPrefix("WEBVTT")
    }

    /// Every cue in file order.
    mutating func scan() throws(SubtitleParseError) -> [Cue] {
        if lines.first?.hasPrefix("WEBVTT") == true {
            index = 1
            while index < lines.count, !isBlank(lines[index]), !looksLikeTiming(lines[index]) { index += 1 }
        }
        while true {
            while index < lines.count, isBlank(lines[index]) { index += 1 }
            guard index < lines.count else { return cues }
            if looksLikeTiming(lines[index]) {
                try readCue(timingLine: index)
            } else if index + 1 < lines.count, looksLikeTiming(lines[index + 1]) {
                try readCue(timingLine: index + 1)
            } else if Self.blockKeywords.contains(where: { startsBlock(lines[index], keyword: $0) }) {
                index += 1
                while index < lines.count, !isBlank(lines[index]), !looksLikeTiming(lines[index]) { index += 1 }
            } else {
                for candidate in [index, index + 1] where candidate < lines.count && lines[candidate].contains("-->") {
                    _ = try timing(lines[candidate], lineNumber: candidate + 1)
                }
                if isCueNumber(lines[index]), let next = lines[(index + 1)...].firstIndex(where: { !isBlank($0) }), looksLikeTiming(lines[next]) {
                    index = next
                    continue
                }
                if isCueNumber(lines[index]), index + 1 < lines.count {
                    throw SubtitleParseError(
                        line: index + 2,
                        message: "expected a timing line such as '00:00:01,000 --> 00:00:04,000' after cue number \(lines[index].trimmingWhitespace()), found '\(lines[index + 1].prefix(60))'")
                }
                throw SubtitleParseError(
                    line: index + 1,
                    message: "expected a cue number or a timing line such as '00:00:01,000 --> 00:00:04,000', found '\(lines[index].prefix(60))'")
            }
        }
    }

    private static let blockKeywords = ["NOTE", "STYLE", "REGION"]

    private mutating func readCue(timingLine: Int) throws(SubtitleParseError) {
        let (start, end) = try timing(lines[timingLine], lineNumber: timingLine + 1)
        var textEnd = timingLine + 1
        while textEnd < lines.count, !isBlank(lines[textEnd]), !looksLikeTiming(lines[textEnd]) {
            let nextIsTiming = textEnd + 1 < lines.count && looksLikeTiming(lines[textEnd + 1])
            if nextIsTiming, identifiersMayBeText || isCueNumber(lines[textEnd]) { break }
            textEnd += 1
        }
        let text = lines[(timingLine + 1)..<textEnd]
            .map { InlineMarkup.plainText($0).split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
        cues.append(Cue(start: start, end: end, lines: text))
        index = textEnd
    }

    private func timing(_ line: Substring, lineNumber: Int) throws(SubtitleParseError) -> (Double, Double) {
        guard let arrow = line.firstRange(of: "-->") else {
            throw SubtitleParseError(line: lineNumber, message: "expected '-->' between the start and end times")
        }
        let startText = line[..<arrow.lowerBound].trimmingWhitespace()
        let endText = line[arrow.upperBound...].drop(while: \.isWhitespace).prefix(while: { !$0.isWhitespace })
        guard let start = Timecode.seconds(startText) else {
            throw SubtitleParseError(line: lineNumber, message: "start time '\(startText)' is not a timestamp; expected HH:MM:SS,mmm")
        }
        guard let end = Timecode.seconds(endText) else {
            throw SubtitleParseError(line: lineNumber, message: "end time '\(endText)' is not a timestamp; expected HH:MM:SS,mmm")
        }
        guard end >= start else {
            throw SubtitleParseError(line: lineNumber, message: "cue ends (\(endText)) before it starts (\(startText))")
        }
        return (start, end)
    }

    /// A line that is meant as a timing line: it has an arrow and starts with a digit.
    private func looksLikeTiming(_ line: Substring) -> Bool {
        guard let first = line.drop(while: \.isWhitespace).first, first.isASCII, first.isNumber else { return false }
        return line.contains("-->")
    }

    private func isBlank(_ line: Substring) -> Bool { line.allSatisfy(\.isWhitespace) }

    private func isCueNumber(_ line: Substring) -> Bool {
        let trimmed = line.trimmingWhitespace()
        return !trimmed.isEmpty && trimmed.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private func startsBlock(_ line: Substring, keyword: String) -> Bool {
        guard line.hasPrefix(keyword) else { return false }
        return line.dropFirst(keyword.count).first?.isWhitespace ?? true
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
