import Yams

extension RestartPolicy {
    /// The keys of a stage's `restart:` mapping.
    static let yamlKeys = ["policy", "max_restarts", "within", "backoff", "max_backoff"]

    /// Reads `restart: { policy: on-failure, max_restarts: 3, within: 60s, backoff: 0.5s, max_backoff: 10s }`;
    /// missing keys keep their defaults, every problem is reported.
    static func read(from node: Node, context: String, reader: inout YAMLReader) -> RestartPolicy {
        var policy = RestartPolicy()
        guard let entries = reader.entries(of: node, what: "restart", context: context, noun: "restart setting", allowed: yamlKeys)
        else { return policy }
        if let value = entries["policy"], let text = reader.scalar(value, what: "restart policy", context: context) {
            if let mode = Mode(rawValue: text) {
                policy.mode = mode
            } else {
                let modes = Mode.allCases.map(\.rawValue)
                reader.report("\(context)unknown restart policy '\(text)'\(YAMLReader.hint(for: text, among: modes))", at: value)
            }
        }
        if let value = entries["max_restarts"],
            let count = reader.integer(value, what: "max_restarts", context: context, minimum: 0)
        {
            policy.maxRestarts = count
        }
        func duration(_ key: String, positive: Bool) -> Double? {
            guard let value = entries[key], let text = reader.scalar(value, what: key, context: context) else { return nil }
            guard let seconds = Self.seconds(text), positive ? seconds > 0 : seconds >= 0 else {
                let amount = positive ? "a positive duration" : "a duration"
                reader.report("\(context)\(key) cannot be '\(text)'; write \(amount) such as 500ms, 0.5s, 10s or 2m", at: value)
                return nil
            }
            return seconds
        }
        policy.windowSeconds = duration("within", positive: true) ?? policy.windowSeconds
        policy.initialBackoffSeconds = duration("backoff", positive: false) ?? policy.initialBackoffSeconds
        policy.maxBackoffSeconds = duration("max_backoff", positive: false) ?? policy.maxBackoffSeconds
        if policy.maxBackoffSeconds < policy.initialBackoffSeconds, let node = entries["max_backoff"] ?? entries["backoff"] {
            reader.report(
                "\(context)max_backoff (\(policy.maxBackoffSeconds)s) must not be shorter than backoff (\(policy.initialBackoffSeconds)s)",
                at: node)
        }
        return policy
    }

    /// `"500ms"`, `"0.5s"`, `"2m"`, `"1h"` or a plain number of seconds, as seconds.
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces()
        for (unit, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where trimmed.hasSuffix(unit) {
            return Double(trimmed.dropLast(unit.count).trimmingSpaces()).flatMap { $0.isFinite ? $0 * factor : nil }
        }
        return Double(trimmed).flatMap { $0.isFinite ? $0 : nil }
    }
}
