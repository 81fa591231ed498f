/// Reading and writing the `HH:MM:SS,mmm` / `HH:MM:SS.mmm` times of SubRip and WebVTT.
enum Timecode {
    /// Seconds from `[H…:]MM:SS[,.]f…` (either separator, 1–9 fraction digits, hours optional,
    /// minutes and seconds below 60), or `nil`.
    static func seconds(_ text: Substring) -> Double? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count) else { return nil }
        let secondsField = fields[fields.count - 1]
        let whole: Substring
        var fraction = 0.0
        if let separator = secondsField.firstIndex(where: { $0 == "," || $0 == "." }) {
            whole = secondsField[..<separator]
            let digits = secondsField[secondsField.index(after: separator)...]
            guard (1...9).contains(digits.count), let value = number(digits) else { return nil }
            fraction = Double(value) / pow10(digits.count)
        } else {
            whole = secondsField
        }
        guard (1...2).contains(whole.count), let seconds = number(whole), seconds < 60,
              (1...2).contains(fields[fields.count - 2].count), let minutes = number(fields[fields.count - 2])
        else { return nil }
        var hours = 0
        if fields.count == 3 {
            guard (1...4).contains(fields[0].count), let value = number(fields[0]) else { return nil }
            hours = value
            guard minutes < 60 else { return nil }
        }
        return Double(hours * 3600 + minutes * 60 + seconds) + fraction
    }

    /// `HH:MM:SS` followed by `separator` and milliseconds; negative times print as zero.
    static func format(_ seconds: Double, separator: Character) -> String {
        let total = seconds.isFinite ? max(0, Int((seconds * 1000).rounded())) : 0
        let ms = total % 1000
        let s = total / 1000 % 60
        let m = total / 60_000 % 60
        let h = total / 3_600_000
        return "\(padded(h, 2)):\(padded(m, 2)):\(padded(s, 2))\(separator)\(padded(ms, 3))"
    }

    private static func number(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(digits)
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { result, _ in result * 10 }
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
