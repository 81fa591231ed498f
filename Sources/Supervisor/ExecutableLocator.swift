import Foundation
import Pipeline

/// Finds a plugin's executable: in its plugin directory, then the given directories (where the
/// `vtrans` binary lives, for a build tree), then `PATH`.
public struct ExecutableLocator: Sendable {
    /// Directories searched after the plugin's own.
    public var directories: [String]

    public init(directories: [String]) { self.directories = directories }

    /// A locator that looks beside the running executable, then on `PATH`.
    public static func standard() -> ExecutableLocator {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        let path = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map(String.init) ?? []
        return ExecutableLocator(directories: [own] + path)
    }

    /// The absolute path of `plugin`'s executable.
    /// - Throws: ``SupervisorError`` `executableNotFound`, listing where it looked.
    public func locate(_ plugin: PluginDescriptor) throws(SupervisorError) -> String {
        let name = plugin.manifest.executable
        if name.hasPrefix("/") {
            if FileManager.default.isExecutableFile(atPath: name) { return name }
        } else {
            for directory in [plugin.directory] + directories {
                let candidate = (directory as NSString).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw SupervisorError(
            .executableNotFound, stage: plugin.manifest.name,
            message: "executable '\(name)' of plugin '\(plugin.manifest.name)' not found in \(([plugin.directory] + directories).joined(separator: ", ")); build it with 'swift build' or put it on PATH")
    }
}
