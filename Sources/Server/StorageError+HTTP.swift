import Hummingbird
import Storage

extension StorageError {
    /// 400 for a bad name, 404 for a missing file, 507 for a full disk, 500 otherwise.
    var apiError: APIError {
        switch code {
        case .invalidKey: APIError(.badRequest, code: "invalid_name", message: message)
        case .notFound: APIError(.notFound, code: "not_found", message: message)
        case .full: APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), code: "storage_full", message: "the server's disk is full; try again later")
        default: APIError(.internalServerError, code: code.description, message: "the server cannot store files: \(message)")
        }
    }
}
