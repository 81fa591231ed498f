import StageProtocol

/// Typed access to a stage's parameters; every bad value is a ``StageFailure`` with code
/// `bad_parameter` that names the parameter, the value and what was expected.
public struct StageParameters: Sendable {
    private let values: [String: String]
    private let specs: [String: ParameterSpec]

    /// Merges `given` values over the manifest's defaults.
    /// - Throws: ``StageFailure`` for an unknown parameter or a missing required one.
    public init(given: [String: String], manifest: StageManifest) throws(StageFailure) {
        var specs: [String: ParameterSpec] = [:]
        for spec in manifest.parameters { specs[spec.name] = spec }
        var values: [String: String] = [:]
        for spec in manifest.parameters { values[spec.name] = spec.defaultValue }
        for (name, value) in given {
            guard specs[name] != nil else {
                let known = manifest.parameters.map(\.name).sorted().joined(separator: ", ")
                throw StageFailure(code: "bad_parameter", message: "stage '\(manifest.name)' has no parameter '\(name)' (it has: \(known))")
            }
            values[name] = value
        }
        for spec in manifest.parameters where spec.required && (values[spec.name] ?? "").isEmpty {
            throw StageFailure(code: "bad_parameter", message: "stage '\(manifest.name)' needs parameter '\(spec.name)': \(spec.summary)")
        }
        self.values = values
        self.specs = specs
    }

    /// The raw textual value, or `nil` when unset.
    public subscript(name: String) -> String? { values[name] }

    /// A string parameter; empty when unset.
    public func string(_ name: String) -> String { values[name] ?? "" }

    /// An integer parameter.
    public func integer(_ name: String) throws(StageFailure) -> Int? {
        guard let text = values[name], !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw bad(name, text, "a whole number") }
        return value
    }

    /// A number parameter.
    public func number(_ name: String) throws(StageFailure) -> Double? {
        guard let text = values[name], !text.isEmpty else { return nil }
        guard let value = Double(text), value.isFinite else { throw bad(name, text, "a number") }
        return value
    }

    /// A boolean parameter (`true/false`, `yes/no`, `1/0`, `on/off`).
    public func boolean(_ name: String) throws(StageFailure) -> Bool {
        guard let text = values[name]?.lowercased(), !text.isEmpty else { return false }
        switch text {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw bad(name, text, "true or false")
        }
    }

    /// A comma-separated list parameter, trimmed, empty items dropped.
    public func list(_ name: String) -> [String] {
        (values[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
    }

    /// A `choice` parameter, checked against the manifest's choices.
    public func choice(_ name: String) throws(StageFailure) -> String {
        let value = string(name)
        if let choices = specs[name]?.choices, !choices.isEmpty, !choices.contains(value) {
            throw bad(name, value, "one of \(choices.joined(separator: ", "))")
        }
        return value
    }

    private func bad(_ name: String, _ value: String, _ expected: String) -> StageFailure {
        StageFailure(code: "bad_parameter", message: "parameter '\(name)' is '\(value)'; expected \(expected)")
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
