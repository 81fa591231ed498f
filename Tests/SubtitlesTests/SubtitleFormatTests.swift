import Testing
@testable import Subtitles

/// One file's text and the cues it should read as.
struct ParseCase: Sendable, CustomTestStringConvertible {
    var name: String
    var format: SubtitleFormat
    var text: String
    var cues: [Cue]
    var testDescription: String { name }
}

/// A file that must not read, and the line the error must name.
struct BadFileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var line: Int
    var mentions: String
    var testDescription: String { name }
}

private let two = [
    Cue(start: 1, end: 2.5, lines: ["Hello there."]),
    Cue(start: 3, end: 4.25, lines: ["Two", "lines"]),
]

@Suite struct SubtitleFormatTests {
    static let parseCases: [ParseCase] = [
        ParseCase(name: "SubRip, LF", format: .srt,
                  text: "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,250\nTwo\nlines\n", cues: two),
        ParseCase(name: "SubRip, CRLF", format: .srt,
                  text: "1\r\n00:00:01,000 --> 00:00:02,500\r\nHello there.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,250\r\nTwo\r\nlines\r\n", cues: two),
        ParseCase(name: "SubRip, BOM and CRLF", format: .srt,
                  text: "\u{FEFF}1\r\n00:00:01,000 --> 00:00:02,500\r\nHello there.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,250\r\nTwo\r\nlines\r\n\r\n", cues: two),
        ParseCase(name: "SubRip, CR only", format: .srt,
                  text: "1\r00:00:01,000 --> 00:00:02,500\rHello there.\r\r2\r00:00:03,000 --> 00:00:04,250\rTwo\rlines", cues: two),
        ParseCase(name: "SubRip, no blank lines between cues", format: .srt,
                  text: "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n2\n00:00:03,000 --> 00:00:04,250\nTwo\nlines", cues: two),
        ParseCase(name: "SubRip, no numbers, dots, short fractions, extra blanks", format: .srt,
                  text: "\n\n00:00:01.0 --> 00:00:02.5  \nHello there.  \n\n\n\n00:00:03,000-->00:00:04,25\nTwo\n  lines\n\n\n", cues: two),
        ParseCase(name: "SubRip, markup, entities and coordinates", format: .srt,
                  text: "1\n00:00:01,000 --> 00:00:02,500 X1:100 X2:600 Y1:10 Y2:50\n{\\an8}<i>Hello</i> <font color=\"#ff0\">there</font>.\n\n2\n00:00:03,000 --> 00:00:04,250\n<b>Two</b>\n&lt;lines&gt; &amp; a < b\n",
                  cues: [Cue(start: 1, end: 2.5, lines: ["Hello there."]), Cue(start: 3, end: 4.25, lines: ["Two", "<lines> & a < b"])]),
        ParseCase(name: "SubRip, cue without text", format: .srt,
                  text: "1\n00:00:01,000 --> 00:00:02,500\n\n2\n00:00:03,000 --> 00:00:04,250\nTwo\nlines\n",
                  cues: [Cue(start: 1, end: 2.5, lines: []), Cue(start: 3, end: 4.25, lines: ["Two", "lines"])]),
        ParseCase(name: "WebVTT, header, NOTE, STYLE, identifiers, settings", format: .webVTT,
                  text: """
                      WEBVTT - a talk
                      Kind: captions
                      Language: en

                      STYLE
                      ::cue { color: yellow }

                      NOTE this is a note
                      over two lines

                      intro
                      00:01.000 --> 00:02.500 align:start position:10% line:0
                      <v Roger Bingham>Hello <c.loud>there</c>.</v>

                      NOTE
                      another

                      2
                      00:00:03.000 --> 00:00:04.250 region:fred
                      <00:00:03.500>Two
                      <ruby>lines<rt>ln</rt></ruby>
                      """,
                  cues: [Cue(start: 1, end: 2.5, lines: ["Hello there."]), Cue(start: 3, end: 4.25, lines: ["Two", "linesln"])]),
        ParseCase(name: "WebVTT, REGION block, text identifiers and no blank lines", format: .webVTT,
                  text: "WEBVTT\n\nREGION\nid:fred\nwidth:40%\n\nfirst cue\n00:00:01.000 --> 00:00:02.500\nHello there.\nsecond cue\n00:00:03.000 --> 00:00:04.250\nTwo\nlines\n",
                  cues: two),
        ParseCase(name: "SubRip, blank line after a cue number", format: .srt,
                  text: "1\n\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,250\nTwo\nlines\n", cues: two),
        ParseCase(name: "WebVTT named .srt, hours past 99", format: .srt,
                  text: "WEBVTT\n\n100:00:01.000 --> 100:00:02.500\nLate.\n",
                  cues: [Cue(start: 360_001, end: 360_002.5, lines: ["Late."])]),
    ]

