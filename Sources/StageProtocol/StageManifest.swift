/// What a stage is, exchanges and takes: the content of `plugin.yaml` and of `--describe`.
///
/// Versioned like swift-argument-parser's `ToolInfoV0`: readers check ``manifestVersion``.
public struct StageManifest: Codable, Hashable, Sendable {
    /// Version of this manifest schema.
    public var manifestVersion: Int
    /// The stage's name (`decoder`), unique among installed plugins.
    public var name: String
    /// One line saying what the stage does.
    public var summary: String
    /// Executable name or path, relative to the plugin directory or found on the search path.
    public var executable: String
    /// Message kinds the stage reads (stable names such as `audio_chunk`); empty for a source.
    public var consumes: [String]
    /// Message kinds the stage writes.
    public var produces: [String]
    /// Parameters the stage accepts.
    public var parameters: [ParameterSpec]
    /// Default resource limits, overridable per pipeline.
    public var limits: ResourceLimits
    /// Whether the stage sends checkpoints and can resume from them after a restart.
    public var checkpoints: Bool

    public init(
        name: String, summary: String, executable: String, consumes: [MessageKind], produces: [MessageKind],
        parameters: [ParameterSpec] = [], limits: ResourceLimits = ResourceLimits(), checkpoints: Bool = false
    ) {
        self.manifestVersion = 1
        self.name = name
        self.summary = summary
        self.executable = executable
        self.consumes = consumes.map(\.name)
        self.produces = produces.map(\.name)
        self.parameters = parameters
        self.limits = limits
        self.checkpoints = checkpoints
    }

    enum CodingKeys: String, CodingKey {
        case manifestVersion = "manifest_version", name, summary, executable, consumes, produces, parameters, limits, checkpoints
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        manifestVersion = try c.decodeIfPresent(Int.self, forKey: .manifestVersion) ?? 1
        name = try c.decode(String.self, forKey: .name)
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        executable = try c.decode(String.self, forKey: .executable)
        consumes = try c.decodeIfPresent([String].self, forKey: .consumes) ?? []
        produces = try c.decodeIfPresent([String].self, forKey: .produces) ?? []
        parameters = try c.decodeIfPresent([ParameterSpec].self, forKey: .parameters) ?? []
        limits = try c.decodeIfPresent(ResourceLimits.self, forKey: .limits) ?? ResourceLimits()
        checkpoints = try c.decodeIfPresent(Bool.self, forKey: .checkpoints) ?? false
    }

    /// The parameter called `name`, if the stage has one.
    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}

/// One parameter of a stage.
public struct ParameterSpec: Codable, Hashable, Sendable {
    /// The type a parameter's value must have.
    public enum ValueType: String, Codable, Hashable, Sendable, CaseIterable {
        case string, integer, number, boolean, path, language, choice, list
    }

    public var name: String
    public var type: ValueType
    /// Default value in its textual form; `nil` for required parameters and optional ones without a default.
    public var defaultValue: String?
    /// Whether a value must be given.
    public var required: Bool
    /// What the parameter does.
    public var summary: String
    /// Allowed values for `choice`.
    public var choices: [String]

    public init(
        _ name: String, _ type: ValueType, default defaultValue: String? = nil, required: Bool = false,
        choices: [String] = [], summary: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.summary = summary
        self.choices = choices
    }

    enum CodingKeys: String, CodingKey {
        case name, type, defaultValue = "default", required, summary, choices
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(ValueType.self, forKey: .type)
        defaultValue = try c.decodeIfPresent(String.self, forKey: .defaultValue)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        choices = try c.decodeIfPresent([String].self, forKey: .choices) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(defaultValue, forKey: .defaultValue)
        try c.encode(required, forKey: .required)
        try c.encode(summary, forKey: .summary)
        if !choices.isEmpty { try c.encode(choices, forKey: .choices) }
    }
}

/// Resource limits of one stage process. `nil` means unlimited (or inherited).
public struct ResourceLimits: Codable, Hashable, Sendable {
    /// Address-space / memory ceiling in bytes.
    public var memoryBytes: UInt64?
    /// CPU time in seconds.
    public var cpuSeconds: UInt64?
    /// Wall-clock time in seconds.
    public var wallSeconds: UInt64?
    /// Maximum open file descriptors.
    public var openFiles: UInt64?

