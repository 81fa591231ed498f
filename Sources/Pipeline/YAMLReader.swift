import StageProtocol
import Yams

/// Walks one YAML document and collects every problem found as a ``Diagnostic`` at its position.
///
/// Readers of pipelines and manifests call its helpers and keep going after a problem, so that
/// one run reports everything wrong with a file.
struct YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// The diagnostics sorted by position; problems at the same position keep their order.
    var sortedDiagnostics: [Diagnostic] {
        diagnostics.enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element)
    }

    mutating func report(_ message: String, line: Int, column: Int) {
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message))
    }

    mutating func report(_ message: String, at node: Node) {
        report(message, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// The single document in `text`, or `nil` after reporting a syntax error or an empty file.
    mutating func compose(_ text: String, expecting what: String) -> Node? {
        do {
            if let node = try Yams.compose(yaml: text) { return node }
            report("the file is empty; expected \(what)", line: 1, column: 1)
        } catch let error as YamlError {
            reportSyntaxError(error, in: text)
        } catch {
            report("invalid YAML: \(error)", line: 1, column: 1)
        }
        return nil
    }

    private mutating func reportSyntaxError(_ error: YamlError, in text: String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            var message = "invalid YAML: \(problem)"
            if let context, (context.mark.line, context.mark.column) != (mark.line, mark.column) {
                message += " (\(context.text) at \(context.mark.line):\(context.mark.column))"
            }
            if Self.character(in: text, line: mark.line, column: mark.column) == "\t" {
                message += "; indent with spaces, YAML does not allow tabs"
            }
            report(message, line: mark.line, column: mark.column)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let message = "duplicate key \(keys) in the same mapping; each key may appear once"
            report(message, line: context.mark.line, column: context.mark.column)
        case let .reader(problem, offset, _, _):
            let (line, column) = offset.map { Self.position(of: $0, in: text) } ?? (1, 1)
            report("cannot read the file as text: \(problem)", line: line, column: column)
        default:
            report("invalid YAML: \(error)", line: 1, column: 1)
        }
    }

    /// The Unicode scalar at a 1-based line and column, if there is one.
    private static func character(in text: String, line: Int, column: Int) -> Unicode.Scalar? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let scalars = Array(lines[line - 1].unicodeScalars)
        return column >= 1 && column <= scalars.count ? scalars[column - 1] : nil
    }

    /// 1-based line and column of the `offset`-th character of `text`.
    private static func position(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }

    // MARK: Shapes

    /// Whether `node` is an empty or `~`/`null` scalar.
    static func isNull(_ node: Node) -> Bool {
        node.null != nil
    }

    /// The values of a mapping, keyed by name, after reporting keys not in `allowed` (with a
    /// did-you-mean) and keys that are not plain names.
    ///
    /// - Parameters:
    ///   - what: names the mapping in messages (`"limits"`).
    ///   - context: prefix of every message (`"stage 'muxer': "`).
    ///   - noun: what a key is called in messages (`key`, `limit`, `parameter`).
    ///   - nullIsEmpty: whether an empty value (`limits:`) counts as an empty mapping.
    mutating func entries(
        of node: Node, what: String, context: String = "", noun: String = "key", allowed: [String]? = nil,
        nullIsEmpty: Bool = true
    ) -> [String: Node]? {
        if nullIsEmpty, Self.isNull(node) { return [:] }
        guard case let .mapping(mapping) = node else {
            report("\(context)\(what) must be a mapping of `key: value` lines, not \(Self.shape(of: node))", at: node)
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key else {
                report("\(context)\(noun) names must be plain text, not \(Self.shape(of: key))", at: key)
                continue
            }
            let name = scalar.string
            if let allowed, !allowed.contains(name) {
                report("\(context)unknown \(noun) '\(name)'\(Self.hint(for: name, among: allowed))", at: key)
                continue
            }
            result[name] = value
        }
        return result
    }

    /// "; did you mean 'x'?" when a candidate is close, else the list of what is allowed.
    static func hint(for name: String, among allowed: [String]) -> String {
        if let match = name.closestMatch(in: allowed) { return "; did you mean '\(match)'?" }
        if allowed.isEmpty { return "; none are accepted here" }
        return "; expected one of: \(allowed.joined(separator: ", "))"
    }

    /// The text of a scalar, or `nil` after reporting a list, mapping or empty value.
    mutating func scalar(_ node: Node, what: String, context: String = "") -> String? {
        guard case let .scalar(scalar) = node else {
            report("\(context)\(what) must be a single value, not \(Self.shape(of: node))", at: node)
            return nil
        }
        if Self.isNull(node) {
            report("\(context)\(what) has no value", at: node)
            return nil
        }
        return scalar.string
    }

    /// The texts of a list of scalars (a single scalar counts as a one-item list), or `nil` after
    /// reporting a problem.
    mutating func scalarList(_ node: Node, what: String, context: String = "") -> [String]? {
        switch node {
        case let .sequence(sequence):
            var items: [String] = []
            for item in sequence {
                guard let text = scalar(item, what: "each item of \(what)", context: context) else { return nil }
                items.append(text)
            }
            return items
        case .scalar where Self.isNull(node):
            return []
        case .scalar:
            return scalar(node, what: what, context: context).map { [$0] }
        default:
            report("\(context)\(what) must be a list, not \(Self.shape(of: node))", at: node)
            return nil
        }
    }

    /// A boolean scalar (`true`/`false`), or `nil` after reporting a problem.
    mutating func boolean(_ node: Node, what: String, context: String = "") -> Bool? {
        guard let text = scalar(node, what: what, context: context) else { return nil }
        guard let value = ParameterSpec.boolean(text) else {
            report("\(context)\(what) must be true or false, not '\(text)'", at: node)
            return nil
        }
        return value
    }

    /// A whole number scalar no smaller than `minimum`, or `nil` after reporting a problem.
    mutating func integer(_ node: Node, what: String, context: String = "", minimum: Int) -> Int? {
        guard let text = scalar(node, what: what, context: context) else { return nil }
        guard let value = Int(text), value >= minimum else {
            report("\(context)\(what) must be a whole number of at least \(minimum), not '\(text)'", at: node)
            return nil
        }
        return value
    }

    static func shape(of node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar where isNull(node): "an empty value"
        case let .scalar(scalar): "'\(scalar.string)'"
        case .alias: "an alias"
        }
    }
}
