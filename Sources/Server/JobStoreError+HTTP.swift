import Hummingbird
import JobStore

extension JobStoreError {
    /// 404 for a missing job, 409 for a job in the wrong state, 503 when the database is unusable.
    var apiError: APIError {
        switch code {
        case .notFound: APIError(.notFound, code: "not_found", message: message)
        case .invalidState: APIError(.conflict, code: "invalid_state", message: message)
        default: APIError(.serviceUnavailable, code: code.description, message: "the job database is not available: \(message)")
        }
    }
}
