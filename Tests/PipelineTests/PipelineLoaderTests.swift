import StageProtocol
import Testing

@testable import Pipeline

@Suite struct PipelineLoaderTests {
    static let translateTalk = """
        name: translate-talk
        summary: Recognise, translate and subtitle a talk
        stages:
          - plugin: decoder
          - plugin: recognizer
            params: { language: en, threads: 8, word_timestamps: yes }
            limits: { memory: 3GiB }
            restart: { policy: on-failure, max_restarts: 5, within: 2m, backoff: 250ms, max_backoff: 4s }
          - name: to-spanish
            plugin: translator
            params:
              target_language: es
          - plugin: subtitles
            params: { formats: [srt] }
          - plugin: muxer
            params: { output_dir: "${output}", formats: [mp4, " mkv "] }
            restart: { policy: never }
        """

    @Test func validFileLoadsWithDefaultsMerged() throws {
        let pipeline = try TestPlugins.loader().load(
            yaml: Self.translateTalk, file: "pipelines/translate-talk.yaml",
            variables: ["input": "/videos/talk.mp4", "output": "/out"])
        #expect(pipeline.name == "translate-talk")
        #expect(pipeline.summary == "Recognise, translate and subtitle a talk")
        #expect(pipeline.file == "pipelines/translate-talk.yaml")
        #expect(pipeline.stages.map(\.name) == ["decoder", "recognizer", "to-spanish", "subtitles", "muxer"])
        #expect(pipeline.stages.map(\.plugin.manifest.name) == ["decoder", "recognizer", "translator", "subtitles", "muxer"])

        let decoder = pipeline.stages[0]
        #expect(decoder.parameters == ["input": "/videos/talk.mp4", "sample_rate": "16000"])
        #expect(decoder.limits == ResourceLimits(memoryBytes: 512 << 20, wallSeconds: 7200))
        #expect(decoder.restart == RestartPolicy())

        let recognizer = pipeline.stages[1]
        #expect(
            recognizer.parameters == [
                "model": "models/ggml-base.bin", "language": "en", "threads": "8", "temperature": "0.0", "word_timestamps": "true",
            ])
        #expect(recognizer.limits == ResourceLimits(memoryBytes: 3 << 30, cpuSeconds: 7200))
        #expect(
            recognizer.restart
                == RestartPolicy(mode: .onFailure, maxRestarts: 5, windowSeconds: 120, initialBackoffSeconds: 0.25, maxBackoffSeconds: 4))

        #expect(pipeline.stages[2].parameters == ["target_language": "es", "source_language": "auto", "backend": "apertium"])
        #expect(pipeline.stages[3].parameters == ["output_dir": "/out", "formats": "srt", "max_line_length": "42"])

        let muxer = pipeline.stages[4]
        #expect(muxer.parameters == ["input": "/videos/talk.mp4", "output_dir": "/out", "formats": "mp4,mkv", "burn_in": "false"])
        #expect(muxer.limits == ResourceLimits(memoryBytes: 1 << 30, openFiles: 64))
        #expect(muxer.restart.mode == .never)
    }

    @Test func commaSeparatedTextIsAListLikeAYAMLList() throws {
        let pipeline = try TestPlugins.loader().load(
            yaml: """
                stages:
                  - plugin: import
                    params: { path: a.srt }
                  - plugin: subtitles
                    params:
                      output_dir: out
                      formats: vtt, srt
                """,
            file: "x.yaml")
        #expect(pipeline.stages[1].parameters["formats"] == "vtt,srt")
    }

    @Test func knownVariablesWithoutValuesStayAsWrittenAndSkipTypeChecks() throws {
        let pipeline = try TestPlugins.loader().load(
            yaml: """
                stages:
                  - plugin: decoder
                    params: { sample_rate: "${job_dir}" }
                  - plugin: recognizer
                """,
            file: "validate.yaml")
        #expect(pipeline.name == "validate")
        #expect(pipeline.stages[0].parameters == ["input": "${input}", "sample_rate": "${job_dir}"])
    }

    @Test func variablesAreSubstitutedAndDollarDollarIsALiteralDollar() throws {
        let pipeline = try TestPlugins.loader().load(
            yaml: """
                stages:
                  - plugin: import
                    params: { path: "${input_dir}/$${input_stem}-${input_stem}.srt" }
                """,
            file: "x.yaml", variables: PipelineLoader.variables(input: "media/talk.final.mp4", output: nil, jobDirectory: nil))
        #expect(pipeline.stages[0].parameters["path"] == "media/${input_stem}-talk.final.srt")
    }

    @Test func variablesForAJob() {
        #expect(
            PipelineLoader.variables(input: "/videos/talk.mp4", output: "/out", jobDirectory: "/jobs/7") == [
                "input": "/videos/talk.mp4", "input_dir": "/videos", "input_stem": "talk", "output": "/out", "job_dir": "/jobs/7",
            ])
        #expect(PipelineLoader.variables(input: "talk.mp4", output: nil, jobDirectory: nil) == [
            "input": "talk.mp4", "input_dir": ".", "input_stem": "talk",
        ])
    }

    @Test func extraVariablesGivenByTheCallerAreKnown() throws {
        let pipeline = try TestPlugins.loader().load(
            yaml: "stages: [{ plugin: import, params: { path: '${subtitles}' } }]", file: "x.yaml", variables: ["subtitles": "a.srt"])
        #expect(pipeline.stages[0].parameters["path"] == "a.srt")
    }

    // MARK: Overrides

    @Test func overridesWinOverTheFileAndDefaultsTheLastOneWinsAndTheySatisfyRequiredParameters() throws {
        let overrides = try ["import.path=talk.srt", "import.language=fr", "import.language=de", "subtitles.formats=vtt, srt", "subtitles.max_line_length=37"]
            .map { text throws(PipelineError) in try ParameterOverride(parsing: text) }
        let pipeline = try TestPlugins.loader().load(
            yaml: """
                stages:
                  - plugin: import
                    params: { language: en }
                  - plugin: subtitles
                """,
            file: "import.yaml", overrides: overrides)
        #expect(pipeline.stages[0].parameters == ["path": "talk.srt", "language": "de"])
        #expect(pipeline.stages[1].parameters == ["output_dir": "${output}", "formats": "vtt,srt", "max_line_length": "37"])
    }

    @Test func overrideProblemsAreReportedAtTheCommandLine() throws {
        let overrides = [
            ParameterOverride(stage: "translater", parameter: "backend", value: "whisper"),
            ParameterOverride(stage: "translator", parameter: "targte_language", value: "es"),
            ParameterOverride(stage: "translator", parameter: "backend", value: "deepl"),
            ParameterOverride(stage: "translator", parameter: "source_language", value: "${inptu}"),
        ]
        let error = try #require(throws: PipelineError.self) {
            try TestPlugins.loader().load(
                yaml: "stages: [{plugin: import, params: {path: a.srt}}, {plugin: translator, params: {target_language: de}}]",
                file: "p.yaml", overrides: overrides)
        }
        #expect(error.code == .invalidOverride)
        #expect(error.diagnostics.allSatisfy { $0.file == "<command line>" && $0.line == 0 && $0.column == 0 })
        #expect(
            error.diagnostics.map(\.message) == [
                "--set translater.backend=whisper: no stage is named 'translater' in p.yaml; did you mean 'translator'?",
                "--set translator.targte_language=es: stage 'translator': unknown parameter 'targte_language'; did you mean 'target_language'?",
                "--set translator.source_language=${inptu}: stage 'translator': parameter 'source_language' refers to unknown variable '${inptu}'; did you mean 'input'?",
                "--set translator.backend=deepl: stage 'translator': parameter 'backend' must be one of apertium, whisper, not 'deepl'",
            ])
        #expect(error.description.hasPrefix("<command line>: --set translater.backend=whisper: "))
    }

    @Test func fileProblemsComeBeforeOverrideProblems() throws {
        let error = try #require(throws: PipelineError.self) {
            try TestPlugins.loader().load(
                yaml: "stages:\n  - plugin: import\n    params: { path: a.srt, langauge: en }\n",
                file: "p.yaml", overrides: [ParameterOverride(stage: "imprt", parameter: "path", value: "b.srt")])
        }
        #expect(error.code == .invalidPipeline)
        #expect(error.diagnostics.map(\.description) == [
            "p.yaml:3:28: stage 'import': unknown parameter 'langauge'; did you mean 'language'?",
            "<command line>: --set imprt.path=b.srt: no stage is named 'imprt' in p.yaml; did you mean 'import'?",
        ])
    }

    // MARK: Problems in files

    @Test func everyProblemInAFileIsReportedInFileOrder() throws {
        let error = try #require(throws: PipelineError.self) {
            try TestPlugins.loader().load(
                yaml: """
                    name: broken
                    stages:
                      - plugin: decoder
                        params: { sample_rate: fast }
                      - plugin: recognizer
                        limits: { memroy: 1GiB }
                      - plugin: translator
                        params: { targte_language: es }
                    """,
                file: "broken.yaml", variables: ["input": "in.mp4"])
        }
        #expect(error.code == .invalidPipeline)
        #expect(error.diagnostics.map(\.description) == [
            "broken.yaml:4:28: stage 'decoder': parameter 'sample_rate' must be a whole number, not 'fast'",
            "broken.yaml:6:15: stage 'recognizer': unknown limit 'memroy'; did you mean 'memory'?",
            "broken.yaml:7:5: stage 'translator': missing required parameter 'target_language' (Language to translate into); set it under `params:` or with --set translator.target_language=...",
            "broken.yaml:8:15: stage 'translator': unknown parameter 'targte_language'; did you mean 'target_language'?",
        ])
    }

    @Test(arguments: BadPipeline.all)
    func badFileIsReportedAtItsPosition(_ bad: BadPipeline) throws {
        let error = try #require(throws: PipelineError.self) {
            try TestPlugins.loader().load(yaml: bad.yaml, file: "bad.yaml", variables: ["input": "in.mp4", "output": "out"])
        }
        #expect(error.code == .invalidPipeline)
        let found = error.diagnostics.first { $0.message.contains(bad.message) }
        #expect(found != nil, "no diagnostic says \"\(bad.message)\"; got:\n\(error)")
        #expect(found?.file == "bad.yaml")
        #expect(found.map { "\($0.line):\($0.column)" } == "\(bad.line):\(bad.column)", "\(error)")
    }

    @Test func missingFileIsUnreadable() throws {
        let error = try #require(throws: PipelineError.self) {
            try TestPlugins.loader().load(file: "/nonexistent/pipeline.yaml")
        }
        #expect(error.code == .unreadableFile)
        #expect(error.description == "/nonexistent/pipeline.yaml: no such file")
    }

    @Test func loadsFromAFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(Self.translateTalk, to: "pipelines/translate-talk.yaml")
        let pipeline = try TestPlugins.loader().load(file: path)
        #expect(pipeline.file == path)
        #expect(pipeline.stages.count == 5)
    }
}

