import Foundation
import StageProtocol
import Yams

/// Reads one pipeline file into a ``PipelineDefinition``, collecting every problem on the way.
struct PipelineReader {
    /// A stage as written in the file, before overrides and defaults are applied.
    struct StageEntry {
        /// Instance name.
        var name: String
        /// Where the instance name is written: its `name:` value, else its `plugin:` value.
        var nameNode: Node
        /// The stage's mapping.
        var node: Node
        /// The `plugin:` value.
        var pluginNode: Node
        /// The plugin, when it is installed.
        var plugin: PluginDescriptor?
        /// `params:` values in text form (lists joined with `,`) and where each is written.
        var parameters: [String: (text: String, node: Node)]
        var limits: ResourceLimits
        var restart: RestartPolicy
    }

    static let topLevelKeys = ["name", "summary", "stages"]
    static let stageKeys = ["name", "plugin", "params", "limits", "restart"]

    let file: String
    let registry: PluginRegistry
    let variables: Variables
    var yaml: YAMLReader
    /// Problems of `--set` overrides.
    var commandLine: [Diagnostic] = []

    init(file: String, registry: PluginRegistry, variables: Variables) {
        self.file = file
        self.registry = registry
        self.variables = variables
        self.yaml = YAMLReader(file: file)
    }

    /// Problems in the file, in file order.
    var fileDiagnostics: [Diagnostic] { yaml.sortedDiagnostics }

    /// Problems in the file, then problems of overrides.
    var diagnostics: [Diagnostic] { fileDiagnostics + commandLine }

    /// The pipeline, or `nil` when the file's shape is too broken to build one; check
    /// ``diagnostics`` either way.
    mutating func read(_ text: String, overrides: [ParameterOverride]) -> PipelineDefinition? {
        guard let root = yaml.compose(text, expecting: "a pipeline: a mapping with 'name', 'summary' and 'stages'"),
            let entries = yaml.entries(of: root, what: "a pipeline", allowed: Self.topLevelKeys, nullIsEmpty: false)
        else { return nil }
        let defaultName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = entries["name"].flatMap { yaml.scalar($0, what: "name") } ?? defaultName
        let summary = entries["summary"].flatMap { yaml.scalar($0, what: "summary") } ?? ""

        var stages: [StageEntry] = []
        if let node = entries["stages"] {
            if case let .sequence(items) = node, !items.isEmpty {
                stages = items.enumerated().compactMap { readStage($0.element, number: $0.offset + 1) }
            } else if case .sequence = node {
                yaml.report("stages must list at least one stage", at: node)
            } else {
                yaml.report("stages must be a list of `- plugin: ...` entries, not \(YAMLReader.shape(of: node))", at: node)
            }
        } else {
            yaml.report("missing required key 'stages'", at: root)
        }
        checkUniqueNames(stages)
        let overridden = applyOverrides(overrides, to: stages)
        var definitions: [StageDefinition] = []
        for stage in stages {
            guard let plugin = stage.plugin else { continue }
            let parameters = resolveParameters(of: stage, plugin: plugin.manifest, overrides: overridden[stage.name] ?? [:])
            definitions.append(
                StageDefinition(name: stage.name, plugin: plugin, parameters: parameters, limits: stage.limits, restart: stage.restart))
        }
        checkMessageKinds(stages)
        return PipelineDefinition(name: name, summary: summary, file: file, stages: definitions)
    }

    // MARK: Stages

