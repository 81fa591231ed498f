import Foundation
import Pipeline

/// The pipelines a server can run: every `*.yaml` in its pipeline directories, read anew on each
/// call so pipelines added while the server runs are found. An earlier directory's file hides a
/// later one's with the same name.
public struct PipelineLibrary: Sendable {
    /// One pipeline file and what it holds.
    struct Entry: Sendable {
        /// The file.
        var file: String
        /// The checked pipeline, or why it cannot be used.
        var definition: Result<PipelineDefinition, PipelineError>
        /// The pipeline's name (the file name when it cannot be read).
        var name: String
    }

    /// The directories searched, earliest first.
    public let directories: [String]
    /// The installed plugins.
    public let registry: PluginRegistry

    public init(directories: [String], registry: PluginRegistry) {
        self.directories = directories
        self.registry = registry
    }

    /// Every pipeline file, by name, sorted.
    func entries() -> [Entry] {
        var seen = Set<String>()
        var entries: [Entry] = []
        for directory in directories {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            for file in files where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                let stem = (file as NSString).deletingPathExtension
                guard seen.insert(stem).inserted else { continue }
                let path = (directory as NSString).appendingPathComponent(file)
                let definition: Result<PipelineDefinition, PipelineError> = Result { () throws(PipelineError) in
                    try PipelineLoader(registry: registry).load(file: path)
                }
                entries.append(Entry(file: path, definition: definition, name: stem))
            }
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// The file of the pipeline called `name`.
    /// - Throws: ``APIError`` 422 naming the known pipelines.
    func file(named name: String) throws(APIError) -> String {
        let entries = entries()
        if let entry = entries.first(where: { $0.name == name }) { return entry.file }
        throw APIError(.unprocessableContent, code: "unknown_pipeline",
                       message: "no pipeline '\(name)'; known pipelines: \(entries.map(\.name).joined(separator: ", "))")
    }

    /// The pipeline a job gets when it names none: `translate` if it exists, else the first.
    func defaultName() -> String? {
        let names = entries().filter { (try? $0.definition.get()) != nil }.map(\.name)
        return names.contains("translate") ? "translate" : names.first
    }
}
