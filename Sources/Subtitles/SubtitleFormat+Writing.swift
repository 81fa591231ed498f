extension SubtitleFormat {
    /// The text of a subtitle file holding `cues`, with `\n` line ends.
    ///
    /// SubRip cues are numbered from 1. WebVTT text escapes `&`, `<` and `>` so that it reads
    /// back unchanged. Blank lines are dropped, and cues left without lines.
    public func render(_ cues: [Cue]) -> String {
        var text = self == .webVTT ? "WEBVTT\n\n" : ""
        var number = 0
        for cue in cues {
            let lines = cue.lines.filter { !$0.allSatisfy(\.isWhitespace) }
            guard !lines.isEmpty else { continue }
            number += 1
            switch self {
            case .srt:
                text += "\(number)\n"
                text += "\(Timecode.format(cue.start, separator: ",")) --> \(Timecode.format(cue.end, separator: ","))\n"
                for line in lines { text += line + "\n" }
            case .webVTT:
                text += "\(Timecode.format(cue.start, separator: ".")) --> \(Timecode.format(cue.end, separator: "."))\n"
                for line in lines { text += Self.escapedForWebVTT(line) + "\n" }
            }
            text += "\n"
        }
        return text
    }

    private static func escapedForWebVTT(_ line: String) -> String {
        var escaped = ""
        for c in line {
            switch c {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(c)
            }
        }
        return escaped
    }
}
