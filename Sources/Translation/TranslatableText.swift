/// A sentence as a backend receives it: runs of text to translate, and runs to copy unchanged
/// (glossary terms, names, things a translation engine would mangle).
///
/// A backend must output every ``Piece/verbatim(_:)`` run exactly once and unchanged, in
/// whichever place its translation puts it.
public struct TranslatableText: Hashable, Sendable, CustomStringConvertible {
    /// One run of the sentence.
    public enum Piece: Hashable, Sendable {
        /// Text for the backend to translate.
        case text(String)
        /// Text the backend must pass through unchanged.
        case verbatim(String)
    }

    /// The runs, in order.
    public var pieces: [Piece]

    /// Creates text from runs.
    public init(_ pieces: [Piece]) {
        self.pieces = pieces
    }

    /// Creates text that is translated whole.
    public init(_ text: String) {
        self.pieces = [.text(text)]
    }

    /// The runs joined, as a reader sees them.
    public var plainText: String {
        pieces.map { piece in
            switch piece {
            case .text(let text), .verbatim(let text): text
            }
        }.joined()
    }

    public var description: String { plainText }
}
