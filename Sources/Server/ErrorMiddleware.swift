import Hummingbird
import JobStore
import Logging
import Pipeline
import Storage

/// Turns every error a route throws into the one JSON error shape, and logs server faults.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return try apiError.response(from: request, context: context)
        }
    }

    /// The HTTP form of `error`.
    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError: error
        case let error as PipelineError: error.apiError
        case let error as JobStoreError: error.apiError
        case let error as StorageError: error.apiError
        case let error as HTTPError:
            APIError(error.status, code: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                     message: error.body ?? error.status.reasonPhrase)
        default: APIError(.internalServerError, code: "internal_error", message: "the server failed to answer; see its log")
        }
    }
}
