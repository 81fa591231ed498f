import StageProtocol

extension PipelineReader {
    /// A `--set` value and which override gave it.
    struct OverrideValue {
        var text: String
        var override: ParameterOverride
    }

    /// The overrides that name a known stage and parameter, by stage name then parameter; the
    /// last of several for the same parameter wins. Reports the others.
    mutating func applyOverrides(_ overrides: [ParameterOverride], to stages: [StageEntry]) -> [String: [String: OverrideValue]] {
        var result: [String: [String: OverrideValue]] = [:]
        let stageNames = stages.map(\.name)
        for override in overrides {
            guard let stage = stages.first(where: { $0.name == override.stage }) else {
                let hint = YAMLReader.hint(for: override.stage, among: stageNames)
                reportOverride(override, "no stage is named '\(override.stage)' in \(file)\(hint)")
                continue
            }
            guard let manifest = stage.plugin?.manifest else { continue }
            guard manifest.parameter(named: override.parameter) != nil else {
                let hint = YAMLReader.hint(for: override.parameter, among: manifest.parameters.map(\.name))
                reportOverride(override, "stage '\(stage.name)': unknown parameter '\(override.parameter)'\(hint)")
                continue
            }
            result[stage.name, default: [:]][override.parameter] = OverrideValue(text: override.value, override: override)
        }
        return result
    }

    /// Every declared parameter that has a value, substituted and in canonical form; reports
    /// missing required parameters and values that do not fit their type where they were written.
    mutating func resolveParameters(of stage: StageEntry, plugin: StageManifest, overrides: [String: OverrideValue]) -> [String: String] {
        var values: [String: String] = [:]
        for spec in plugin.parameters {
            let text = overrides[spec.name]?.text ?? stage.parameters[spec.name]?.text ?? spec.defaultValue
            guard let text else {
                if spec.required { reportMissing(spec, of: stage) }
                continue
            }
            func report(_ problem: String) {
                if let override = overrides[spec.name]?.override {
                    reportOverride(override, "stage '\(stage.name)': parameter '\(spec.name)' \(problem)")
                } else if let node = stage.parameters[spec.name]?.node {
                    yaml.report("stage '\(stage.name)': parameter '\(spec.name)' \(problem)", at: node)
                } else {
                    yaml.report("stage '\(stage.name)': the default of parameter '\(spec.name)' \(problem)", at: stage.node)
                }
            }
            switch variables.substitute(text) {
            case .invalid(let reason):
                report("refers to \(reason)")
            case .unresolved(let value):
                values[spec.name] = value
            case .resolved(let value):
                do {
                    let canonical = try spec.canonicalValue(value)
                    if spec.required, canonical.isEmpty {
                        report("is required and must not be empty")
                    } else {
                        values[spec.name] = canonical
                    }
                } catch {
                    report(error.reason)
                }
            }
        }
        return values
    }

    private mutating func reportMissing(_ spec: ParameterSpec, of stage: StageEntry) {
        let summary = spec.summary.isEmpty ? "" : " (\(spec.summary))"
        let fix = "set it under `params:` or with --set \(stage.name).\(spec.name)=..."
        yaml.report("stage '\(stage.name)': missing required parameter '\(spec.name)'\(summary); \(fix)", at: stage.node)
    }

    private mutating func reportOverride(_ override: ParameterOverride, _ message: String) {
        commandLine.append(Diagnostic(file: Diagnostic.commandLine, line: 0, column: 0, message: "--set \(override): \(message)"))
    }
}
