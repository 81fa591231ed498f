/// Turns one line of cue text with markup into plain text.
///
/// Removes HTML-like tags (`<i>`, `</b>`, `<font color="red">`, WebVTT's `<c.loud>`, `<v Bob>`,
/// `<00:00:01.000>`), SSA override blocks that SubRip files carry (`{\an8}`), and decodes the
/// character references (`&amp;`, `&lt;`, `&#233;`, `&nbsp;`). A `<` that opens no tag stays.
enum InlineMarkup {
    static func plainText(_ line: Substring) -> String {
        var result = ""
        var rest = line[...]
        while let c = rest.first {
            if c == "<", let close = rest.firstIndex(of: ">"), opensTag(rest.dropFirst().first) {
                rest = rest[rest.index(after: close)...]
            } else if c == "{", rest.dropFirst().first == "\\", let close = rest.firstIndex(of: "}") {
                rest = rest[rest.index(after: close)...]
            } else if c == "&", let (decoded, length) = reference(rest) {
                result.append(decoded)
                rest = rest.dropFirst(length)
            } else {
                result.append(c)
                rest = rest.dropFirst()
            }
        }
        return result
    }

    private static func opensTag(_ next: Character?) -> Bool {
        guard let next else { return false }
        return next == "/" || (next.isASCII && (next.isLetter || next.isNumber))
    }

    private static let named: [Substring: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "lrm": "\u{200E}", "rlm": "\u{200F}",
    ]

    /// The character a reference at the start of `text` stands for, and its length in characters.
    private static func reference(_ text: Substring) -> (Character, Int)? {
        guard let semicolon = text.prefix(12).firstIndex(of: ";") else { return nil }
        let body = text[text.index(after: text.startIndex)..<semicolon]
        let length = body.count + 2
        if let character = named[body] { return (character, length) }
        guard body.first == "#" else { return nil }
        let digits = body.dropFirst()
        let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        guard let value, let scalar = Unicode.Scalar(value) else { return nil }
        return (Character(scalar), length)
    }
}
