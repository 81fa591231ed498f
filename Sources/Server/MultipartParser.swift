import Foundation

/// An incremental `multipart/form-data` parser: bytes in as they arrive, parts out as events,
/// with at most a delimiter's length (or one part's headers) held back between calls.
///
/// A part's body is never collected: ``Event/data(_:)`` hands out each stretch of it as soon as
/// it is known not to be part of the next delimiter, and the pointer is valid only during the
/// callback.
struct MultipartParser {
    /// What the parser found.
    enum Event {
        /// A part begins; its headers, names lower-cased.
        case partBegin([String: String])
        /// Bytes of the current part's body.
        case data(UnsafeRawBufferPointer)
        /// The current part ended.
        case partEnd
    }

    /// Bytes that are not well-formed multipart.
    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    private enum State {
        case preamble, afterDelimiter, headers, body, done
    }

    private let delimiter: [UInt8]
    private let maximumHeaderBytes = 16 << 10
    private var buffer: [UInt8] = []
    private var state = State.preamble

    /// A parser for the `boundary` of a `Content-Type: multipart/form-data; boundary=...` header.
    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first delimiter may sit at the very start, without the CRLF before it.
        buffer = Array("\r\n".utf8)
    }

    /// Whether the closing delimiter has been seen.
    var isComplete: Bool { state == .done }

    /// Feeds the next bytes of the body.
    /// - Throws: ``SyntaxError``, or what `handle` throws.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, handle: (Event) throws -> Void) throws {
        guard state != .done else { return }
        buffer.append(contentsOf: bytes)
        var consumed = 0
        defer { buffer.removeFirst(consumed) }
        try buffer.withUnsafeBytes { all in
            while consumed < all.count {
                let rest = UnsafeRawBufferPointer(rebasing: all[consumed...])
                switch state {
                case .preamble, .body:
                    if let match = Self.find(delimiter, in: rest) {
                        if state == .body {
                            if match > 0 { try handle(.data(UnsafeRawBufferPointer(rebasing: rest[..<match]))) }
                            try handle(.partEnd)
                        }
                        consumed += match + delimiter.count
                        state = .afterDelimiter
                    } else {
                        let safe = max(0, rest.count - (delimiter.count - 1))
                        if state == .body, safe > 0 { try handle(.data(UnsafeRawBufferPointer(rebasing: rest[..<safe]))) }
                        consumed += safe
                        return
                    }
                case .afterDelimiter:
                    guard rest.count >= 2 else { return }
                    if rest[0] == UInt8(ascii: "-"), rest[1] == UInt8(ascii: "-") {
                        state = .done
                        consumed = all.count
                        return
                    }
                    // Transport padding (spaces, tabs) may follow the delimiter before its CRLF.
                    if rest[0] == UInt8(ascii: " ") || rest[0] == UInt8(ascii: "\t") {
                        consumed += 1
                        continue
                    }
                    guard rest[0] == UInt8(ascii: "\r"), rest[1] == UInt8(ascii: "\n") else {
                        throw SyntaxError(description: "a multipart delimiter is not followed by CRLF or --")
                    }
                    consumed += 2
                    state = .headers
                case .headers:
                    if rest.count >= 2, rest[0] == UInt8(ascii: "\r"), rest[1] == UInt8(ascii: "\n") {
                        consumed += 2
                        state = .body
                        try handle(.partBegin([:]))
                        continue
                    }
                    guard let end = Self.find(Array("\r\n\r\n".utf8), in: rest) else {
                        guard rest.count <= maximumHeaderBytes else {
                            throw SyntaxError(description: "a multipart part's headers are longer than \(maximumHeaderBytes) bytes")
                        }
                        return
                    }
                    guard end <= maximumHeaderBytes else {
                        throw SyntaxError(description: "a multipart part's headers are longer than \(maximumHeaderBytes) bytes")
                    }
                    let headers = try Self.parseHeaders(UnsafeRawBufferPointer(rebasing: rest[..<end]))
                    consumed += end + 4
                    state = .body
                    try handle(.partBegin(headers))
                case .done:
                    consumed = all.count
                    return
                }
            }
        }
    }

    /// The offset of the first `needle` in `haystack`: `memchr` for its first byte, then `memcmp`.
    private static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard haystack.count >= needle.count, let base = haystack.baseAddress else { return nil }
        return needle.withUnsafeBytes { needleBytes -> Int? in
            var offset = 0
            while offset + needle.count <= haystack.count {
                guard let hit = memchr(base + offset, Int32(needle[0]), haystack.count - needle.count - offset + 1) else { return nil }
                let index = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(hit, needleBytes.baseAddress!, needle.count) == 0 { return index }
                offset = index + 1
            }
            return nil
        }
    }

    private static func parseHeaders(_ bytes: UnsafeRawBufferPointer) throws -> [String: String] {
        let text = String(decoding: bytes, as: UTF8.self)
        var headers: [String: String] = [:]
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw SyntaxError(description: "a multipart header line has no ':'")
            }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }
}
