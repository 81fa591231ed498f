import StageProtocol
import Yams

extension StageManifest {
    /// The manifest schema version this reader understands.
    static let supportedVersion = 1

    private static let yamlKeys = [
        "manifest_version", "name", "summary", "executable", "consumes", "produces", "parameters", "limits", "checkpoints",
    ]
    private static let parameterKeys = ["name", "type", "default", "required", "summary", "choices"]

    /// Reads a `plugin.yaml` document, reporting every problem; `nil` when any was found.
    static func read(from node: Node, reader: inout YAMLReader) -> StageManifest? {
        let before = reader.diagnostics.count
        guard let entries = reader.entries(of: node, what: "a plugin manifest", allowed: yamlKeys, nullIsEmpty: false) else {
            return nil
        }
        if let value = entries["manifest_version"], let version = reader.integer(value, what: "manifest_version", minimum: 1),
            version > supportedVersion
        {
            let message = "manifest_version \(version) is newer than this vtrans understands (\(supportedVersion)); upgrade vtrans"
            reader.report(message, at: value)
        }
        let name = requiredText("name", in: entries, node: node, reader: &reader)
        if let name, let value = entries["name"], !StageNames.isValid(name) {
            reader.report("plugin name '\(name)' \(StageNames.rule)", at: value)
        }
        let executable = requiredText("executable", in: entries, node: node, reader: &reader)
        let summary = entries["summary"].flatMap { reader.scalar($0, what: "summary") } ?? ""
        let consumes = kinds("consumes", in: entries, reader: &reader)
        let produces = kinds("produces", in: entries, reader: &reader)
        let parameters = entries["parameters"].map { readParameters($0, reader: &reader) } ?? []
        let limits = entries["limits"].map { ResourceLimits.read(from: $0, context: "", reader: &reader) } ?? ResourceLimits()
        let checkpoints = entries["checkpoints"].flatMap { reader.boolean($0, what: "checkpoints") } ?? false

        guard reader.diagnostics.count == before, let name, let executable else { return nil }
        return StageManifest(
            name: name, summary: summary, executable: executable, consumes: consumes, produces: produces,
            parameters: parameters, limits: limits, checkpoints: checkpoints)
    }

    private static func requiredText(_ key: String, in entries: [String: Node], node: Node, reader: inout YAMLReader)
        -> String?
    {
        guard let value = entries[key] else {
            reader.report("missing required key '\(key)'", at: node)
            return nil
        }
        guard let text = reader.scalar(value, what: key) else { return nil }
        guard !text.isEmpty else {
            reader.report("'\(key)' must not be empty", at: value)
            return nil
        }
        return text
    }

    private static func kinds(_ key: String, in entries: [String: Node], reader: inout YAMLReader) -> [MessageKind] {
        guard let node = entries[key], let names = reader.scalarList(node, what: key) else { return [] }
        var kinds: [MessageKind] = []
        for (name, item) in zip(names, items(of: node)) {
            if let kind = MessageKind(name: name) {
                kinds.append(kind)
            } else {
                let known = MessageKind.allKnown.map(\.name)
                reader.report("\(key): unknown message kind '\(name)'\(YAMLReader.hint(for: name, among: known))", at: item)
            }
        }
        return kinds
    }

    /// The item nodes of a list, or the node itself when it is a single value.
    private static func items(of node: Node) -> [Node] {
        if case let .sequence(sequence) = node { return Array(sequence) }
        return [node]
    }

    private static func readParameters(_ node: Node, reader: inout YAMLReader) -> [ParameterSpec] {
        guard case let .sequence(sequence) = node else {
            if !YAMLReader.isNull(node) {
                reader.report("parameters must be a list of `- name: ...` entries, not \(YAMLReader.shape(of: node))", at: node)
            }
            return []
        }
        var parameters: [ParameterSpec] = []
        var firstLine: [String: Int] = [:]
        for item in sequence {
            guard let spec = readParameter(item, reader: &reader) else { continue }
            if let line = firstLine[spec.name] {
                reader.report("parameter '\(spec.name)' is already declared on line \(line)", at: item)
                continue
            }
            firstLine[spec.name] = item.mark?.line ?? 0
            parameters.append(spec)
        }
        return parameters
    }

    private static func readParameter(_ node: Node, reader: inout YAMLReader) -> ParameterSpec? {
        let before = reader.diagnostics.count
        let context = node["name"]?.scalar.map { "parameter '\($0.string)': " } ?? ""
        guard
            let entries = reader.entries(
                of: node, what: "a parameter", context: context, allowed: parameterKeys, nullIsEmpty: false)
        else { return nil }
        let name = requiredText("name", in: entries, node: node, reader: &reader)
        var type: ParameterSpec.ValueType?
        if let value = entries["type"] {
            if let text = reader.scalar(value, what: "type", context: context) {
                type = ParameterSpec.ValueType(rawValue: text)
                if type == nil {
                    let types = ParameterSpec.ValueType.allCases.map(\.rawValue)
                    reader.report("\(context)unknown type '\(text)'\(YAMLReader.hint(for: text, among: types))", at: value)
                }
            }
        } else {
            reader.report("\(context)missing required key 'type'", at: node)
        }
        let summary = entries["summary"].flatMap { reader.scalar($0, what: "summary", context: context) } ?? ""
        let required = entries["required"].flatMap { reader.boolean($0, what: "required", context: context) } ?? false
        let choices = entries["choices"].flatMap { reader.scalarList($0, what: "choices", context: context) } ?? []
        if type == .choice, choices.isEmpty {
            reader.report("\(context)a choice parameter needs a list of 'choices'", at: node)
        }
        guard reader.diagnostics.count == before, let name, let type else { return nil }
        var spec = ParameterSpec(name, type, required: required, choices: choices, summary: summary)
        if let value = entries["default"], !YAMLReader.isNull(value),
            let items = reader.scalarList(value, what: "default", context: context)
        {
            spec.defaultValue = checkedDefault(items.joined(separator: ","), of: spec, at: value, reader: &reader)
        }
        return spec
    }

    /// The canonical form of a default value, or its text as written when it holds variables (the
    /// loader substitutes and checks it again); defaults may refer to built-in variables only.
    private static func checkedDefault(_ text: String, of spec: ParameterSpec, at node: Node, reader: inout YAMLReader) -> String? {
        switch Variables([:]).substitute(text) {
        case .invalid(let reason):
            reader.report("parameter '\(spec.name)': default: \(reason)", at: node)
            return nil
        case .unresolved:
            return text
        case .resolved(let value):
            do {
                let canonical = try spec.canonicalValue(value)
                return value == text ? canonical : text
            } catch {
                reader.report("parameter '\(spec.name)': default \(error.reason)", at: node)
                return nil
            }
        }
    }
}
