import Foundation

extension PluginRegistry {
    /// Where plugins are looked for, earliest first, keeping only directories that exist:
    /// each entry of `$VTRANS_PLUGIN_PATH` (colon-separated), `./plugins`,
    /// `<executableDirectory>/../share/vtrans/plugins`, the checkout's `plugins` when the binary
    /// runs from a SwiftPM build directory, `/usr/share/vtrans/plugins` and `/app/plugins`.
    ///
    /// - Parameter executableDirectory: the directory of the running `vtrans` binary, if known.
    public static func defaultSearchPaths(executableDirectory: String?) -> [String] {
        defaultSearchPaths(
            executableDirectory: executableDirectory, environment: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    static func defaultSearchPaths(executableDirectory: String?, environment: [String: String], currentDirectory: String) -> [String] {
        var candidates = (environment["VTRANS_PLUGIN_PATH"] ?? "").split(separator: ":").map(String.init)
        candidates.append("plugins")
        if let executableDirectory {
            candidates.append((executableDirectory as NSString).appendingPathComponent("../share/vtrans/plugins"))
            if let checkout = checkoutDirectory(of: executableDirectory) {
                candidates.append((checkout as NSString).appendingPathComponent("plugins"))
            }
        }
        candidates += ["/usr/share/vtrans/plugins", "/app/plugins"]

        var paths: [String] = []
        for candidate in candidates {
            let path = URL(fileURLWithPath: candidate, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
                .standardizedFileURL.path
            var isDirectory: ObjCBool = false
            if !paths.contains(path), FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                paths.append(path)
            }
        }
        return paths
    }

    /// The package checkout holding a SwiftPM build directory (`…/repo/.build/…/debug` → `…/repo`).
    public static func checkoutDirectory(of executableDirectory: String) -> String? {
        guard let range = executableDirectory.range(of: "/.build") else { return nil }
        return String(executableDirectory[..<range.lowerBound])
    }
}
