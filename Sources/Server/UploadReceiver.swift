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
