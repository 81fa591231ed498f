import Foundation

/// Writes a blob to a hidden temporary file beside its final path and renames it on commit.
final class LocalBlobWriter: BlobWriter {
    private let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private(set) var bytesWritten: Int64 = 0

    init(path: String) throws(StorageError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        temporaryPath = "\(directory)/.partial-\(UUID().uuidString)-\((path as NSString).lastPathComponent)"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw StorageError(.io, "cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
    }

    deinit { abort() }

    func write(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        guard descriptor >= 0 else { throw StorageError(.io, "\(path): write after commit or abort") }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                let code: StorageError.Code = errno == ENOSPC || errno == EDQUOT ? .full : .io
                throw StorageError(code, "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        bytesWritten += Int64(bytes.count)
    }

    func commit() throws(StorageError) {
        guard descriptor >= 0 else { throw StorageError(.io, "\(path): commit after commit or abort") }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            unlink(temporaryPath)
            throw StorageError(.io, "cannot close \(path): \(String(cString: strerror(errno)))")
        }
        guard rename(temporaryPath, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw StorageError(.io, "cannot move \(temporaryPath) to \(path): \(message)")
        }
    }

    func abort() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }
}
