import Foundation
import Hummingbird
import JobStore
import Storage

/// `/api/jobs/{id}/artifacts/{name}`: a job's results, with HTTP Range support so a browser can
/// seek in the video. Names are looked up among the job's recorded artifacts, never used as paths.
struct ArtifactRoutes: Sendable {
    let components: ServerComponents
    let fileIO = FileIO()

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/jobs/:id/artifacts/:name") { request, context in try await self.download(request, context: context, head: false) }
        router.head("/api/jobs/:id/artifacts/:name") { request, context in try await self.download(request, context: context, head: true) }
    }

    func download(_ request: Request, context: ServerRequestContext, head: Bool) async throws -> Response {
        let id = try context.parameters.require("id")
        let name = try context.parameters.require("name").removingPercentEncoding ?? ""
        guard let job = try await components.store.job(id: id) else { throw APIError.notFound("no job \(id)") }
        guard let artifact = job.artifacts.first(where: { $0.name == name }) else {
            throw APIError.notFound("job \(id) has no file '\(name)'\(job.artifacts.isEmpty ? "" : "; it has \(job.artifacts.map(\.name).joined(separator: ", "))")")
        }
        let key = try BlobKey(artifact.key)
        guard let size = components.blobs.size(of: key) else { throw APIError.notFound("the file '\(name)' of job \(id) is gone") }
        let path = components.blobs.localPath(for: key)

        var headers: HTTPFields = [
            .contentType: Self.mediaType(format: artifact.format ?? (name as NSString).pathExtension),
            .acceptRanges: "bytes",
            .eTag: "\"\(id.prefix(8))-\(size)\"",
            .cacheControl: "private, max-age=3600",
        ]
        if request.uri.queryParameters.get("download") != nil {
            let ascii = name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? String($0) : "_" }.joined()
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
            headers[.contentDisposition] = "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
        }
        let range = request.headers[.ifRange].map { $0 == headers[.eTag] } == false ? .whole : ByteRange(header: request.headers[.range], size: size)
        switch range {
        case .unsatisfiable:
            throw APIError(.rangeNotSatisfiable, code: "range_not_satisfiable", message: "the file is \(size) bytes long", headers: [.contentRange: "bytes */\(size)"])
        case .whole:
            headers[.contentLength] = "\(size)"
            guard !head, size > 0 else { return Response(status: .ok, headers: headers) }
            return Response(status: .ok, headers: headers, body: try await fileIO.loadFile(path: path, range: 0...Int(size - 1), context: context))
        case .part(let bytes):
            headers[.contentRange] = "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(size)"
            headers[.contentLength] = "\(bytes.count)"
            guard !head else { return Response(status: .partialContent, headers: headers) }
            return Response(
                status: .partialContent, headers: headers,
                body: try await fileIO.loadFile(path: path, range: Int(bytes.lowerBound)...Int(bytes.upperBound), context: context))
        }
    }

    /// The media type of a result file.
    static func mediaType(format: String) -> String {
        switch format.lowercased() {
        case "mp4", "m4v": "video/mp4"
        case "mkv": "video/x-matroska"
        case "webm": "video/webm"
        case "mov": "video/quicktime"
        case "vtt": "text/vtt; charset=utf-8"
        case "srt": "application/x-subrip; charset=utf-8"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }
}
