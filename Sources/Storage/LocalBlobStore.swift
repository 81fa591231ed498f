import Foundation
import Logging

/// Blobs as files under one directory: key `a/b/c` is the file `<root>/a/b/c`.
public struct LocalBlobStore: BlobStore {
    /// The directory holding every blob.
    public let root: String
    private let logger: Logger

    /// A store under `root`, created if missing.
    /// - Throws: ``StorageError`` `io` when the directory cannot be created.
    public init(root: String, logger: Logger) throws(StorageError) {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.io, "cannot create the storage directory \(absolute): \(error.localizedDescription)")
        }
        self.root = absolute
        self.logger = logger
    }

    public func makeWriter(key: BlobKey) throws(StorageError) -> any BlobWriter {
        let path = localPath(for: key)
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.io, "cannot create \(directory): \(error.localizedDescription)")
        }
        return try LocalBlobWriter(path: path)
    }

    public func localPath(for key: BlobKey) -> String {
        ([root] + key.components).joined(separator: "/")
    }

    public func list(prefix: BlobKey) throws(StorageError) -> [BlobInfo] {
        let directory = localPath(for: prefix)
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var blobs: [BlobInfo] = []
        while let relative = enumerator.nextObject() as? String {
            let path = directory + "/" + relative
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            else { continue }
            let key = try BlobKey(components: prefix.components + relative.split(separator: "/").map(String.init))
            blobs.append(BlobInfo(key: key, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0))
        }
        return blobs.sorted { $0.key.description < $1.key.description }
    }

    public func size(of key: BlobKey) -> Int64? {
        var info = stat()
        guard stat(localPath(for: key), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    public func delete(prefix: BlobKey) throws(StorageError) {
        let path = localPath(for: prefix)
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw StorageError(.io, "cannot remove \(path): \(error.localizedDescription)")
        }
    }

    public func checkWritable(under prefix: BlobKey) throws(StorageError) {
        let key = try prefix.appending(".health-\(UUID().uuidString)")
        let writer = try makeWriter(key: key)
        let probe = Array("vtrans health check\n".utf8)
        var failure: StorageError?
        probe.withUnsafeBytes { bytes in
            do throws(StorageError) { try writer.write(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
        try writer.commit()
        defer { unlink(localPath(for: key)) }
        guard let data = FileManager.default.contents(atPath: localPath(for: key)), Array(data) == probe else {
            throw StorageError(.io, "the health-check file in \(localPath(for: prefix)) did not read back as written")
        }
    }

    public func availableBytes(under prefix: BlobKey) throws(StorageError) -> Int64 {
        var info = statvfs()
        let path = FileManager.default.fileExists(atPath: localPath(for: prefix)) ? localPath(for: prefix) : root
        guard statvfs(path, &info) == 0 else {
            throw StorageError(.io, "cannot read free space of \(path): \(String(cString: strerror(errno)))")
        }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
