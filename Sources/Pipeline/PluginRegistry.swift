import Foundation
import StageProtocol

/// The installed plugins: every `<search path>/<plugin>/plugin.yaml`, checked and keyed by name.
///
/// Search paths are read in order; a plugin name found in an earlier path hides the same name in
/// later ones, so a user's directory can replace a shipped plugin.
public struct PluginRegistry: Sendable {
    /// The plugins, by manifest name.
    public let plugins: [String: PluginDescriptor]
    /// The directories that were searched, in order, as given.
    public let searchPaths: [String]

    /// Reads every `plugin.yaml` one directory below each search path.
    ///
    /// - Parameter searchPaths: directories that hold one subdirectory per plugin, earliest first.
    /// - Throws: ``PipelineError`` with code ``PipelineError/Code/invalidPlugin`` listing every
    ///   problem of every manifest at its `file:line:column`, or
    ///   ``PipelineError/Code/unreadableFile`` when a search path or manifest cannot be read.
    public init(searchPaths: [String]) throws(PipelineError) {
        var plugins: [String: PluginDescriptor] = [:]
        var diagnostics: [Diagnostic] = []
        var manifestsAreInvalid = false
        let files = FileManager.default
        for searchPath in searchPaths {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: searchPath, isDirectory: &isDirectory), isDirectory.boolValue,
                let entries = try? files.contentsOfDirectory(atPath: searchPath)
            else {
                let message = "plugin search path is not a readable directory"
                diagnostics.append(Diagnostic(file: searchPath, line: 0, column: 0, message: message))
                continue
            }
            var definedHere: [String: String] = [:]
            for entry in entries.sorted() {
                let manifestPath = (searchPath as NSString).appendingPathComponent("\(entry)/plugin.yaml")
                guard files.fileExists(atPath: manifestPath) else { continue }
                guard let text = try? String(contentsOfFile: manifestPath, encoding: .utf8) else {
                    diagnostics.append(Diagnostic(file: manifestPath, line: 0, column: 0, message: "cannot read the file as UTF-8 text"))
                    continue
                }
                var reader = YAMLReader(file: manifestPath)
                if let node = reader.compose(text, expecting: "a plugin manifest with 'name' and 'executable'"),
                    let manifest = StageManifest.read(from: node, reader: &reader)
                {
                    if let other = definedHere[manifest.name] {
                        let message = "plugin '\(manifest.name)' is already defined by \(other); plugin names must be unique"
                        reader.report(message, line: 0, column: 0)
                    } else {
                        definedHere[manifest.name] = manifestPath
                        if plugins[manifest.name] == nil {
                            plugins[manifest.name] = PluginDescriptor(
                                manifest: manifest, directory: Self.absolute((searchPath as NSString).appendingPathComponent(entry)),
                                manifestPath: Self.absolute(manifestPath))
                        }
                    }
                }
                manifestsAreInvalid = manifestsAreInvalid || !reader.diagnostics.isEmpty
                diagnostics += reader.sortedDiagnostics
            }
        }
        guard diagnostics.isEmpty else {
            throw PipelineError(manifestsAreInvalid ? .invalidPlugin : .unreadableFile, diagnostics: diagnostics)
        }
        self.plugins = plugins
        self.searchPaths = searchPaths
    }

    /// A registry of the given plugins, such as manifests a supervisor obtained with `--describe`;
    /// the first of several descriptors with the same name wins.
    public init(_ descriptors: [PluginDescriptor]) {
        var plugins: [String: PluginDescriptor] = [:]
        for descriptor in descriptors where plugins[descriptor.manifest.name] == nil {
            plugins[descriptor.manifest.name] = descriptor
        }
        self.plugins = plugins
        self.searchPaths = []
    }

    /// `path` made absolute against the current directory, without `.` and `..` components.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
