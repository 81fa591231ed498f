import Foundation
import StageProtocol
import Testing

@testable import Pipeline

@Suite struct PluginRegistryTests {
    @Test func readsEveryManifestWithCanonicalDefaults() throws {
        let directory = try TemporaryDirectory(plugins: TestPlugins.manifests)
        defer { directory.remove() }
        try directory.write("not a plugin", to: "README.txt")
        try directory.write("# no manifest here\n", to: "empty-dir/notes.yaml")

        let registry = try PluginRegistry(searchPaths: [directory.path])
        #expect(registry.searchPaths == [directory.path])
        #expect(registry.plugins.keys.sorted() == ["decoder", "import", "muxer", "recognizer", "subtitles", "translator"])

        let decoder = try #require(registry.plugins["decoder"])
        #expect(decoder.directory == PluginRegistry.absolute(directory.path + "/decoder"))
        #expect(decoder.manifestPath == decoder.directory + "/plugin.yaml")
        #expect(decoder.manifest.manifestVersion == 1)
        #expect(decoder.manifest.summary == "Decode the input's audio to float32 mono 16 kHz chunks")
        #expect(decoder.manifest.executable == "vtrans-decoder")
        #expect(decoder.manifest.consumes == [])
        #expect(decoder.manifest.produces == ["stream_info", "audio_chunk"])
        #expect(
            decoder.manifest.parameters == [
                ParameterSpec("input", .path, default: "${input}", required: true, summary: "Media file to decode"),
                ParameterSpec("sample_rate", .integer, default: "16000", summary: "Output sample rate in Hz"),
            ])
        #expect(decoder.manifest.limits == ResourceLimits(memoryBytes: 512 << 20, wallSeconds: 7200))

