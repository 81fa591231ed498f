import StageProtocol

extension ParameterSpec {
    /// Why a value does not fit a parameter: the end of a sentence that starts with the parameter.
    struct InvalidValue: Error {
        var reason: String
    }

    /// `value` in the form stages read it: whole numbers without padding, booleans as
    /// `true`/`false`, list items trimmed and joined with `,`.
    ///
    /// A `list` with `choices` accepts only those items.
    /// - Throws: ``InvalidValue`` when the value does not have the parameter's type.
    func canonicalValue(_ value: String) throws(InvalidValue) -> String {
        let trimmed = value.trimmingSpaces()
        switch type {
        case .string, .path:
            return value
        case .integer:
            guard let number = Int(trimmed) else { throw InvalidValue(reason: "must be a whole number, not '\(value)'") }
            return String(number)
        case .number:
            guard let number = Double(trimmed), number.isFinite else {
                throw InvalidValue(reason: "must be a number, not '\(value)'")
            }
            return trimmed
        case .boolean:
            guard let flag = Self.boolean(trimmed) else { throw InvalidValue(reason: "must be true or false, not '\(value)'") }
            return String(flag)
        case .language:
            guard Self.isLanguageCode(trimmed) else {
                let lowercased = trimmed.lowercased()
                let hint = Self.isLanguageCode(lowercased) ? "; did you mean '\(lowercased)'?" : ""
                throw InvalidValue(
                    reason: "must be an ISO 639-1 or 639-2 language code such as 'en' or 'deu', or 'auto', not '\(value)'\(hint)")
            }
            return trimmed
        case .choice:
            try checkChoice(trimmed, given: value)
            return trimmed
        case .list:
            let items = trimmed.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            for item in items { try checkChoice(item, given: item) }
            return items.joined(separator: ",")
        }
    }

    private func checkChoice(_ value: String, given: String) throws(InvalidValue) {
        guard !choices.isEmpty, !choices.contains(value) else { return }
        let hint = value.closestMatch(in: choices).map { "; did you mean '\($0)'?" } ?? ""
        let subject = type == .list ? "items must" : "must"
        throw InvalidValue(reason: "\(subject) be one of \(choices.joined(separator: ", ")), not '\(given)'\(hint)")
    }

    /// Reads `true/false`, `yes/no`, `on/off` and `1/0`, in any case, as StageKit does.
    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }

    /// `auto`, or two or three lowercase ASCII letters (ISO 639-1 or 639-2).
    private static func isLanguageCode(_ text: String) -> Bool {
        text == "auto"
            || ((2...3).contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
