import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal HTTP client over URLSession for the tests.
enum HTTP {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        /// The body as JSON.
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// `error.code` of an error body.
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        configuration.httpMaximumConnectionsPerHost = 8
        return URLSession(configuration: configuration)
    }()

    static func send(_ method: String, _ url: URL, headers: [String: String] = [:], body: Data? = nil) async throws -> Reply {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    static func get(_ url: URL, headers: [String: String] = [:]) async throws -> Reply { try await send("GET", url, headers: headers) }

    /// A `multipart/form-data` body: text fields then files, in order.
    struct Form {
        let boundary = "vtrans-test-\(UUID().uuidString)"
        private(set) var body = Data()

        mutating func field(_ name: String, _ value: String) {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }

        mutating func file(_ name: String, fileName: String, contents: Data, type: String = "application/octet-stream") {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
            body += contents
            body += Data("\r\n".utf8)
        }

        var finished: Data { body + Data("--\(boundary)--\r\n".utf8) }
        var contentType: String { "multipart/form-data; boundary=\(boundary)" }
    }

    static func post(_ url: URL, form: Form, headers: [String: String] = [:]) async throws -> Reply {
        try await send("POST", url, headers: headers.merging(["Content-Type": form.contentType]) { $1 }, body: form.finished)
    }
}
