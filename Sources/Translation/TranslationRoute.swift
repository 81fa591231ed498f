/// How text gets from one language to another: directly, or through pivot languages.
public struct TranslationRoute: Hashable, Sendable, CustomStringConvertible, Codable {
    /// Every language on the way, source first and target last (`[en, es, pt]`).
    public let path: [LanguageCode]

    /// Creates a route through `path`, which holds at least a source and a target.
    public init(path: [LanguageCode]) {
        precondition(path.count >= 2, "a route needs a source and a target")
        self.path = path
    }

    /// The language of the input.
    public var source: LanguageCode { path[0] }
    /// The language of the output.
    public var target: LanguageCode { path[path.count - 1] }
    /// The languages translated through on the way; empty for a direct route.
    public var pivots: [LanguageCode] { Array(path.dropFirst().dropLast()) }
    /// The direct steps, in order.
    public var steps: [LanguagePair] { zip(path, path.dropFirst()).map { LanguagePair(source: $0, target: $1) } }

    /// The path as job metadata shows it: `en→es→pt`.
    public var description: String { path.map(\.identifier).joined(separator: "→") }
}