    public init(memoryBytes: UInt64? = nil, cpuSeconds: UInt64? = nil, wallSeconds: UInt64? = nil, openFiles: UInt64? = nil) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
        self.openFiles = openFiles
    }

    /// Limits from `other` where set, else these.
    public func overridden(by other: ResourceLimits) -> ResourceLimits {
        ResourceLimits(
            memoryBytes: other.memoryBytes ?? memoryBytes, cpuSeconds: other.cpuSeconds ?? cpuSeconds,
            wallSeconds: other.wallSeconds ?? wallSeconds, openFiles: other.openFiles ?? openFiles)
    }

    enum CodingKeys: String, CodingKey {
        case memory, cpuTime = "cpu_time", wallTime = "wall_time", openFiles = "open_files"
    }

    /// Reads `memory: 2GiB`, `cpu_time: 10m`, `wall_time: 1h`, `open_files: 256` (plain numbers are bytes / seconds).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func quantity(_ key: CodingKeys, _ parse: (String) -> UInt64?) throws -> UInt64? {
            if let number = try? c.decodeIfPresent(UInt64.self, forKey: key) { return number }
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let value = parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "cannot read '\(text)' as a \(key.stringValue) limit")
            }
            return value
        }
        memoryBytes = try quantity(.memory, Quantity.bytes)
        cpuSeconds = try quantity(.cpuTime, Quantity.seconds)
        wallSeconds = try quantity(.wallTime, Quantity.seconds)
        openFiles = try quantity(.openFiles) { UInt64($0) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(memoryBytes.map(Quantity.formatBytes), forKey: .memory)
        try c.encodeIfPresent(cpuSeconds.map(Quantity.formatSeconds), forKey: .cpuTime)
        try c.encodeIfPresent(wallSeconds.map(Quantity.formatSeconds), forKey: .wallTime)
        try c.encodeIfPresent(openFiles, forKey: .openFiles)
    }
}

/// Parses and prints the human quantities used in manifests and pipelines (`512MiB`, `90s`, `2h`).
public enum Quantity {
    private static let byteUnits: [(String, UInt64)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
        ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1),
    ]
    private static let timeUnits: [(String, UInt64)] = [("ms", 0), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]

    /// `"512MiB"` → 536870912; `"2GB"` → 2000000000; a plain number is bytes.
    public static func bytes(_ text: String) -> UInt64? { parse(text, units: byteUnits, defaultFactor: 1) }

    /// `"90s"`, `"10m"`, `"2h"` → seconds; a plain number is seconds.
    public static func seconds(_ text: String) -> UInt64? { parse(text, units: timeUnits.filter { $0.1 > 0 }, defaultFactor: 1) }

    /// 536870912 → `"512MiB"`.
    public static func formatBytes(_ value: UInt64) -> String {
        for (unit, factor) in [("GiB", UInt64(1) << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where value >= factor && value % factor == 0 {
            return "\(value / factor)\(unit)"
        }
        return "\(value)B"
    }

    /// 600 → `"10m"`.
    public static func formatSeconds(_ value: UInt64) -> String {
        for (unit, factor) in [("h", UInt64(3600)), ("m", 60)] where value >= factor && value % factor == 0 {
            return "\(value / factor)\(unit)"
        }
        return "\(value)s"
    }

    private static func parse(_ text: String, units: [(String, UInt64)], defaultFactor: UInt64) -> UInt64? {
        let trimmed = text.trimmingWhitespace()
        for (unit, factor) in units where trimmed.hasSuffix(unit) {
            let number = trimmed.dropLast(unit.count).trimmingWhitespace()
            guard let value = Double(number), value >= 0, value.isFinite else { return nil }
            let result = value * Double(factor)
            return result < Double(UInt64.max) ? UInt64(result) : nil
        }
        guard let value = UInt64(trimmed) else { return nil }
        return value * defaultFactor
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
