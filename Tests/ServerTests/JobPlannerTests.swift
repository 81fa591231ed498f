import Foundation
import Pipeline
import Testing

@testable import Server

/// A plugin directory and a pipeline whose stages take the parameters the planner maps.
private func makeLibrary() throws -> (PipelineLibrary, URL) {
    let root = try Fixtures.scratch("planner")
    let manifests = [
        "listen": """
            name: listen
            executable: /bin/true
            produces: [segment]
            parameters:
              - { name: language, type: string, summary: spoken language }
            """,
        "translate": """
            name: translate
            executable: /bin/true
            consumes: [segment]
            produces: [segment]
            parameters:
              - { name: source, type: string, summary: from }
              - { name: target, type: string, summary: into }
            """,
        "write": """
            name: write
            executable: /bin/true
            consumes: [segment]
            produces: [file_ready]
            parameters:
              - { name: targets, type: list, summary: languages }
              - { name: burn_in, type: boolean, default: "false", summary: burn }
              - { name: output_dir, type: path, required: true, summary: where }
            """,
        "import": """
            name: import
            executable: /bin/true
            produces: [segment]
            parameters:
              - { name: path, type: path, required: true, summary: subtitles }
              - { name: language, type: string, summary: their language }
            """,
    ]
    for (name, text) in manifests {
        let directory = root.appendingPathComponent("plugins/\(name)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try text.write(to: directory.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
    }
    let pipelines = root.appendingPathComponent("pipelines")
    try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
    try """
        name: translate
        stages:
          - plugin: listen
          - plugin: translate
          - plugin: write
            params: { output_dir: "${output}" }
        """.write(to: pipelines.appendingPathComponent("translate.yaml"), atomically: true, encoding: .utf8)
    try """
        name: imported
        stages:
          - plugin: import
            params: { path: "${input_dir}/${input_stem}.srt" }
          - plugin: write
            params: { output_dir: "${output}" }
        """.write(to: pipelines.appendingPathComponent("imported.yaml"), atomically: true, encoding: .utf8)
    try """
        name: plain
        stages:
          - plugin: listen
          - plugin: translate
        """.write(to: pipelines.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
    let registry = try PluginRegistry(searchPaths: [root.appendingPathComponent("plugins").path])
    return (PipelineLibrary(directories: [pipelines.path], registry: registry), root)
}

@Suite struct JobPlannerTests {
    func parameters(_ plan: JobPlan) -> [String: [String: String]] {
        Dictionary(uniqueKeysWithValues: plan.definition.stages.map { ($0.name, $0.parameters) })
    }

    @Test func languagesAndBurnInBecomeParametersByName() throws {
        let (library, _) = try makeLibrary()
        let plan = try JobPlanner(library: library).plan(
            pipeline: "translate", sourceLanguage: "en", targetLanguages: ["es", "ca"], burnIn: true, overrides: [],
            subtitlesPath: nil, input: "/in/talk.mp4", output: "/out")
        let values = parameters(plan)
        #expect(values["listen"]?["language"] == "en")
        #expect(values["translate"]?["source"] == "en")
        #expect(values["translate"]?["target"] == "es")
        #expect(values["write"]?["targets"] == "es,ca")
        #expect(values["write"]?["burn_in"] == "true")
        #expect(values["write"]?["output_dir"] == "/out")
        #expect(plan.warnings == ["stage translate translates into one language: only es is produced"])
        #expect(library.defaultName() == "translate")
    }

    @Test func theJobsOwnOverridesWin() throws {
        let (library, _) = try makeLibrary()
        let plan = try JobPlanner(library: library).plan(
            pipeline: "translate", sourceLanguage: "en", targetLanguages: ["es"], burnIn: false, overrides: ["translate.target=gl"],
            subtitlesPath: nil, input: "/in/talk.mp4", output: "/out")
        #expect(parameters(plan)["translate"]?["target"] == "gl")
    }

    @Test func anUploadedSubtitleFileFeedsTheImportStage() throws {
        let (library, _) = try makeLibrary()
        let planner = JobPlanner(library: library)
        let plan = try planner.plan(
            pipeline: "imported", sourceLanguage: "fr", targetLanguages: [], burnIn: false, overrides: [],
            subtitlesPath: "/up/talk.srt", input: "/in/talk.mp4", output: "/out")
        #expect(parameters(plan)["import"]?["path"] == "/up/talk.srt")
        #expect(parameters(plan)["import"]?["language"] == "fr")
        #expect { try planner.plan(pipeline: "imported", sourceLanguage: nil, targetLanguages: [], burnIn: false, overrides: [], subtitlesPath: nil, input: "/i", output: "/o") }
            throws: { ($0 as? APIError)?.code == "subtitles_required" }
    }

    @Test func choicesAPipelineCannotHonourAreRefused() throws {
        let (library, _) = try makeLibrary()
        let planner = JobPlanner(library: library)
        #expect { try planner.plan(pipeline: "plain", sourceLanguage: nil, targetLanguages: [], burnIn: true, overrides: [], subtitlesPath: nil, input: "/i", output: "/o") }
            throws: { ($0 as? APIError)?.code == "burn_in_unsupported" }
        #expect { try planner.plan(pipeline: "nope", sourceLanguage: nil, targetLanguages: [], burnIn: false, overrides: [], subtitlesPath: nil, input: "/i", output: "/o") }
            throws: { ($0 as? APIError)?.code == "unknown_pipeline" }
        #expect { try planner.plan(pipeline: "translate", sourceLanguage: nil, targetLanguages: [], burnIn: false, overrides: ["translate.nope=1"], subtitlesPath: nil, input: "/i", output: "/o") }
            throws: { ($0 as? PipelineError)?.code == .invalidOverride }
    }
}
