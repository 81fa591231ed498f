import Foundation
import Testing

@testable import Server

/// Parses `body` fed in pieces of `chunk` bytes; returns (headers, body) per part.
private func parse(_ body: [UInt8], boundary: String, chunk: Int) throws -> (parts: [([String: String], [UInt8])], complete: Bool) {
    var parser = MultipartParser(boundary: boundary)
    var parts: [([String: String], [UInt8])] = []
    var offset = 0
    while offset < body.count {
        let end = min(offset + chunk, body.count)
        try Array(body[offset..<end]).withUnsafeBytes { bytes in
            try parser.feed(bytes) { event in
                switch event {
                case .partBegin(let headers): parts.append((headers, []))
                case .data(let data): parts[parts.count - 1].1 += data
                case .partEnd: break
                }
            }
        }
        offset = end
    }
    return (parts, parser.isComplete)
}

@Suite struct MultipartParserTests {
    static let boundary = "----vtrans1234"
    /// Binary content full of CR, LF and near-misses of the delimiter.
    static let payload: [UInt8] = Array("\r\n--\r\n------vtrans123\r\n----vtrans12345x".utf8) + (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) } + [13, 10, 45, 45]

    static var body: [UInt8] {
        var text = "preamble to ignore\r\n"
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\nimport-subtitles\r\n"
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
        return Array(text.utf8) + payload + Array("\r\n--\(boundary)--\r\nepilogue".utf8)
    }

    @Test(arguments: [1, 2, 3, 7, 41, 64, 1000, 100_000])
    func partsSurviveAnyChunking(chunk: Int) throws {
        let (parts, complete) = try parse(Self.body, boundary: Self.boundary, chunk: chunk)
        #expect(complete)
        #expect(parts.count == 2)
        #expect(parts[0].0["content-disposition"] == "form-data; name=\"pipeline\"")
        #expect(parts[0].1 == Array("import-subtitles".utf8))
        #expect(parts[1].0["content-type"] == "video/mp4")
        #expect(parts[1].1 == Self.payload)
    }

    @Test func aBodyWithoutItsClosingDelimiterIsIncomplete() throws {
        let cut = Array(Self.body.prefix(Self.body.count - 20))
        #expect(try !parse(cut, boundary: Self.boundary, chunk: 10).complete)
    }

    @Test func garbageAfterADelimiterIsASyntaxError() {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--bXX".utf8)
        #expect(throws: MultipartParser.SyntaxError.self) { try parse(body, boundary: "b", chunk: 100) }
    }

    @Test func headersLongerThanTheLimitAreRefused() {
        let body = Array("--b\r\nX-Long: \(String(repeating: "a", count: 20_000))".utf8)
        #expect(throws: MultipartParser.SyntaxError.self) { try parse(body, boundary: "b", chunk: 4096) }
    }

    @Test(arguments: [
        ("form-data; name=\"file\"; filename=\"talk.mp4\"", "file", "talk.mp4"),
        ("form-data; name=file; filename=a.b", "file", "a.b"),
        ("form-data; name=\"f\"; filename=\"we\\\"ird; name.mp4\"", "f", "we\"ird; name.mp4"),
        ("form-data; name=\"f\"; filename=\"x.mp4\"; filename*=UTF-8''v%C3%ADdeo.mp4", "f", "vídeo.mp4"),
        ("form-data; name=\"pipeline\"", "pipeline", nil),
    ])
    func contentDisposition(header: String, name: String, fileName: String?) {
        let parsed = ContentDisposition(header)
        #expect(parsed.name == name)
        #expect(parsed.fileName == fileName)
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"),
        ("multipart/form-data; boundary=\"a b\"", "a b"),
        ("Multipart/Form-Data;charset=utf-8;boundary=x", "x"),
        ("application/json", nil),
        ("multipart/form-data", nil),
    ])
    func boundary(contentType: String, expected: String?) {
        #expect(UploadReceiver.boundary(of: contentType) == expected)
    }
}
