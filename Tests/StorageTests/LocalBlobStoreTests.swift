import Foundation
import Logging
import Storage
import Testing

private func makeStore() throws -> LocalBlobStore {
    try LocalBlobStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(UUID().uuidString)").path, logger: Logger(label: "test"))
}

private func write(_ text: String, to writer: any BlobWriter) throws {
    var failure: StorageError?
    Array(text.utf8).withUnsafeBytes { bytes in
        do throws(StorageError) { try writer.write(bytes) } catch { failure = error }
    }
    if let failure { throw failure }
}

@Suite struct LocalBlobStoreTests {
    @Test func aBlobAppearsOnlyWhenCommitted() throws {
        let store = try makeStore()
        let key = try BlobKey("uploads/job/file/talk.mp4")
        let writer = try store.makeWriter(key: key)
        try write("hello ", to: writer)
        try write("world", to: writer)
        #expect(store.size(of: key) == nil)
        try writer.commit()
        #expect(writer.bytesWritten == 11)
        #expect(store.size(of: key) == 11)
        #expect(try String(contentsOfFile: store.localPath(for: key), encoding: .utf8) == "hello world")
        #expect(try store.list(prefix: BlobKey("uploads")).map(\.key.description) == ["uploads/job/file/talk.mp4"])
    }

    @Test func anAbortedOrDroppedWriterLeavesNothing() throws {
        let store = try makeStore()
        let key = try BlobKey("uploads/job/file/talk.mp4")
        do {
            let writer = try store.makeWriter(key: key)
            try write("partial", to: writer)
            writer.abort()
        }
        do {
            let writer = try store.makeWriter(key: key)
            try write("dropped", to: writer)
        }
        let directory = store.localPath(for: try BlobKey("uploads/job/file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func deleteRemovesAWholePrefix() throws {
        let store = try makeStore()
        for name in ["a.srt", "b.vtt"] {
            let writer = try store.makeWriter(key: try BlobKey("output/job/\(name)"))
            try write(name, to: writer)
            try writer.commit()
        }
        try store.delete(prefix: BlobKey("output/job"))
        #expect(try store.list(prefix: BlobKey("output")).isEmpty)
        try store.delete(prefix: BlobKey("output/never"))
    }

    @Test func healthAndFreeSpace() throws {
        let store = try makeStore()
        let uploads = try BlobKey("uploads")
        try store.checkWritable(under: uploads)
        #expect(try store.availableBytes(under: uploads) > 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.localPath(for: uploads)).isEmpty)
    }

    @Test(arguments: ["", "../etc/passwd", "uploads/../../x", "/abs/path", "a//b", "a/./b", "a/b/.."])
    func unsafeKeysAreRejected(path: String) {
        #expect(throws: StorageError.self) { try BlobKey(path) }
    }
}