    private mutating func readStage(_ node: Node, number: Int) -> StageEntry? {
        let label = Self.label(of: node, number: number)
        let context = "\(label): "
        guard let entries = yaml.entries(of: node, what: "a stage", context: context, allowed: Self.stageKeys, nullIsEmpty: false)
        else { return nil }
        guard let pluginNode = entries["plugin"] else {
            yaml.report("\(context)missing required key 'plugin'", at: node)
            return nil
        }
        guard let pluginName = yaml.scalar(pluginNode, what: "plugin", context: context) else { return nil }
        let plugin = registry.plugins[pluginName]
        if plugin == nil { reportUnknownPlugin(pluginName, at: pluginNode, context: context) }

        var name = pluginName
        var nameNode = pluginNode
        if let value = entries["name"], let text = yaml.scalar(value, what: "name", context: context) {
            name = text
            nameNode = value
        }
        if !StageNames.isValid(name) {
            yaml.report("\(context)stage name '\(name)' \(StageNames.rule); set `name:` to such a name", at: nameNode)
        }

        var parameters: [String: (text: String, node: Node)] = [:]
        if let value = entries["params"] {
            parameters = readParameters(value, plugin: plugin?.manifest, context: context)
        }
        var limits = plugin?.manifest.limits ?? ResourceLimits()
        if let value = entries["limits"] {
            limits = limits.overridden(by: ResourceLimits.read(from: value, context: context, reader: &yaml))
        }
        let restart = entries["restart"].map { RestartPolicy.read(from: $0, context: context, reader: &yaml) } ?? RestartPolicy()
        return StageEntry(
            name: name, nameNode: nameNode, node: node, pluginNode: pluginNode, plugin: plugin, parameters: parameters,
            limits: limits, restart: restart)
    }

    /// `stage 'name'` from the stage's `name:` or `plugin:`, else `stage N`.
    private static func label(of node: Node, number: Int) -> String {
        for key in ["name", "plugin"] {
            if case let .scalar(scalar)? = node[key], !YAMLReader.isNull(.scalar(scalar)) { return "stage '\(scalar.string)'" }
        }
        return "stage \(number)"
    }

    private mutating func reportUnknownPlugin(_ name: String, at node: Node, context: String) {
        let installed = registry.plugins.keys.sorted()
        var message = "\(context)unknown plugin '\(name)'"
        if let match = name.closestMatch(in: installed) { message += "; did you mean '\(match)'?" }
        if installed.isEmpty {
            let searched = registry.searchPaths.isEmpty ? "no search path" : registry.searchPaths.joined(separator: ":")
            message += " (no plugins are installed; searched \(searched); set VTRANS_PLUGIN_PATH)"
        } else {
            message += " (installed plugins: \(installed.joined(separator: ", ")))"
        }
        yaml.report(message, at: node)
    }

    private mutating func readParameters(_ node: Node, plugin: StageManifest?, context: String) -> [String: (text: String, node: Node)] {
        let names = plugin?.parameters.map(\.name)
        guard let entries = yaml.entries(of: node, what: "params", context: context, noun: "parameter", allowed: names) else { return [:] }
        var result: [String: (text: String, node: Node)] = [:]
        for (name, value) in entries {
            let what = "parameter '\(name)'"
            if plugin?.parameter(named: name)?.type == .list {
                guard let items = yaml.scalarList(value, what: what, context: context) else { continue }
                // Comma-separated text (`targets: es, pt`) is a list; an item of a YAML list is one item.
                if case .sequence = value, let item = items.first(where: { $0.contains(",") }) {
                    yaml.report("\(context)\(what): item '\(item)' must not contain ','; write each item separately", at: value)
                    continue
                }
                result[name] = (items.joined(separator: ","), value)
            } else if let text = yaml.scalar(value, what: what, context: context) {
                result[name] = (text, value)
            }
        }
        return result
    }

    private mutating func checkUniqueNames(_ stages: [StageEntry]) {
        var firstLine: [String: Int] = [:]
        for stage in stages {
            if let line = firstLine[stage.name] {
                yaml.report(
                    "duplicate stage name '\(stage.name)' (first used on line \(line)); give each stage a unique `name:`",
                    at: stage.nameNode)
            } else {
                firstLine[stage.name] = stage.nameNode.mark?.line ?? 0
            }
        }
    }
}
