import Foundation

/// A job's terms that must not be translated, or must be translated one fixed way.
///
/// Written one entry per line: `term` keeps the term as it appears in the source text;
/// `source=target` replaces it with `target`. Blank lines and lines starting with `#` are
/// skipped. Terms match whole words, ignoring case; a longer term wins over a shorter one
/// inside it.
public struct Glossary: Hashable, Sendable {
    /// One term.
    public struct Entry: Hashable, Sendable {
        /// The text to find in the source.
        public var source: String
        /// What to write instead; `nil` keeps the source text as it appears.
        public var target: String?

        /// Creates an entry.
        public init(source: String, target: String? = nil) {
            self.source = source
            self.target = target
        }
    }

    /// The entries, longest source first.
    public let entries: [Entry]

    /// Creates a glossary from entries.
    public init(entries: [Entry] = []) {
        self.entries = entries.filter { !$0.source.isEmpty }.sorted { $0.source.count > $1.source.count }
    }

    /// Reads `term` and `source=target` lines.
    /// - Throws: ``TranslationError`` with code ``TranslationError/Code/invalidGlossary`` for a
    ///   line with an empty side.
    public init(lines: [String]) throws(TranslationError) {
        var entries: [Entry] = []
        for (number, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let equals = line.firstIndex(of: "=") else {
                entries.append(Entry(source: line))
                continue
            }
            let source = line[..<equals].trimmingCharacters(in: .whitespaces)
            let target = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !source.isEmpty, !target.isEmpty else {
                throw TranslationError(.invalidGlossary, "glossary line \(number + 1) '\(rawLine)': write 'term' or 'source=target' with both sides filled")
            }
            entries.append(Entry(source: source, target: target))
        }
        self.init(entries: entries)
    }

    /// Reads a glossary file (UTF-8, one entry per line).
    /// - Throws: ``TranslationError`` with code ``TranslationError/Code/invalidGlossary`` when
    ///   the file cannot be read or a line is malformed.
    public init(contentsOfFile path: String) throws(TranslationError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TranslationError(.invalidGlossary, "cannot read glossary file \(path): \(error.localizedDescription)")
        }
        try self.init(lines: text.components(separatedBy: .newlines))
    }

    /// Where the entries occur in `text`, without overlaps, in order, with what each becomes.
    func matches(in text: String) -> [(range: Range<String.Index>, replacement: String)] {
        var found: [(range: Range<String.Index>, replacement: String)] = []
        for entry in entries {
            var searchStart = text.startIndex
            while let range = text.range(of: entry.source, options: [.caseInsensitive], range: searchStart..<text.endIndex) {
                searchStart = range.upperBound
                guard Self.isWordBoundary(text, before: range.lowerBound), Self.isWordBoundary(text, after: range.upperBound),
                      !found.contains(where: { $0.range.overlaps(range) })
                else { continue }
                found.append((range, entry.target ?? String(text[range])))
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private static func isWordBoundary(_ text: String, before index: String.Index) -> Bool {
        index == text.startIndex || !isWordCharacter(text[text.index(before: index)])
    }

    private static func isWordBoundary(_ text: String, after index: String.Index) -> Bool {
        index == text.endIndex || !isWordCharacter(text[index])
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
