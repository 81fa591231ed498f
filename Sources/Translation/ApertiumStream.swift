/// Converts sentences to and from the Apertium stream format that `apertium -f none` reads
/// and writes.
///
/// With format `none` no deformatter runs, so this type does its job:
/// - the characters the stream format reserves (`\ [ ] ^ $ / @ < > { }`) are escaped with `\`;
/// - line breaks and tabs become spaces (a sentence is one line of speech);
/// - text that must come out unchanged travels as a superblank `[vtN]`, which Apertium treats as
///   formatting and copies through; the decoder swaps the original back in. Tokens that Apertium
///   would mangle (`#tag`, `a*b`, `~`, e-mail addresses, URLs) are protected the same way,
///   because Apertium writes `*` and `#` back unescaped and uses them as its own marks.
///
/// On the way back, `*word` (unknown to the analyser), `@word` (missing from the bilingual
/// dictionary) and `#word` (the generator failed) lose their mark, are counted, and come back
/// as verbatim runs.
enum ApertiumStream {
    /// A sentence ready to write: stream-format bytes and the verbatim runs its placeholders
    /// stand for.
    struct Encoded {
        var bytes: [UInt8]
        var verbatim: [String]
    }

    /// A decoded translation.
    struct Decoded {
        var text: TranslatableText
        var unknownWords: [String]
        /// Placeholders that did not come back (never seen so far; kept as a safety net).
        var missingVerbatim: [String]
    }

    static func encode(_ text: TranslatableText) -> Encoded {
        var out = String.UnicodeScalarView()
        var verbatim: [String] = []
        func placeholder(_ original: String) {
            out.append(contentsOf: "[vt\(verbatim.count)]".unicodeScalars)
            verbatim.append(original)
        }
        for piece in text.pieces {
            switch piece {
            case .verbatim(let original):
                placeholder(original)
            case .text(let text):
                var token = String.UnicodeScalarView()
                func flushToken() {
                    guard !token.isEmpty else { return }
                    let word = String(token)
                    if needsProtection(word) {
                        placeholder(word)
                    } else {
                        for scalar in token {
                            if reserved.contains(scalar) { out.append("\\") }
                            out.append(scalar)
                        }
                    }
                    token.removeAll()
                }
                for scalar in text.unicodeScalars {
                    if scalar.properties.isWhitespace {
                        flushToken()
                        out.append(" ")
                    } else if scalar.value < 0x20 || scalar.value == 0x7F {
                        continue
                    } else {
                        token.append(scalar)
                    }
                }
                flushToken()
            }
        }
        return Encoded(bytes: Array(String(out).utf8), verbatim: verbatim)
    }

    static func decode(_ bytes: some Collection<UInt8>, verbatim: [String]) -> Decoded {
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var pieces: [TranslatableText.Piece] = []
        var text = String.UnicodeScalarView()
        var unknownWords: [String] = []
        var seen = Set<Int>()
        func flushText() {
            guard !text.isEmpty else { return }
            pieces.append(.text(String(text)))
            text.removeAll()
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\\":
                if index < scalars.count {
                    text.append(scalars[index])
                    index += 1
                }
            case "[":
                var content = String.UnicodeScalarView()
                while index < scalars.count, scalars[index] != "]" {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    content.append(scalars[index])
                    index += 1
                }
                index += 1
                let body = String(content)
                if body.hasPrefix("vt"), let number = Int(body.dropFirst(2)), verbatim.indices.contains(number) {
                    flushText()
                    pieces.append(.verbatim(verbatim[number]))
                    seen.insert(number)
                } else {
                    text.append(contentsOf: body.unicodeScalars.map { $0.properties.isWhitespace ? " " : $0 })
                }
            case "*", "@", "#":
                var word = String.UnicodeScalarView()
                while index < scalars.count, isWordScalar(scalars[index]) {
                    word.append(scalars[index])
                    index += 1
                }
                guard !word.isEmpty else { continue }
                flushText()
                pieces.append(.verbatim(String(word)))
                unknownWords.append(String(word))
            default:
                text.append(scalar.properties.isWhitespace ? " " : scalar)
            }
        }
        flushText()
        let missing = verbatim.indices.filter { !seen.contains($0) }.map { verbatim[$0] }
        return Decoded(text: normalised(pieces), unknownWords: unknownWords, missingVerbatim: missing)
    }

    /// Counts the words (runs holding a letter or digit) in `text`.
    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count { token in
            token.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
    }

    private static let reserved: Set<Unicode.Scalar> = ["\\", "[", "]", "^", "$", "/", "@", "<", ">", "{", "}"]

    private static func needsProtection(_ token: String) -> Bool {
        token.unicodeScalars.contains { $0 == "*" || $0 == "#" || $0 == "~" || $0 == "@" } || token.contains("://")
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            || scalar.properties.generalCategory == .nonspacingMark
            || scalar == "-" || scalar == "'" || scalar == "’" || scalar == "_"
    }

    /// Collapses runs of spaces, trims the ends and merges neighbouring text runs.
    private static func normalised(_ pieces: [TranslatableText.Piece]) -> TranslatableText {
        var result: [TranslatableText.Piece] = []
        var previousEndsInSpace = true
        for piece in pieces {
            switch piece {
            case .verbatim:
                result.append(piece)
                previousEndsInSpace = false
            case .text(let text):
                var collapsed = String.UnicodeScalarView()
                for scalar in text.unicodeScalars {
                    if scalar == " " {
                        if previousEndsInSpace { continue }
                        previousEndsInSpace = true
                    } else {
                        previousEndsInSpace = false
                    }
                    collapsed.append(scalar)
                }
                guard !collapsed.isEmpty else { continue }
                if case .text(let before) = result.last {
                    result[result.count - 1] = .text(before + String(collapsed))
                } else {
                    result.append(.text(String(collapsed)))
                }
            }
        }
        if case .text(let last) = result.last {
            let trimmed = String(last.reversed().drop { $0 == " " }.reversed())
            if trimmed.isEmpty { result.removeLast() } else { result[result.count - 1] = .text(trimmed) }
        }
        return TranslatableText(result)
    }
}
