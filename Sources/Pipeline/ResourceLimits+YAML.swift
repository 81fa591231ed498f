import StageProtocol
import Yams

extension ResourceLimits {
    /// The keys of a `limits:` mapping, in manifests and pipelines alike.
    static let yamlKeys = ["memory", "cpu_time", "wall_time", "open_files"]

    /// Reads a `limits:` mapping (`memory: 2GiB`, `cpu_time: 10m`, `wall_time: 1h`,
    /// `open_files: 256`), reporting every unknown key and unreadable or zero quantity.
    static func read(from node: Node, context: String, reader: inout YAMLReader) -> ResourceLimits {
        var limits = ResourceLimits()
        guard let entries = reader.entries(of: node, what: "limits", context: context, noun: "limit", allowed: yamlKeys) else {
            return limits
        }
        func quantity(_ key: String, example: String, _ parse: (String) -> UInt64?) -> UInt64? {
            guard let value = entries[key],
                let text = reader.scalar(value, what: "limit '\(key)'", context: context)
            else { return nil }
            guard let quantity = parse(text), quantity > 0 else {
                reader.report("\(context)limit '\(key)' cannot be '\(text)'; write a positive amount such as \(example)", at: value)
                return nil
            }
            return quantity
        }
        limits.memoryBytes = quantity("memory", example: "512MiB or 2GiB", Quantity.bytes)
        limits.cpuSeconds = quantity("cpu_time", example: "90s, 10m or 2h", Quantity.seconds)
        limits.wallSeconds = quantity("wall_time", example: "90s, 10m or 2h", Quantity.seconds)
        limits.openFiles = quantity("open_files", example: "256") { UInt64($0.trimmingSpaces()) }
        return limits
    }
}
