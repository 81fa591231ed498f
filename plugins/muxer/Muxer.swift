import CFFmpeg
import Foundation
import Logging
import Media
import StageKit
import StageProtocol

/// Puts the subtitle files the pipeline wrote into copies of the input video, as soft
/// subtitle tracks, without re-encoding anything else.
///
/// It collects `file_ready` messages for subtitles (and the decoder's `stream_info`, to know the
/// input) and passes them on; at the end of input it writes one file per asked-for format and
/// sends a `file_ready` with role `video` for each.
struct Muxer: Stage {
    static let manifest = StageManifest(
        name: "muxer",
        summary: "Copy the input video's streams into new files (no re-encoding) and add a subtitle track per language",
        executable: "vtrans-muxer",
        consumes: [.streamInfo, .fileReady],
        produces: [.streamInfo, .fileReady],
        parameters: [
            .init("input", .path, summary: "The original video (default: the path in the decoder's stream_info)"),
            .init("output_dir", .path, required: true, summary: "Directory to write the videos to (created if missing)"),
            .init("formats", .list, summary: "Containers to write, from mp4, mkv, webm, mov (default: the input's own)"),
            .init("name", .string, summary: "Output file name without extension (default: the input's)"),
            .init("faststart", .boolean, default: "false", summary: "MP4/MOV: put the index in front so playback can start before the download ends (rewrites the file once more)"),
        ])

    private let inputParameter: String
    private let outputDirectory: String
    private let formats: [ContainerFormat]
    private let name: String
    private let faststart: Bool
    private let logger: Logger
    private var streamInfoPath: String?
    private var subtitleFiles: [FileReady] = []

    init(context: StageContext) throws {
        let parameters = context.parameters
        inputParameter = parameters.string("input")
        outputDirectory = parameters.string("output_dir")
        formats = try parameters.list("formats").map { text throws(StageFailure) in
            guard let format = ContainerFormat(rawValue: text.lowercased()) else {
                throw StageFailure(code: "bad_parameter", message: "parameter 'formats' has '\(text)'; expected a list from mp4, mkv, webm, mov")
            }
            return format
        }
        name = parameters.string("name")
        faststart = try parameters.boolean("faststart")
        logger = context.logger
        FFmpegLog.route(to: logger)
    }

    mutating func handle(_ message: Message, output: StageOutput) throws {
        switch message {
        case .streamInfo(let info):
            streamInfoPath = streamInfoPath ?? info.sourcePath
        case .fileReady(let file) where file.role == "subtitles":
            guard ["srt", "vtt"].contains(file.format) else {
                logger.warning("ignoring subtitles in a format the muxer does not read", metadata: ["path": "\(file.path)", "format": "\(file.format)"])
                break
            }
            subtitleFiles.append(file)
        default:
            break
        }
        try output.emit(message)
    }

    mutating func finish(output: StageOutput) throws {
        let inputPath = inputParameter.isEmpty ? streamInfoPath ?? "" : inputParameter
        guard !inputPath.isEmpty else {
            throw StageFailure(code: "bad_parameter", message: "the muxer does not know the input video: set parameter 'input', or run the decoder (probe_only is enough) before it")
        }
        let input = try InputFile(path: inputPath)
        let formats = formats.isEmpty ? [ContainerFormat.matching(path: inputPath, demuxer: input.formatName)] : formats
        for format in formats { _ = try StreamMap(input: input, format: format) }
        try createOutputDirectory()
        if subtitleFiles.isEmpty { logger.warning("no subtitle files arrived; the outputs are plain copies of the input") }

        var tracksByCodec: [UInt32: [SubtitleTrack]] = [:]
        for format in formats where tracksByCodec[format.subtitleCodec.rawValue] == nil {
            tracksByCodec[format.subtitleCodec.rawValue] = try tracks(for: format)
        }
        let baseName = name.isEmpty ? URL(fileURLWithPath: inputPath).deletingPathExtension().lastPathComponent : name
        for format in formats {
            let path = URL(fileURLWithPath: outputDirectory).appendingPathComponent("\(baseName).\(format.rawValue)").standardizedFileURL.path
            guard path != URL(fileURLWithPath: inputPath).standardizedFileURL.resolvingSymlinksInPath().path else {
                throw StageFailure(code: "bad_parameter", message: "the output \(path) would replace the input; set 'name' or 'output_dir'")
            }
            let tracks = tracksByCodec[format.subtitleCodec.rawValue] ?? []
            let remuxer = Remuxer(inputPath: inputPath, format: format, tracks: tracks, faststart: faststart, logger: logger)
            try remuxer.write(to: path, output: output)
            logger.info("wrote video", metadata: ["path": "\(path)", "subtitle_tracks": "\(tracks.map(\.language.bibliographic).joined(separator: ","))"])
            try output.emit(.fileReady(FileReady(role: "video", path: path, language: "", format: format.rawValue)))
        }
        try output.progress(fraction: 1, note: "wrote \(formats.map(\.rawValue).joined(separator: ", "))")
    }

    /// One track per language, in the order languages first arrived; when a language came as
    /// both SRT and WebVTT, the file matching the container's subtitle codec is used.
    private func tracks(for format: ContainerFormat) throws(StageFailure) -> [SubtitleTrack] {
        var languages: [LanguageTag] = []
        var files: [LanguageTag: FileReady] = [:]
        for file in subtitleFiles {
            let language = LanguageTag(file.language)
            if let chosen = files[language] {
                if chosen.format != format.preferredSubtitleFile && file.format == format.preferredSubtitleFile { files[language] = file }
                continue
            }
            languages.append(language)
            files[language] = file
        }
        return try languages.map { language throws(StageFailure) in
            let track = try SubtitleTrack(file: files[language]!, language: language, codec: format.subtitleCodec)
            if track.isEmpty { logger.warning("subtitle file has no cues; its track will be empty", metadata: ["path": "\(track.sourcePath)"]) }
            return track
        }
    }

    private func createOutputDirectory() throws(StageFailure) {
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw StageFailure(code: "io_error", message: "cannot create output_dir \(outputDirectory): \(error.localizedDescription)")
        }
    }
}
