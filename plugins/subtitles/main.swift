import Foundation
import StageKit
import StageProtocol
import Subtitles

#if canImport(Glibc)
import Glibc
#endif

/// Writes the segments it receives as subtitle files, one per language and format, laid out by
/// the common subtitle rules; announces each file with a `file_ready` message.
struct SubtitlesStage: Stage {
    static let manifest = StageManifest(
        name: "subtitles",
        summary: "Write segments and translated segments as SRT and WebVTT files, one per language",
        executable: "vtrans-subtitles",
        consumes: [.streamInfo, .segment, .translatedSegment],
        produces: [.streamInfo, .fileReady],
        parameters: [
            .init("output_dir", .path, required: true, summary: "Directory to write the files to (created if missing)"),
            .init("name", .string, summary: "Base file name, as in NAME.es.srt; default: the input media's name, else 'subtitles'"),
            .init("formats", .list, default: "srt,vtt", choices: ["srt", "vtt"], summary: "Formats to write"),
            .init("max_line_length", .integer, default: "42", summary: "Longest line, in characters"),
            .init("max_lines", .integer, default: "2", summary: "Most lines per cue"),
            .init("max_chars_per_second", .number, default: "17", summary: "Fastest reading speed, in characters per second"),
            .init("min_duration", .number, default: "0.833", summary: "Shortest time a cue is shown, in seconds, where the silence after it allows"),
            .init("max_duration", .number, default: "7", summary: "Longest time a cue is shown, in seconds"),
            .init("min_gap", .number, default: "0.083", summary: "Shortest gap between two cues, in seconds"),
        ])

    private let outputDirectory: String
    private let name: String?
    private let formats: [SubtitleFormat]
    private let rules: CueRules
    private let context: StageContext
    private var sourceName: String?
    private var mediaDuration = -1.0
    private var segments: [String: [Segment]] = [:]
    private var received = 0

    init(context: StageContext) throws {
        let parameters = context.parameters
        outputDirectory = parameters.string("output_dir")
        let name = parameters.string("name")
        guard !name.contains("/"), name != ".", name != ".." else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'name' is '\(name)'; expected a file name without '/'")
        }
        self.name = name.isEmpty ? nil : name
        formats = try parameters.list("formats").map { item throws(StageFailure) in
            guard let format = SubtitleFormat(fileExtension: item) else {
                throw StageFailure(code: "bad_parameter", message: "parameter 'formats' has '\(item)'; expected srt and/or vtt")
            }
            return format
        }
        guard !formats.isEmpty else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'formats' is empty; expected srt and/or vtt")
        }
        rules = CueRules(
            maxLineLength: try Self.value(parameters.integer("max_line_length"), "max_line_length", atLeast: 1),
            maxLines: try Self.value(parameters.integer("max_lines"), "max_lines", atLeast: 1),
            maxCharactersPerSecond: try Self.value(parameters.number("max_chars_per_second"), "max_chars_per_second", above: 0),
            minDuration: try Self.value(parameters.number("min_duration"), "min_duration", atLeast: 0),
            maxDuration: try Self.value(parameters.number("max_duration"), "max_duration", above: 0),
            minGap: try Self.value(parameters.number("min_gap"), "min_gap", atLeast: 0))
        guard rules.maxDuration >= rules.minDuration else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'max_duration' (\(rules.maxDuration)) is below 'min_duration' (\(rules.minDuration))")
        }
        self.context = context
    }

    mutating func handle(_ message: Message, output: StageOutput) throws {
        switch message {
        case .streamInfo(let info):
            let file = (info.sourcePath as NSString).lastPathComponent
            sourceName = file.isEmpty ? nil : (file as NSString).deletingPathExtension
            mediaDuration = info.duration
            try output.emit(message)
        case .segment(let segment), .translatedSegment(let segment):
            segments[segment.language, default: []].append(segment)
            received += 1
            let fraction = mediaDuration > 0 ? min(0.99, segment.end / mediaDuration) : -1
            try output.progress(fraction: fraction, done: Double(received), unit: "segments")
        default:
            try output.emit(message)
        }
    }

    mutating func finish(output: StageOutput) throws {
        guard !segments.isEmpty else {
            context.logger.warning("no segments arrived; no subtitle files written")
            try output.progress(fraction: 1, unit: "segments", note: "no segments")
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw StageFailure(code: "io_error", message: "cannot create output directory \(outputDirectory): \(error.localizedDescription)")
        }
        let base = name ?? sourceName ?? "subtitles"
        for language in segments.keys.sorted() {
            let layout = rules.layout(segments[language] ?? [])
            for warning in layout.warnings {
                context.logger.warning("\(warning)", metadata: ["language": "\(language)"])
            }
            for format in formats {
                let file = "\(base).\(language.isEmpty ? "und" : language).\(format.fileExtension)"
                let path = (outputDirectory as NSString).appendingPathComponent(file)
                try Self.write(format.render(layout.cues), to: path)
                try output.emit(.fileReady(FileReady(role: "subtitles", path: path, language: language, format: format.fileExtension)))
            }
            context.logger.info("wrote \(layout.cues.count) cues", metadata: ["language": "\(language)", "segments": "\(segments[language]?.count ?? 0)"])
        }
        try output.progress(fraction: 1, done: Double(received), total: Double(received), unit: "segments")
    }

    /// Writes `text` under a temporary name beside `path`, then renames it into place.
    private static func write(_ text: String, to path: String) throws(StageFailure) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw StageFailure(code: "io_error", message: "cannot write \(temporary): \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw StageFailure(code: "io_error", message: "cannot rename \(temporary) to \(path): \(reason)")
        }
    }

    private static func value<T: Comparable>(_ value: T?, _ name: String, atLeast minimum: T) throws(StageFailure) -> T {
        guard let value, value >= minimum else {
            throw StageFailure(code: "bad_parameter", message: "parameter '\(name)' must be at least \(minimum)")
        }
        return value
    }

    private static func value(_ value: Double?, _ name: String, above minimum: Double) throws(StageFailure) -> Double {
        guard let value, value > minimum else {
            throw StageFailure(code: "bad_parameter", message: "parameter '\(name)' must be above \(minimum)")
        }
        return value
    }
}

StageMain.run(SubtitlesStage.self)
