import Foundation
import StageProtocol
import StageTesting
import Yams

extension BuiltStage {
    /// The manifest in `plugins/<plugin>/plugin.yaml` of this checkout.
    static func pluginManifest(_ plugin: String) throws -> StageManifest {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let yaml = try String(contentsOf: root.appendingPathComponent("plugins/\(plugin)/plugin.yaml"), encoding: .utf8)
        return try YAMLDecoder().decode(StageManifest.self, from: yaml)
    }
}
