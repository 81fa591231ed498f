import ArgumentParser
import Foundation
import Pipeline
import StageProtocol

/// `vtrans plugins`: lists installed stage plugins, or describes one.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List installed stage plugins, or show one plugin's parameters and limits.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A plugin to describe in full.")
    var plugin: String?

    func run() throws {
        let registry = try global.registry()
        if let plugin {
            guard let descriptor = registry.plugins[plugin] else {
                throw ValidationError("no plugin '\(plugin)'; installed: \(registry.plugins.keys.sorted().joined(separator: ", "))")
            }
            print(Self.describe(descriptor))
            return
        }
        for name in registry.plugins.keys.sorted() {
            let manifest = registry.plugins[name]!.manifest
            print("\(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(manifest.summary)")
        }
    }

    static func describe(_ descriptor: PluginDescriptor) -> String {
        let m = descriptor.manifest
        var text = "\(m.name): \(m.summary)\n  executable: \(m.executable)\n  manifest:   \(descriptor.manifestPath)\n"
        text += "  consumes:   \(m.consumes.isEmpty ? "(source)" : m.consumes.joined(separator: ", "))\n"
        text += "  produces:   \(m.produces.joined(separator: ", "))\n"
        let l = m.limits
        text += "  limits:     memory \(l.memoryBytes.map(Quantity.formatBytes) ?? "-"), cpu \(l.cpuSeconds.map(Quantity.formatSeconds) ?? "-"), wall \(l.wallSeconds.map(Quantity.formatSeconds) ?? "-"), open files \(l.openFiles.map(String.init) ?? "-")\n"
        text += "  parameters:\n"
        for p in m.parameters {
            text += "    \(p.name) (\(p.type.rawValue)\(p.required ? ", required" : ""))\(p.defaultValue.map { " = \($0)" } ?? "")\(p.choices.isEmpty ? "" : " {\(p.choices.joined(separator: "|"))}")\n      \(p.summary)\n"
        }
        return text
    }
}
