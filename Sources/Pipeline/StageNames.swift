/// The spelling of plugin and stage names, which `--set stage.parameter=value` must be able to split.
enum StageNames {
    /// How a valid name is spelt, as the end of a sentence.
    static let rule = "may only hold letters, digits, '-' and '_'"

    /// Whether `name` is non-empty and made of ASCII letters, digits, `-` and `_`.
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
            }
    }
}
