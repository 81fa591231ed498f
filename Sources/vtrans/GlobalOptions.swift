import ArgumentParser
import Foundation
import Logging
import Pipeline

/// Options every subcommand shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("plugin-path"), help: ArgumentHelp(
        "A directory holding <plugin>/plugin.yaml (repeatable; searched before the defaults).", valueName: "dir"))
    var pluginPaths: [String] = []

    @Option(name: .customLong("pipeline-path"), help: ArgumentHelp(
        "A directory holding pipeline YAML files (repeatable; searched before the defaults).", valueName: "dir"))
    var pipelinePaths: [String] = []

    @Option(help: "Log level of vtrans itself: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "error"

    /// Directory of the running executable (the build products directory in a checkout).
    static let executableDirectory =
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path

    /// The installed plugins.
    func registry() throws -> PluginRegistry {
        try PluginRegistry(searchPaths: pluginPaths + PluginRegistry.defaultSearchPaths(executableDirectory: Self.executableDirectory))
    }

    /// A logger writing to stderr at the chosen level.
    func logger() -> Logger {
        var logger = Logger(label: "vtrans") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        return logger
    }

    /// Finds a pipeline by path, or by name in the pipeline directories.
    func pipelineFile(_ nameOrPath: String) throws -> String {
        if FileManager.default.fileExists(atPath: nameOrPath) { return nameOrPath }
        let directories = pipelinePaths + PipelineCatalog.defaultDirectories(executableDirectory: Self.executableDirectory)
        for directory in directories {
            for candidate in [nameOrPath, nameOrPath + ".yaml", nameOrPath + ".yml"] {
                let path = (directory as NSString).appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: path) { return path }
            }
        }
        let known = PipelineCatalog.names(in: directories)
        throw ValidationError("no pipeline '\(nameOrPath)' (looked in \(directories.joined(separator: ", "))); known pipelines: \(known.joined(separator: ", "))")
    }
}

/// Where shipped pipeline definitions are found.
enum PipelineCatalog {
    /// `$VTRANS_PIPELINE_PATH`, `./pipelines`, `<exe>/../share/vtrans/pipelines`, `/app/pipelines`, the
    /// checkout's `pipelines` for a build-tree binary: those that exist.
    static func defaultDirectories(executableDirectory: String) -> [String] {
        var candidates = (ProcessInfo.processInfo.environment["VTRANS_PIPELINE_PATH"] ?? "").split(separator: ":").map(String.init)
        candidates += [
            "pipelines", (executableDirectory as NSString).appendingPathComponent("../share/vtrans/pipelines"),
            "/app/pipelines",
        ]
        if let checkout = PluginRegistry.checkoutDirectory(of: executableDirectory) {
            candidates.append((checkout as NSString).appendingPathComponent("pipelines"))
        }
        var seen = Set<String>()
        return candidates.filter { path in
            var isDirectory: ObjCBool = false
            let standardized = (path as NSString).standardizingPath
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue && seen.insert(standardized).inserted
        }
    }

    /// Names of the pipeline files in `directories`.
    static func names(in directories: [String]) -> [String] {
        directories.flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .map { ($0 as NSString).deletingPathExtension }
        }.sorted()
    }
}

/// Parses `stage.param=value` overrides.
func parseOverrides(_ texts: [String]) throws(PipelineError) -> [ParameterOverride] {
    var overrides: [ParameterOverride] = []
    for text in texts { overrides.append(try ParameterOverride(parsing: text)) }
    return overrides
}