        let recognizer = try #require(registry.plugins["recognizer"]?.manifest)
        #expect(recognizer.parameter(named: "threads")?.defaultValue == "4")
        #expect(recognizer.parameter(named: "word_timestamps")?.defaultValue == "false")
        #expect(recognizer.checkpoints)
        #expect(registry.plugins["subtitles"]?.manifest.parameter(named: "formats")?.defaultValue == "srt,vtt")
        #expect(registry.plugins["translator"]?.manifest.parameter(named: "backend")?.choices == ["apertium", "whisper"])
    }

    @Test func earlierSearchPathsHideLaterPluginsOfTheSameName() throws {
        let user = try TemporaryDirectory(plugins: ["my-import": "name: import\nsummary: mine\nexecutable: my-import\nproduces: [segment]\n"])
        let shipped = try TemporaryDirectory(plugins: TestPlugins.manifests)
        defer {
            user.remove()
            shipped.remove()
        }
        let registry = try PluginRegistry(searchPaths: [user.path, shipped.path])
        #expect(registry.plugins["import"]?.manifest.summary == "mine")
        #expect(registry.plugins["import"]?.directory == PluginRegistry.absolute(user.path + "/my-import"))
        #expect(registry.plugins.count == 6)
    }

    @Test(arguments: BadManifest.all)
    func badManifestIsReportedAtItsPosition(_ bad: BadManifest) throws {
        let directory = try TemporaryDirectory(plugins: ["broken": bad.yaml])
        defer { directory.remove() }
        let error = try #require(throws: PipelineError.self) { try PluginRegistry(searchPaths: [directory.path]) }
        #expect(error.code == .invalidPlugin)
        let found = error.diagnostics.first { $0.message.contains(bad.message) }
        #expect(found != nil, "no diagnostic says \"\(bad.message)\"; got:\n\(error)")
        #expect(found?.file == directory.path + "/broken/plugin.yaml")
        #expect(found.map { "\($0.line):\($0.column)" } == "\(bad.line):\(bad.column)", "\(error)")
    }

    @Test func reportsTheProblemsOfEveryManifest() throws {
        var manifests = TestPlugins.manifests
        manifests["a-broken"] = "name: a\nexecutable: a\nproduces: [segmnt]\n"
        manifests["b-broken"] = "name: b\nexecutabel: b\n"
        let directory = try TemporaryDirectory(plugins: manifests)
        defer { directory.remove() }
        let error = try #require(throws: PipelineError.self) { try PluginRegistry(searchPaths: [directory.path]) }
        #expect(error.code == .invalidPlugin)
        #expect(
            error.diagnostics.map(\.description) == [
                "\(directory.path)/a-broken/plugin.yaml:3:12: produces: unknown message kind 'segmnt'; did you mean 'segment'?",
                "\(directory.path)/b-broken/plugin.yaml:1:1: missing required key 'executable'",
                "\(directory.path)/b-broken/plugin.yaml:2:1: unknown key 'executabel'; did you mean 'executable'?",
            ])
    }

    @Test func twoPluginsOfTheSameNameInOneDirectoryAreAnError() throws {
        let directory = try TemporaryDirectory(plugins: [
            "one": "name: twin\nexecutable: one\n", "two": "name: twin\nexecutable: two\n",
        ])
        defer { directory.remove() }
        let error = try #require(throws: PipelineError.self) { try PluginRegistry(searchPaths: [directory.path]) }
        #expect(
            error.description
                == "\(directory.path)/two/plugin.yaml: plugin 'twin' is already defined by \(directory.path)/one/plugin.yaml; plugin names must be unique"
        )
    }

    @Test func missingSearchPathIsUnreadable() throws {
        let error = try #require(throws: PipelineError.self) { try PluginRegistry(searchPaths: ["/nonexistent/plugins"]) }
        #expect(error.code == .unreadableFile)
        #expect(error.description == "/nonexistent/plugins: plugin search path is not a readable directory")
    }

    @Test func registryOfGivenDescriptorsKeepsTheFirstOfEachName() {
        let first = PluginDescriptor(
            manifest: StageManifest(name: "echo", summary: "first", executable: "echo", consumes: [.segment], produces: [.segment]),
            directory: "/a", manifestPath: "/a/plugin.yaml")
        var second = first
        second.manifest.summary = "second"
        let registry = PluginRegistry([first, second])
        #expect(registry.plugins == ["echo": first])
        #expect(registry.searchPaths == [])
    }

    @Test func defaultSearchPathsKeepOnlyExistingDirectoriesInOrder() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        for path in ["env/one", "work/plugins", "prefix/share/vtrans/plugins", "prefix/bin"] {
            try FileManager.default.createDirectory(atPath: root.path + "/" + path, withIntermediateDirectories: true)
        }
        let paths = PluginRegistry.defaultSearchPaths(
            executableDirectory: root.path + "/prefix/bin",
            environment: ["VTRANS_PLUGIN_PATH": "\(root.path)/env/one:\(root.path)/env/missing::../work/plugins"],
            currentDirectory: root.path + "/work")
        let expected = [root.path + "/env/one", root.path + "/work/plugins", root.path + "/prefix/share/vtrans/plugins"]
            .map(PluginRegistry.absolute)
        #expect(Array(paths.prefix(3)) == expected)
        #expect(paths.dropFirst(3).allSatisfy { ["/usr/share/vtrans/plugins", "/app/plugins"].contains($0) })
    }
}

