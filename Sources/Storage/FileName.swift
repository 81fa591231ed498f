/// File names from clients, made safe to store.
public enum FileName {
    /// `raw` reduced to a safe single path component: the part after the last `/` or `\`,
    /// letters, digits, `.`, `-`, `_` and spaces kept (other characters become `_`), no leading
    /// dot, at most `maximumLength` UTF-8 bytes with the extension kept, `fallback` when nothing
    /// is left.
    public static func sanitized(_ raw: String, fallback: String = "upload", maximumLength: Int = 120) -> String {
        let base = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(base.unicodeScalars.map { scalar in
            let allowed = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_ ".unicodeScalars.contains(scalar)
            return allowed ? scalar : "_"
        }))
        while cleaned.hasPrefix(".") || cleaned.hasPrefix(" ") { cleaned.removeFirst() }
        while cleaned.hasSuffix(" ") || cleaned.hasSuffix(".") { cleaned.removeLast() }
        if cleaned.utf8.count > maximumLength {
            let dot = cleaned.lastIndex(of: ".")
            let ext = dot.map { String(cleaned[$0...]) }.flatMap { $0.utf8.count <= 16 ? $0 : nil } ?? ""
            var stem = dot.flatMap { ext.isEmpty ? nil : String(cleaned[..<$0]) } ?? cleaned
            while stem.utf8.count + ext.utf8.count > maximumLength { stem.removeLast() }
            cleaned = stem + ext
        }
        return cleaned.isEmpty ? fallback : cleaned
    }
}