    @Test(arguments: parseCases)
    func parses(_ example: ParseCase) throws {
        let cues = try example.format.parse(example.text)
        #expect(cues.count == example.cues.count)
        for (got, want) in zip(cues, example.cues) {
            #expect(abs(got.start - want.start) < 1e-9)
            #expect(abs(got.end - want.end) < 1e-9)
            #expect(got.lines == want.lines)
        }
    }

    static let badFiles: [BadFileCase] = [
        BadFileCase(name: "malformed start time", text: "1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:0x,000 --> 00:00:04,000\nTwo\n", line: 6, mentions: "00:00:0x,000"),
        BadFileCase(name: "malformed end time", text: "1\n00:00:01,000 --> 00:00:02;000\nOne\n", line: 2, mentions: "00:00:02;000"),
        BadFileCase(name: "seconds past 59", text: "1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n\n00:00:75,000 --> 00:01:20,000\nTwo\n", line: 7, mentions: "00:00:75,000"),
        BadFileCase(name: "no arrow after a cue number", text: "1\n00:00:01,000 00:00:02,000\nOne\n", line: 2, mentions: "timing line"),
        BadFileCase(name: "ends before it starts", text: "1\n00:00:05,000 --> 00:00:02,000\nOne\n", line: 2, mentions: "before it starts"),
        BadFileCase(name: "not subtitles at all", text: "Dear diary,\ntoday I wrote a parser.\n", line: 1, mentions: "Dear diary"),
        BadFileCase(name: "timing line starting with a letter", text: "WEBVTT\n\nx0:00:01.000 --> 00:00:02.000\nOne\n", line: 3, mentions: "x0:00:01.000"),
    ]

    @Test(arguments: badFiles)
    func rejectsWithLineNumber(_ example: BadFileCase) {
        #expect {
            _ = try SubtitleFormat.srt.parse(example.text)
        } throws: { error in
            guard let error = error as? SubtitleParseError else { return false }
            return error.line == example.line && error.message.contains(example.mentions)
                && error.description.hasPrefix("line \(example.line): ")
        }
    }

    @Test func writesSubRip() {
        let text = SubtitleFormat.srt.render([
            Cue(start: 1, end: 2.5, lines: ["Hello", "there."]),
            Cue(start: 3, end: 4, lines: []),
            Cue(start: 3661.0004, end: 3662.9996, lines: ["a & <b>"]),
        ])
        #expect(text == "1\n00:00:01,000 --> 00:00:02,500\nHello\nthere.\n\n2\n01:01:01,000 --> 01:01:03,000\na & <b>\n\n")
    }

    @Test func writesWebVTT() throws {
        let cues = [Cue(start: 1, end: 2.5, lines: ["Hello", "a & <b> --> c"])]
        let text = SubtitleFormat.webVTT.render(cues)
        #expect(text == "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\na &amp; &lt;b&gt; --&gt; c\n\n")
        #expect(try SubtitleFormat.webVTT.parse(text) == cues)
    }

    static let roundTripCues = [
        Cue(start: 0, end: 1.2, lines: ["First line", "second line"]),
        Cue(start: 1.3, end: 4.567, lines: ["Ünïcödé — “quotes” & a < b > c"]),
        Cue(start: 5, end: 7.001, lines: ["12"]),
        Cue(start: 7.5, end: 9, lines: ["NOTE this is a cue, not a note"]),
    ]

    @Test(arguments: [(SubtitleFormat.srt, SubtitleFormat.webVTT), (.webVTT, .srt), (.srt, .srt), (.webVTT, .webVTT)])
    func roundTrips(from first: SubtitleFormat, to second: SubtitleFormat) throws {
        let once = try first.parse(first.render(Self.roundTripCues))
        let twice = try second.parse(second.render(once))
        #expect(once == Self.roundTripCues)
        #expect(twice == Self.roundTripCues)
    }

    @Test(arguments: [
        ("WEBVTT\n\n", "srt", SubtitleFormat.webVTT), ("\u{FEFF}WEBVTT", nil, .webVTT), ("1\n00:00:01,000", "vtt", .webVTT),
        ("1\n00:00:01,000", "SRT", .srt), ("1\n00:00:01,000", "txt", .srt), ("", nil, .srt),
    ] as [(String, String?, SubtitleFormat)])
    func sniffs(_ text: String, _ fileExtension: String?, _ expected: SubtitleFormat) {
        #expect(SubtitleFormat(sniffing: text, fileExtension: fileExtension) == expected)
    }
}
