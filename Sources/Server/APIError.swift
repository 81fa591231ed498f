import Foundation
import Hummingbird

/// An error answered over HTTP, always as `{"error": {"code": "...", "message": "..."}}`.
///
/// Other modules' errors become one through the `+HTTP` extensions of this module
/// (``ErrorMiddleware`` applies them), so every error body has the same shape.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// Stable snake_case code clients can branch on.
    public var code: String
    /// What went wrong and what to do, for a person.
    public var message: String
    /// More detail: one line per problem (pipeline diagnostics, failed checks).
    public var details: [String]
    /// Extra response headers (`Retry-After`, `Allow`).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, details: [String] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The JSON body.
    var body: ByteBuffer {
        struct Body: Encodable {
            struct Detail: Encodable {
                var code: String
                var message: String
                var details: [String]?
            }
            var error: Detail
        }
        let data = (try? JSONEncoder().encode(Body(error: .init(code: code, message: message, details: details.isEmpty ? nil : details)))) ?? Data()
        return ByteBuffer(bytes: data)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

extension APIError {
    /// 404 for something that does not exist.
    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message: message) }
    /// 400 for a malformed request.
    static func badRequest(_ message: String, code: String = "bad_request") -> APIError { APIError(.badRequest, code: code, message: message) }
}