/// A plugin manifest with a problem, and where and how it must be reported.
struct BadManifest: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var column: Int
    var message: String

    var testDescription: String { name }

    static let all: [BadManifest] = [
        BadManifest(
            name: "tab indentation", yaml: "name: x\nexecutable: x\nparameters:\n\t- name: a\n", line: 4, column: 1,
            message: "indent with spaces, YAML does not allow tabs"),
        BadManifest(
            name: "unclosed bracket", yaml: "name: x\nexecutable: x\nproduces: [segment\n", line: 4, column: 1,
            message: "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at 3:11)"),
        BadManifest(name: "empty", yaml: "\n", line: 1, column: 1, message: "the file is empty; expected a plugin manifest"),
        BadManifest(name: "not a mapping", yaml: "[name, x]\n", line: 1, column: 1, message: "a plugin manifest must be a mapping"),
        BadManifest(
            name: "unknown key", yaml: "name: x\nexecutable: x\nconsume: [segment]\n", line: 3, column: 1,
            message: "unknown key 'consume'; did you mean 'consumes'?"),
        BadManifest(name: "missing executable", yaml: "name: x\n", line: 1, column: 1, message: "missing required key 'executable'"),
        BadManifest(name: "empty name", yaml: "name: ''\nexecutable: x\n", line: 1, column: 7, message: "'name' must not be empty"),
        BadManifest(
            name: "name with a dot", yaml: "name: my.plugin\nexecutable: x\n", line: 1, column: 7,
            message: "plugin name 'my.plugin' may only hold letters, digits, '-' and '_'"),
        BadManifest(
            name: "newer manifest version", yaml: "manifest_version: 2\nname: x\nexecutable: x\n", line: 1, column: 19,
            message: "manifest_version 2 is newer than this vtrans understands (1)"),
        BadManifest(
            name: "unknown message kind", yaml: "name: x\nexecutable: x\nconsumes:\n  - audio_chunk\n  - transcript\n", line: 5, column: 5,
            message: "consumes: unknown message kind 'transcript'; expected one of: hello, stream_info"),
        BadManifest(
            name: "parameters not a list", yaml: "name: x\nexecutable: x\nparameters: { a: 1 }\n", line: 3, column: 13,
            message: "parameters must be a list of `- name: ...` entries, not a mapping"),
        BadManifest(
            name: "unknown parameter type", yaml: "name: x\nexecutable: x\nparameters:\n  - { name: n, type: int }\n", line: 4, column: 22,
            message: "parameter 'n': unknown type 'int'; expected one of: string, integer, number, boolean, path, language, choice, list"),
        BadManifest(
            name: "misspelt parameter key", yaml: "name: x\nexecutable: x\nparameters:\n  - { name: n, type: string, requird: true }\n",
            line: 4, column: 30, message: "parameter 'n': unknown key 'requird'; did you mean 'required'?"),
        BadManifest(
            name: "parameter without a type", yaml: "name: x\nexecutable: x\nparameters:\n  - name: n\n", line: 4, column: 5,
            message: "parameter 'n': missing required key 'type'"),
        BadManifest(
            name: "choice without choices", yaml: "name: x\nexecutable: x\nparameters:\n  - { name: n, type: choice }\n", line: 4, column: 5,
            message: "parameter 'n': a choice parameter needs a list of 'choices'"),
        BadManifest(
            name: "default of the wrong type", yaml: "name: x\nexecutable: x\nparameters:\n  - { name: n, type: integer, default: ten }\n",
            line: 4, column: 40, message: "parameter 'n': default must be a whole number, not 'ten'"),
        BadManifest(
            name: "default not among choices",
            yaml: "name: x\nexecutable: x\nparameters:\n  - { name: n, type: choice, choices: [a, b], default: c }\n", line: 4, column: 56,
            message: "parameter 'n': default must be one of a, b, not 'c'"),
        BadManifest(
            name: "default with an unknown variable",
            yaml: "name: x\nexecutable: x\nparameters:\n  - { name: n, type: path, default: '${outptu}/x' }\n", line: 4, column: 37,
            message: "parameter 'n': default: unknown variable '${outptu}'; did you mean 'output'?"),
        BadManifest(
            name: "duplicate parameter",
            yaml: "name: x\nexecutable: x\nparameters:\n  - { name: n, type: string }\n  - { name: n, type: path }\n", line: 5, column: 5,
            message: "parameter 'n' is already declared on line 4"),
        BadManifest(
            name: "bad limit", yaml: "name: x\nexecutable: x\nlimits:\n  memory: 2 gigs\n", line: 4, column: 11,
            message: "limit 'memory' cannot be '2 gigs'; write a positive amount such as 512MiB or 2GiB"),
        BadManifest(
            name: "checkpoints not a boolean", yaml: "name: x\nexecutable: x\ncheckpoints: sometimes\n", line: 3, column: 14,
            message: "checkpoints must be true or false, not 'sometimes'"),
    ]
}
