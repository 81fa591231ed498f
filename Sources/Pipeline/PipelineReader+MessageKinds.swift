extension PipelineReader {
    /// Checks that each stage is fed a kind it consumes.
    ///
    /// A stage forwards every kind it does not consume, so the kinds reaching stage i+1 are those
    /// reaching stage i, minus what stage i consumes, plus what it produces. A source (a stage
    /// that consumes nothing) must come first; any other stage needs at least one of the kinds it
    /// consumes. The check stops at a stage whose plugin is unknown.
    mutating func checkMessageKinds(_ stages: [StageEntry]) {
        var available: Set<String> = []
        for (index, stage) in stages.enumerated() {
            guard let manifest = stage.plugin?.manifest else { return }
            let consumes = Set(manifest.consumes)
            let context = "stage '\(stage.name)' (plugin '\(manifest.name)')"
            if consumes.isEmpty {
                if index > 0 {
                    yaml.report("\(context) is a source, it consumes nothing, so it must be the first stage", at: stage.pluginNode)
                }
            } else if available.isDisjoint(with: consumes) {
                let wanted = manifest.consumes.joined(separator: " or ")
                if index == 0 {
                    let sources = registry.plugins.values.filter { $0.manifest.consumes.isEmpty }.map(\.manifest.name).sorted()
                    let hint = sources.isEmpty ? "" : " such as \(sources.map { "'\($0)'" }.joined(separator: ", "))"
                    yaml.report(
                        "\(context) consumes \(wanted), but it is the first stage and nothing feeds it; start with a source\(hint)",
                        at: stage.pluginNode)
                } else {
                    let given = available.isEmpty ? "nothing" : "only \(available.sorted().joined(separator: ", "))"
                    yaml.report("\(context) consumes \(wanted), but the stages before it give \(given)", at: stage.pluginNode)
                }
            }
            available = available.subtracting(consumes).union(manifest.produces)
        }
    }
}
