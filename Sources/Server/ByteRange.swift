import Foundation

/// A single `Range: bytes=...` request against a file of known size (RFC 9110 §14).
enum ByteRange: Equatable {
    /// Serve the whole file (no header, several ranges, or a form we ignore).
    case whole
    /// Serve these bytes.
    case part(ClosedRange<Int64>)
    /// No byte of the file is in the range: 416.
    case unsatisfiable

    /// Interprets `header` for a file of `size` bytes.
    init(header: String?, size: Int64) {
        guard let header, header.hasPrefix("bytes=") else {
            self = .whole
            return
        }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else {
            self = .whole
            return
        }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if first.isEmpty {
            guard let suffix = Int64(last) else {
                self = .whole
                return
            }
            guard suffix > 0, size > 0 else {
                self = .unsatisfiable
                return
            }
            self = .part(max(0, size - suffix)...(size - 1))
            return
        }
        guard let start = Int64(first), last.isEmpty || Int64(last) != nil else {
            self = .whole
            return
        }
        guard start < size else {
            self = .unsatisfiable
            return
        }
        let end = last.isEmpty ? size - 1 : min(Int64(last)!, size - 1)
        guard end >= start else {
            self = .whole
            return
        }
        self = .part(start...end)
    }
}
