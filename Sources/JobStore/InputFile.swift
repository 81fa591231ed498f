/// A file a client uploaded for a job.
public struct InputFile: Sendable, Hashable, Codable {
    /// The sanitised file name.
    public var name: String
    /// Where the file is stored (a storage key such as `uploads/<job>/talk.mp4`).
    public var key: String
    /// Size in bytes.
    public var bytes: Int64

    public init(name: String, key: String, bytes: Int64) {
        self.name = name
        self.key = key
        self.bytes = bytes
    }
}
