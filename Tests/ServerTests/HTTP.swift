import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A minimal HTTP client for the tests, over AsyncHTTPClient (URLSession's async `data(for:)`
/// on Linux once never returned while the suite ran beside others, hanging CI).
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

    /// Sends one request and reads the whole answer; gives up after two minutes.
    static func send(_ method: String, _ url: URL, headers: [String: String] = [:], body: Data? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        var fields: [String: String] = [:]
        for (name, value) in response.headers { fields[name] = fields[name].map { "\($0), \(value)" } ?? value }
        let bytes = try await response.body.collect(upTo: 1 << 30)
        return Reply(status: Int(response.status.code), headers: fields, body: Data(buffer: bytes))
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
