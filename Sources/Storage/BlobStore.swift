/// Where uploads and results live, by key.
///
/// Stages read and write local files, so every store exposes a local path per key:
/// ``LocalBlobStore`` keeps the files there for good; an object store (S3, later) keeps a local
/// working copy there and uploads what a job produced. The store never interprets file contents
/// and knows nothing of jobs beyond the keys it is given.
public protocol BlobStore: Sendable {
    /// Starts writing the blob `key`; it becomes visible only when the writer commits.
    /// - Throws: ``StorageError`` when the file cannot be created.
    func makeWriter(key: BlobKey) throws(StorageError) -> any BlobWriter

    /// The local file (or directory) that holds `key`.
    func localPath(for key: BlobKey) -> String

    /// The blobs under `prefix` (a directory-like key), recursively, sorted by key.
    func list(prefix: BlobKey) throws(StorageError) -> [BlobInfo]

    /// Size of `key` in bytes, or `nil` when there is no such blob.
    func size(of key: BlobKey) -> Int64?

    /// Removes `key` and everything under it; a missing key is no error.
    func delete(prefix: BlobKey) throws(StorageError)

    /// Creates, writes, reads back and removes a small blob under `prefix`.
    /// - Throws: ``StorageError`` naming what failed.
    func checkWritable(under prefix: BlobKey) throws(StorageError)

    /// Bytes free for new blobs under `prefix` on the local disk (prefixes may be different
    /// volumes, as `uploads/` and `output/` are in the container image).
    func availableBytes(under prefix: BlobKey) throws(StorageError) -> Int64
}
