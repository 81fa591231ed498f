/// One translation step a backend performs directly: from ``source`` to ``target``.
public struct LanguagePair: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The language of the input text.
    public var source: LanguageCode
    /// The language of the output text.
    public var target: LanguageCode

    /// Creates a pair.
    public init(source: LanguageCode, target: LanguageCode) {
        self.source = source
        self.target = target
    }

    public var description: String { "\(source)→\(target)" }

    public static func < (lhs: LanguagePair, rhs: LanguagePair) -> Bool {
        (lhs.source, lhs.target) < (rhs.source, rhs.target)
    }
}
