/// A blob being written: bytes are appended, then the blob is committed or abandoned.
///
/// Used by one task at a time. A writer that is neither committed nor aborted is aborted when it
/// is released, so an interrupted upload leaves nothing behind.
public protocol BlobWriter: AnyObject {
    /// Bytes written so far.
    var bytesWritten: Int64 { get }

    /// Appends `bytes`.
    /// - Throws: ``StorageError`` when the disk refuses them (full, I/O error).
    func write(_ bytes: UnsafeRawBufferPointer) throws(StorageError)

    /// Makes the blob visible under its key, replacing any blob there.
    func commit() throws(StorageError)

    /// Throws the bytes away.
    func abort()
}
