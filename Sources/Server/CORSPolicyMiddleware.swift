import Hummingbird

/// CORS for the configured origins only (`VTRANS_CORS_ORIGINS`; `*` allows any). Requests from
/// other origins get no CORS headers, so browsers keep them same-origin.
struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains("*") || origins.contains(origin) else {
            return try await next(request, context)
        }
        let allowOrigin = origins.contains("*") ? "*" : origin
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers: HTTPFields = [
                .accessControlAllowOrigin: allowOrigin,
                .accessControlAllowMethods: "GET, HEAD, POST, DELETE, OPTIONS",
                .accessControlAllowHeaders: request.headers[.accessControlRequestHeaders] ?? "Content-Type, Idempotency-Key, Range",
                .accessControlMaxAge: "600",
            ]
            if allowOrigin != "*" { headers[.vary] = "Origin" }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = allowOrigin
        response.headers[.accessControlExposeHeaders] = "Content-Range, Accept-Ranges, Content-Length, Location, Retry-After"
        if allowOrigin != "*" { response.headers[.vary] = "Origin" }
        return response
    }
}
