/// Turns the bytes of a subtitle file into text, whatever encoding it was saved in.
public enum SubtitleTextDecoding {
    /// The text of `bytes` and the name of the encoding used: UTF-8 (with or without a
    /// byte-order mark), UTF-16 or UTF-32 with a byte-order mark, else Windows-1252, which
    /// older SubRip files from Windows tools use and which never fails.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: String) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(validating: bytes.dropFirst(3), as: UTF8.self) {
            return (text, "UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return (utf32(bytes.dropFirst(4), bigEndian: false), "UTF-32LE") }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return (utf32(bytes.dropFirst(4), bigEndian: true), "UTF-32BE") }
        if bytes.starts(with: [0xFF, 0xFE]) { return (utf16(bytes.dropFirst(2), bigEndian: false), "UTF-16LE") }
        if bytes.starts(with: [0xFE, 0xFF]) { return (utf16(bytes.dropFirst(2), bigEndian: true), "UTF-16BE") }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
        var text = String.UnicodeScalarView()
        for byte in bytes {
            let scalar = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            text.append(Unicode.Scalar(scalar) ?? "\u{FFFD}")
        }
        return (String(text), "Windows-1252")
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let (high, low) = bigEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
            units.append(UInt16(high) << 8 | UInt16(low))
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    private static func utf32(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var text = String.UnicodeScalarView()
        var i = bytes.startIndex
        while i + 3 < bytes.endIndex {
            let quad = bytes[i..<(i + 4)].map(UInt32.init)
            let value = bigEndian
                ? quad[0] << 24 | quad[1] << 16 | quad[2] << 8 | quad[3]
                : quad[3] << 24 | quad[2] << 16 | quad[1] << 8 | quad[0]
            text.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            i += 4
        }
        return String(text)
    }

    /// Windows-1252 bytes 0x80–0x9F (the rest match ISO 8859-1 and Unicode).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
