/// A subtitle file format that vtrans reads and writes.
public enum SubtitleFormat: String, CaseIterable, Hashable, Sendable {
    /// SubRip (`.srt`): numbered cues, `HH:MM:SS,mmm` times.
    case srt
    /// WebVTT (`.vtt`): a `WEBVTT` header, `HH:MM:SS.mmm` times, optional cue settings and blocks.
    case webVTT = "vtt"

    /// The file name extension, without the dot: `srt` or `vtt`.
    public var fileExtension: String { rawValue }

    /// The format whose extension is `fileExtension` (any case, with or without the dot).
    public init?(fileExtension: String) {
        let bare = fileExtension.hasPrefix(".") ? String(fileExtension.dropFirst()) : fileExtension
        self.init(rawValue: bare.lowercased())
    }

    /// The format of `text`: WebVTT when it starts with the `WEBVTT` signature, else the format
    /// named by `fileExtension`, else SubRip.
    public init(sniffing text: String, fileExtension: String? = nil) {
        let head = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        if head.hasPrefix("WEBVTT") {
            self = .webVTT
        } else {
            self = fileExtension.flatMap(SubtitleFormat.init(fileExtension:)) ?? .srt
        }
    }
}
