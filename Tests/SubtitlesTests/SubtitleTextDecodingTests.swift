import Testing
import Subtitles

@Suite struct SubtitleTextDecodingTests {
    @Test(arguments: [
        ([0x68, 0xC3, 0xA9], "hé", "UTF-8"),
        ([0xEF, 0xBB, 0xBF, 0x68, 0xC3, 0xA9], "hé", "UTF-8"),
        ([0xFF, 0xFE, 0x68, 0x00, 0xE9, 0x00], "hé", "UTF-16LE"),
        ([0xFE, 0xFF, 0x00, 0x68, 0x00, 0xE9], "hé", "UTF-16BE"),
        ([0x68, 0xE9, 0x93, 0x80, 0x94], "hé“€”", "Windows-1252"),
    ] as [([UInt8], String, String)])
    func decodes(_ bytes: [UInt8], _ text: String, _ encoding: String) {
        let decoded = SubtitleTextDecoding.decode(bytes)
        #expect(decoded.text == text)
        #expect(decoded.encoding == encoding)
    }
}
