import Storage

/// A `multipart/form-data` request body once received: its text fields, and its files already
/// stored.
struct UploadedForm: Sendable {
    /// A file part, stored under ``key``.
    struct File: Sendable {
        /// The sanitised file name.
        var name: String
        /// Where it is stored.
        var key: BlobKey
        /// Its size in bytes.
        var bytes: Int64
    }

    /// Text fields by name; a repeated field keeps every value in order.
    var fields: [String: [String]] = [:]
    /// File fields by name.
    var files: [String: File] = [:]

    /// The last value of the text field `name`, if it is not empty.
    func value(_ name: String) -> String? {
        fields[name]?.last.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every value of a repeatable field; values may also be split by `separator`.
    func values(_ name: String, separators: Set<Character>) -> [String] {
        (fields[name] ?? []).flatMap { $0.split(whereSeparator: { separators.contains($0) }) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
