import Foundation
import Pipeline
import StageProtocol
import Supervisor

/// Loads pipelines against the checkout's plugins and runs them with the built stage binaries.
enum Harness {
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Directory holding the built executables (the test binary's own).
    static let products = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        .deletingLastPathComponent().path

    /// Collects events from the supervisor's threads.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [SupervisorEvent] = []
        var onEvent: (@Sendable (SupervisorEvent) -> Void)?

        func append(_ event: SupervisorEvent) {
            lock.lock()
            events.append(event)
            let hook = onEvent
            lock.unlock()
            hook?(event)
        }

        var all: [SupervisorEvent] {
            lock.lock()
            defer { lock.unlock() }
            return events
        }

        /// Audio chunks the last stage emitted, in order.
        var outputChunks: [AudioChunk] {
            all.compactMap { if case .output(.audioChunk(let chunk)) = $0 { chunk } else { nil } }
        }

        var terminations: [Termination] {
            all.compactMap { if case .stageTerminated(let t) = $0 { t } else { nil } }
        }

        func starts(of stage: String) -> [Int32] {
            all.compactMap { if case .stageStarted(stage, let pid, _) = $0 { pid } else { nil } }
        }
    }

    /// Builds a run of `yaml` (plugins from the checkout plus `extraPlugins`).
    static func run(_ yaml: String, extraPlugins: [String] = [], useCgroups: Bool = true, events: Events) throws -> PipelineRun {
        let registry = try PluginRegistry(searchPaths: extraPlugins + [checkout + "/plugins"])
        let definition = try PipelineLoader(registry: registry).load(yaml: yaml, file: "test.yaml")
        let options = SupervisorOptions(stopGraceSeconds: 1, useCgroups: useCgroups, onEvent: { events.append($0) })
        return try PipelineRun(pipeline: definition, locator: ExecutableLocator(directories: [products]), options: options)
    }

    /// Writes a plugin directory whose executable is a script, for stages in other languages.
    static func scriptPlugin(name: String, consumes: [String], produces: [String], script: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-plugins-\(UUID().uuidString)")
        let directory = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let manifest = """
            manifest_version: 1
            name: \(name)
            summary: test plugin written as a script
            executable: run.sh
            consumes: [\(consumes.joined(separator: ", "))]
            produces: [\(produces.joined(separator: ", "))]
            """
        try manifest.write(to: directory.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
        let executable = directory.appendingPathComponent("run.sh")
        try ("#!/bin/sh\n" + script).write(to: executable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable.path)
        return root.path
    }

    /// Whether a process with this pid is still alive (and not a zombie).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        let state = status.split(separator: ")").last?.split(separator: " ").first
        return state != "Z"
    }
}
