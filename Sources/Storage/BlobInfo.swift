/// One stored blob.
public struct BlobInfo: Sendable, Hashable {
    /// Its key.
    public var key: BlobKey
    /// Its size in bytes.
    public var bytes: Int64

    public init(key: BlobKey, bytes: Int64) {
        self.key = key
        self.bytes = bytes
    }
}
