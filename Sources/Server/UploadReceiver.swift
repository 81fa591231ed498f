import Foundation
import Hummingbird
import Storage

/// Reads a `multipart/form-data` request body as it arrives, writing file parts straight to the
/// blob store, so an upload is never held whole in memory.
///
/// File parts are stored as `<directory>/<sanitised name>`; text fields are kept (each at most
/// 64 KiB). Crossing a size limit stops the reading and answers 413; on any failure the files
/// written so far are removed.
struct UploadReceiver {
    /// The store files go to.
    let blobs: any BlobStore
    /// Largest file per file field; a file field not listed is refused.
    let fileLimits: [String: Int64]
    /// Largest request body in all.
    let maximumBodyBytes: Int64
    /// Largest text field.
    let maximumFieldBytes = 64 << 10

    /// Receives the body of `request`, storing files under `directory`.
    /// - Throws: ``APIError`` (400 malformed, 413 too large, 415 not multipart) or ``StorageError``.
    func receive(_ request: Request, into directory: BlobKey) async throws -> UploadedForm {
        guard let contentType = request.headers[.contentType], let boundary = Self.boundary(of: contentType) else {
            throw APIError(.unsupportedMediaType, code: "not_multipart", message: "send the job as multipart/form-data (a form with a 'file' field)")
        }
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > maximumBodyBytes {
            throw tooLarge()
        }
        let collector = FormCollector(receiver: self, directory: directory)
        do {
            var parser = MultipartParser(boundary: boundary)
            var received: Int64 = 0
            for try await chunk in request.body {
                received += Int64(chunk.readableBytes)
                guard received <= maximumBodyBytes else { throw tooLarge() }
                try chunk.withUnsafeReadableBytes { bytes in
                    try parser.feed(bytes) { event in try collector.handle(event) }
                }
                if parser.isComplete { break }
            }
            guard parser.isComplete else {
                throw APIError.badRequest("the multipart body ended before its closing boundary", code: "malformed_multipart")
            }
            return collector.form
        } catch let error as MultipartParser.SyntaxError {
            collector.discard()
            throw APIError.badRequest("malformed multipart body: \(error)", code: "malformed_multipart")
        } catch {
            collector.discard()
            throw error
        }
    }

    /// The 413 error; it names the limit of `field`, or of the video when the whole request is too large.
    func tooLarge(field: String? = nil) -> APIError {
        let name = field ?? "file"
        let limit = fileLimits[name] ?? maximumBodyBytes
        return APIError(
            .contentTooLarge, code: "too_large", message: "the '\(name)' upload is larger than the limit of \(limit) bytes",
            headers: [.connection: "close"])
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = String(part.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.utf8.count > 200 ? nil : value
        }
        return nil
    }
}

/// The state of one form being received: the part being read and what is done.
private final class FormCollector {
    let receiver: UploadReceiver
    let directory: BlobKey
    var form = UploadedForm()
    var written: [BlobKey] = []
    var current: Part?

    enum Part {
        case field(name: String, bytes: [UInt8])
        case file(field: String, name: String, key: BlobKey, writer: any BlobWriter)
        case ignored
    }

    init(receiver: UploadReceiver, directory: BlobKey) {
        self.receiver = receiver
        self.directory = directory
    }

    func handle(_ event: MultipartParser.Event) throws {
        switch event {
        case .partBegin(let headers):
            let disposition = ContentDisposition(headers["content-disposition"] ?? "")
            guard let name = disposition.name, !name.isEmpty else {
                current = .ignored
                return
            }
            if let fileName = disposition.fileName {
                guard receiver.fileLimits[name] != nil else {
                    throw APIError.badRequest("unexpected file field '\(name)'; files go in 'file' (and 'subtitles')", code: "unexpected_file")
                }
                guard form.files[name] == nil else {
                    throw APIError.badRequest("more than one file in field '\(name)'", code: "duplicate_file")
                }
                let safe = FileName.sanitized(fileName, fallback: name)
                let key = try directory.appending(name).appending(safe)
                current = .file(field: name, name: safe, key: key, writer: try receiver.blobs.makeWriter(key: key))
            } else {
                current = .field(name: name, bytes: [])
            }
        case .data(let bytes):
            switch current {
            case .field(let name, var value):
                guard value.count + bytes.count <= receiver.maximumFieldBytes else {
                    throw APIError(.contentTooLarge, code: "too_large", message: "field '\(name)' is longer than \(receiver.maximumFieldBytes) bytes")
                }
                current = .ignored
                value.append(contentsOf: bytes)
                current = .field(name: name, bytes: value)
            case .file(let field, _, _, let writer):
                guard writer.bytesWritten + Int64(bytes.count) <= receiver.fileLimits[field] ?? 0 else {
                    throw receiver.tooLarge(field: field)
                }
                try writer.write(bytes)
            case .ignored, nil:
                break
            }
        case .partEnd:
            switch current {
            case .field(let name, let value):
                form.fields[name, default: []].append(String(decoding: value, as: UTF8.self))
            case .file(let field, let name, let key, let writer):
                try writer.commit()
                written.append(key)
                form.files[field] = UploadedForm.File(name: name, key: key, bytes: writer.bytesWritten)
            case .ignored, nil:
                break
            }
            current = nil
        }
    }

    /// Removes every file written so far, and the one being written.
    func discard() {
        if case .file(_, _, _, let writer) = current { writer.abort() }
        current = nil
        for key in written { try? receiver.blobs.delete(prefix: key) }
    }
}