/// A pipeline file with a problem, and where and how it must be reported.
struct BadPipeline: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var column: Int
    var message: String

    var testDescription: String { name }

    static let all: [BadPipeline] = [
        BadPipeline(
            name: "tab indentation", yaml: "name: tabs\nstages:\n\t- plugin: decoder\n", line: 3, column: 1,
            message: "indent with spaces, YAML does not allow tabs"),
        BadPipeline(
            name: "unclosed flow mapping", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt\n  - plugin: subtitles\n",
            line: 4, column: 11, message: "invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at 3:13)"),
        BadPipeline(
            name: "unclosed flow sequence", yaml: "stages: [\n  { plugin: import }\n", line: 3, column: 1,
            message: "invalid YAML: did not find expected ',' or ']'"),
        BadPipeline(name: "empty file", yaml: "# nothing\n", line: 1, column: 1, message: "the file is empty; expected a pipeline"),
        BadPipeline(name: "not a mapping", yaml: "- plugin: decoder\n", line: 1, column: 1, message: "a pipeline must be a mapping"),
        BadPipeline(
            name: "duplicate key", yaml: "name: a\nname: b\nstages: [{plugin: decoder}]\n", line: 1, column: 1,
            message: "duplicate key 'name' in the same mapping"),
        BadPipeline(
            name: "unknown top-level key", yaml: "name: a\nstage:\n  - plugin: decoder\n", line: 2, column: 1,
            message: "unknown key 'stage'; did you mean 'stages'?"),
        BadPipeline(name: "missing stages", yaml: "name: a\n", line: 1, column: 1, message: "missing required key 'stages'"),
        BadPipeline(name: "no stages", yaml: "stages: []\n", line: 1, column: 9, message: "stages must list at least one stage"),
        BadPipeline(
            name: "stages not a list", yaml: "stages: decoder\n", line: 1, column: 9,
            message: "stages must be a list of `- plugin: ...` entries, not 'decoder'"),
        BadPipeline(
            name: "stage not a mapping", yaml: "stages:\n  - decoder\n", line: 2, column: 5,
            message: "stage 1: a stage must be a mapping of `key: value` lines, not 'decoder'"),
        BadPipeline(
            name: "unknown stage key", yaml: "stages:\n  - plugin: import\n    parms: { path: a.srt }\n", line: 3, column: 5,
            message: "stage 'import': unknown key 'parms'; did you mean 'params'?"),
        BadPipeline(
            name: "missing plugin", yaml: "stages:\n  - name: first\n", line: 2, column: 5,
            message: "stage 'first': missing required key 'plugin'"),
        BadPipeline(
            name: "unknown plugin", yaml: "stages:\n  - plugin: decoder\n  - plugin: recognizer\n  - plugin: translater\n", line: 4,
            column: 13,
            message:
                "stage 'translater': unknown plugin 'translater'; did you mean 'translator'? (installed plugins: decoder, import, muxer, recognizer, subtitles, translator)"
        ),
        BadPipeline(
            name: "unknown plugin without a close match", yaml: "stages:\n  - plugin: ocr\n", line: 2, column: 13,
            message: "stage 'ocr': unknown plugin 'ocr' (installed plugins: decoder,"),
        BadPipeline(
            name: "duplicate stage name",
            yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n  - plugin: translator\n    name: import\n    params: { target_language: es }\n",
            line: 5, column: 11, message: "duplicate stage name 'import' (first used on line 2); give each stage a unique `name:`"),
        BadPipeline(
            name: "stage name with a dot", yaml: "stages:\n  - plugin: import\n    name: my.import\n    params: { path: a.srt }\n",
            line: 3, column: 11, message: "stage 'my.import': stage name 'my.import' may only hold letters, digits, '-' and '_'"),
        BadPipeline(
            name: "missing required parameter", yaml: "stages:\n  - plugin: import\n    params: { language: en }\n", line: 2, column: 5,
            message: "stage 'import': missing required parameter 'path' (Subtitle file to import)"),
        BadPipeline(
            name: "empty required parameter", yaml: "stages:\n  - plugin: import\n    params: { path: '' }\n", line: 3, column: 21,
            message: "stage 'import': parameter 'path' is required and must not be empty"),
        BadPipeline(
            name: "parameter without a value", yaml: "stages:\n  - plugin: import\n    params:\n      path: a.srt\n      language:\n",
            line: 5, column: 16, message: "stage 'import': parameter 'language' has no value"),
        BadPipeline(
            name: "unknown parameter", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n  - plugin: translator\n    params:\n      targte_language: es\n",
            line: 6, column: 7, message: "stage 'translator': unknown parameter 'targte_language'; did you mean 'target_language'?"),
        BadPipeline(
            name: "unknown parameter without a close match", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt, encoding: utf8 }\n",
            line: 3, column: 28, message: "stage 'import': unknown parameter 'encoding'; expected one of: path, language"),
        BadPipeline(
            name: "params not a mapping", yaml: "stages:\n  - plugin: import\n    params: [path, a.srt]\n", line: 3, column: 13,
            message: "stage 'import': params must be a mapping of `key: value` lines, not a list"),
        BadPipeline(
            name: "integer", yaml: "stages:\n  - plugin: decoder\n  - plugin: recognizer\n    params: { threads: many }\n", line: 4,
            column: 24, message: "stage 'recognizer': parameter 'threads' must be a whole number, not 'many'"),
        BadPipeline(
            name: "number", yaml: "stages:\n  - plugin: decoder\n  - plugin: recognizer\n    params: { temperature: hot }\n", line: 4,
            column: 28, message: "stage 'recognizer': parameter 'temperature' must be a number, not 'hot'"),
        BadPipeline(
            name: "boolean", yaml: "stages:\n  - plugin: decoder\n  - plugin: recognizer\n    params: { word_timestamps: perhaps }\n",
            line: 4, column: 32, message: "stage 'recognizer': parameter 'word_timestamps' must be true or false, not 'perhaps'"),
        BadPipeline(
            name: "choice", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n  - plugin: translator\n    params: { target_language: es, backend: apertum }\n",
            line: 5, column: 45,
            message: "stage 'translator': parameter 'backend' must be one of apertium, whisper, not 'apertum'; did you mean 'apertium'?"),
        BadPipeline(
            name: "language", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt, language: english }\n", line: 3, column: 38,
            message:
                "stage 'import': parameter 'language' must be an ISO 639-1 or 639-2 language code such as 'en' or 'deu', or 'auto', not 'english'"),
        BadPipeline(
            name: "language in capitals", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt, language: EN }\n", line: 3,
            column: 38, message: "not 'EN'; did you mean 'en'?"),
        BadPipeline(
            name: "list item not a choice",
            yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n  - plugin: subtitles\n    params:\n      formats:\n        - srt\n        - ass\n",
            line: 7, column: 9, message: "stage 'subtitles': parameter 'formats' items must be one of srt, vtt, not 'ass'"),
        BadPipeline(
            name: "list item with a comma",
            yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n  - plugin: subtitles\n    params: { formats: ['srt,vtt'] }\n",
            line: 5, column: 24, message: "stage 'subtitles': parameter 'formats': item 'srt,vtt' must not contain ','"),
        BadPipeline(
            name: "list for a single value", yaml: "stages:\n  - plugin: import\n    params: { path: [a.srt, b.srt] }\n", line: 3,
            column: 21, message: "stage 'import': parameter 'path' must be a single value, not a list"),
        BadPipeline(
            name: "unknown variable", yaml: "stages:\n  - plugin: import\n    params: { path: '${inptu_dir}/a.srt' }\n", line: 3,
            column: 21,
            message: "stage 'import': parameter 'path' refers to unknown variable '${inptu_dir}'; did you mean 'input_dir'?"),
        BadPipeline(
            name: "unclosed variable", yaml: "stages:\n  - plugin: import\n    params: { path: '${input' }\n", line: 3, column: 21,
            message: "stage 'import': parameter 'path' refers to '${' is not closed by '}'"),
        BadPipeline(
            name: "bad memory limit", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    limits: { memory: lots }\n",
            line: 4, column: 23, message: "stage 'import': limit 'memory' cannot be 'lots'; write a positive amount such as 512MiB or 2GiB"),
        BadPipeline(
            name: "zero wall time", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    limits: { wall_time: 0s }\n",
            line: 4, column: 26, message: "stage 'import': limit 'wall_time' cannot be '0s'"),
        BadPipeline(
            name: "fractional open files",
            yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    limits:\n      open_files: 1.5\n", line: 5, column: 19,
            message: "stage 'import': limit 'open_files' cannot be '1.5'; write a positive amount such as 256"),
        BadPipeline(
            name: "unknown limit", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    limits: { cpu: 10m }\n", line: 4,
            column: 15, message: "stage 'import': unknown limit 'cpu'; expected one of: memory, cpu_time, wall_time, open_files"),
        BadPipeline(
            name: "unknown restart policy", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    restart: { policy: always }\n",
            line: 4, column: 24, message: "stage 'import': unknown restart policy 'always'; expected one of: never, on-failure"),
        BadPipeline(
            name: "misspelt restart policy", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    restart: { policy: on_failure }\n",
            line: 4, column: 24, message: "unknown restart policy 'on_failure'; did you mean 'on-failure'?"),
        BadPipeline(
            name: "negative max_restarts",
            yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    restart: { max_restarts: -1 }\n", line: 4, column: 30,
            message: "stage 'import': max_restarts must be a whole number of at least 0, not '-1'"),
        BadPipeline(
            name: "zero restart window", yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    restart: { within: 0 }\n",
            line: 4, column: 24, message: "stage 'import': within cannot be '0'; write a positive duration"),
        BadPipeline(
            name: "backoff longer than its maximum",
            yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    restart: { backoff: 20s, max_backoff: 5s }\n", line: 4,
            column: 43, message: "stage 'import': max_backoff (5.0s) must not be shorter than backoff (20.0s)"),
        BadPipeline(
            name: "unknown restart setting",
            yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n    restart: { max_restart: 2 }\n", line: 4, column: 16,
            message: "stage 'import': unknown restart setting 'max_restart'; did you mean 'max_restarts'?"),
        BadPipeline(
            name: "kinds do not meet", yaml: "stages:\n  - plugin: decoder\n  - plugin: translator\n    params: { target_language: es }\n",
            line: 3, column: 13,
            message:
                "stage 'translator' (plugin 'translator') consumes segment, but the stages before it give only audio_chunk, stream_info"),
        BadPipeline(
            name: "first stage is not a source", yaml: "stages:\n  - plugin: muxer\n    params: { output_dir: out }\n", line: 2, column: 13,
            message:
                "stage 'muxer' (plugin 'muxer') consumes file_ready, but it is the first stage and nothing feeds it; start with a source such as 'decoder', 'import'"
        ),
        BadPipeline(
            name: "source after the first stage",
            yaml: "stages:\n  - plugin: decoder\n  - name: subs\n    plugin: import\n    params: { path: a.srt }\n", line: 4, column: 13,
            message: "stage 'subs' (plugin 'import') is a source, it consumes nothing, so it must be the first stage"),
        BadPipeline(
            name: "consumed kinds are not forwarded",
            yaml: "stages:\n  - plugin: import\n    params: { path: a.srt }\n  - plugin: translator\n    params: { target_language: es }\n  - plugin: recognizer\n",
            line: 6, column: 13,
            message: "stage 'recognizer' (plugin 'recognizer') consumes audio_chunk, but the stages before it give only translated_segment"),
    ]
}
