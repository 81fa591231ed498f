import Foundation
import Pipeline

/// Plugin manifests shaped like the shipped stages, written to temporary directories for the tests.
enum TestPlugins {
    static let manifests: [String: String] = [
        "decoder": """
            manifest_version: 1
            name: decoder
            summary: Decode the input's audio to float32 mono 16 kHz chunks
            executable: vtrans-decoder
            consumes: []
            produces: [stream_info, audio_chunk]
            parameters:
              - name: input
                type: path
                required: true
                default: "${input}"
                summary: Media file to decode
              - name: sample_rate
                type: integer
                default: 16000
                summary: Output sample rate in Hz
            limits: { memory: 512MiB, wall_time: 2h }
            checkpoints: false
            """,
        "import": """
            name: import
            summary: Read an SRT or WebVTT file as transcript segments
            executable: vtrans-import
            produces: [segment]
            parameters:
              - { name: path, type: path, required: true, summary: Subtitle file to import }
              - { name: language, type: language, default: auto, summary: Language of the subtitles }
            limits: { memory: 256MiB }
            """,
        "recognizer": """
            name: recognizer
            executable: vtrans-recognizer
            consumes: [audio_chunk]
            produces: [segment]
            parameters:
              - { name: model, type: path, default: models/ggml-base.bin }
              - { name: language, type: language, default: auto }
              - { name: threads, type: integer, default: "04" }
              - { name: temperature, type: number, default: 0.0 }
              - { name: word_timestamps, type: boolean, default: no }
            limits: { memory: 2GiB, cpu_time: 2h }
            checkpoints: true
            """,
        "translator": """
            name: translator
            executable: vtrans-translator
            consumes: [segment]
            produces: [translated_segment]
            parameters:
              - { name: target_language, type: language, required: true, summary: Language to translate into }
              - { name: source_language, type: language, default: auto }
              - { name: backend, type: choice, choices: [apertium, whisper], default: apertium }
            """,
        "subtitles": """
            name: subtitles
            executable: vtrans-subtitles
            consumes: [segment, translated_segment]
            produces: [file_ready]
            parameters:
              - { name: output_dir, type: path, default: "${output}" }
              - { name: formats, type: list, choices: [srt, vtt], default: [srt, vtt] }
              - { name: max_line_length, type: integer, default: 42 }
            """,
        "muxer": """
            name: muxer
            executable: vtrans-muxer
            consumes: [file_ready]
            produces: [file_ready]
            parameters:
              - { name: input, type: path, default: "${input}" }
              - { name: output_dir, type: path, required: true }
              - { name: formats, type: list, choices: [mp4, mkv, mov, webm], default: mp4 }
              - { name: burn_in, type: boolean, default: false }
            limits: { memory: 1GiB, open_files: 64 }
            """,
    ]

    /// A registry of every test plugin, read from files in a temporary directory that is removed again.
    static func registry() throws -> PluginRegistry {
        let directory = try TemporaryDirectory(plugins: manifests)
        defer { directory.remove() }
        return try PluginRegistry(searchPaths: [directory.path])
    }

    /// A loader over ``registry()``.
    static func loader() throws -> PipelineLoader {
        PipelineLoader(registry: try registry())
    }
}

/// A fresh directory under the system's temporary directory.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-pipeline-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A directory holding `<name>/plugin.yaml` for each manifest.
    init(plugins: [String: String]) throws {
        try self.init()
        for (name, text) in plugins { try write(text, to: "\(name)/plugin.yaml") }
    }

    /// Writes `text` to `relativePath`, creating directories on the way; returns the full path.
    @discardableResult
    func write(_ text: String, to relativePath: String) throws -> String {
        let file = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
