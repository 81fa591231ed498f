import Storage

/// The state of one form being received: the part being read and what is done.
final class FormCollector {
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
