/// A file a job produced.
public struct Artifact: Sendable, Hashable, Codable {
    /// The file name, unique within the job (`talk.es.vtt`, `talk.mp4`).
    public var name: String
    /// What it is: `video` or `subtitles`.
    public var role: String
    /// Its language, for subtitles.
    public var language: String?
    /// Its format (`mp4`, `srt`, `vtt`).
    public var format: String?
    /// Where it is stored (a storage key).
    public var key: String
    /// Size in bytes.
    public var bytes: Int64

    public init(name: String, role: String, language: String?, format: String?, key: String, bytes: Int64) {
        self.name = name
        self.role = role
        self.language = language
        self.format = format
        self.key = key
        self.bytes = bytes
    }
}
