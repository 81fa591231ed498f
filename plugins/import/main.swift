import Foundation
import StageKit
import StageProtocol
import Subtitles

/// Reads an existing SRT or WebVTT file into transcript segments, one per cue, so that existing
/// subtitles can be translated and muxed. Forwards everything it receives; sends its segments
/// after the stream info when there is one upstream, else when its input ends.
struct ImportStage: Stage {
    static let manifest = StageManifest(
        name: "import",
        summary: "Read an SRT or WebVTT file into transcript segments, one per cue",
        executable: "vtrans-import",
        consumes: [.streamInfo],
        produces: [.streamInfo, .segment],
        parameters: [
            .init("path", .path, required: true, summary: "Subtitle file to read: .srt or .vtt (other names are recognised by their content)"),
            .init("language", .language, summary: "ISO 639-1 code of the subtitles' language; unset or auto: from a name such as talk.es.srt, else unknown"),
        ])

    private var segments: [Segment]
    private var sent = false

    init(context: StageContext) throws {
        let path = context.parameters.string("path")
        let bytes = try Self.contents(of: path)
        let (text, encoding) = SubtitleTextDecoding.decode(bytes)
        if encoding != "UTF-8" {
            context.logger.notice("\(path) is not UTF-8; read it as \(encoding)")
        }
        let fileExtension = (path as NSString).pathExtension
        let format = SubtitleFormat(sniffing: text, fileExtension: fileExtension)
        let cues: [Cue]
        do {
            cues = try format.parse(text)
        } catch {
            throw StageFailure(code: "bad_subtitles", message: "\(path):\(error.line): \(error.message)")
        }
        let language = try Self.language(context.parameters.string("language"), path: path)
        var segments: [Segment] = []
        for cue in cues where !cue.lines.isEmpty {
            segments.append(Segment(id: UInt64(segments.count + 1), start: cue.start, end: cue.end, text: cue.text, language: language))
        }
        guard !segments.isEmpty else {
            throw StageFailure(code: "bad_subtitles", message: "\(path) holds no cues with text; nothing to import")
        }
        context.logger.info("read \(segments.count) cues from \(path)", metadata: [
            "format": "\(format.rawValue)", "language": "\(language.isEmpty ? "unknown" : language)", "empty_cues": "\(cues.count - segments.count)",
        ])
        self.segments = segments
    }

    mutating func handle(_ message: Message, output: StageOutput) throws {
        try output.emit(message)
        try send(output)
    }

    mutating func finish(output: StageOutput) throws {
        try send(output)
    }

    private mutating func send(_ output: StageOutput) throws {
        guard !sent else { return }
        sent = true
        for (index, segment) in segments.enumerated() {
            try output.emit(.segment(segment))
            try output.progress(fraction: Double(index + 1) / Double(segments.count), done: Double(index + 1), total: Double(segments.count), unit: "segments")
        }
    }

    private static func contents(of path: String) throws(StageFailure) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StageFailure(code: "file_not_found", message: "subtitle file \(path) does not exist; check the import stage's 'path' parameter")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw StageFailure(code: "io_error", message: "cannot read subtitle file \(path): \(isDirectory.boolValue ? "it is a directory" : "permission denied or read error")")
        }
        return [UInt8](data)
    }

    /// The language given, or the two-letter one a file name such as `talk.es.srt` names, or empty.
    private static func language(_ given: String, path: String) throws(StageFailure) -> String {
        if !given.isEmpty && given != "auto" {
            guard isLanguageCode(given.lowercased()) else {
                throw StageFailure(code: "bad_parameter", message: "parameter 'language' is '\(given)'; expected an ISO 639-1 code such as 'en' or 'es'")
            }
            return given.lowercased()
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let suffix = (stem as NSString).pathExtension.lowercased()
        return suffix.utf8.count == 2 && isLanguageCode(suffix) ? suffix : ""
    }

    private static func isLanguageCode(_ text: String) -> Bool {
        (2...3).contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }
}

StageMain.run(ImportStage.self)
