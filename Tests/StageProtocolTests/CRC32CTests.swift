import StageProtocol
import Testing

@Suite struct CRC32CTests {
    @Test("known answers (RFC 3720 appendix B.4 and the usual check value)", arguments: [
        (Array("123456789".utf8), UInt32(0xE306_9283)),
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        (Array(0..<32), 0x46DD_794E),
        (Array((0..<32).reversed()), 0x113F_DB5C),
        ([], 0),
        (Array("a".utf8), 0xC1D0_4330),
    ] as [([UInt8], UInt32)])
    func knownAnswers(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
        #expect(bytes.withUnsafeBytes { CRC32C.softwareChecksum($0) } == expected)
    }

    @Test("the CPU instruction and the table-driven code agree on every length and alignment")
    func hardwareMatchesSoftware() {
        var random = SeededGenerator(seed: 0xC0FFEE)
        let bytes = random.bytes(100_003 + 16)
        // Lengths around the hardware code's paths: bytes, words, three streams of 256 and of 8192 bytes.
        let lengths = Array(0...130) + [767, 768, 769, 1000, 4095, 4096, 24_575, 24_576, 24_583, 25_344, 64_016, 100_003]
        bytes.withUnsafeBytes { raw in
            for start in 0..<16 {
                for length in lengths {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)])
                    let seed = UInt32(truncatingIfNeeded: random.next())
                    #expect(CRC32C.checksum(slice) == CRC32C.softwareChecksum(slice), "start \(start) length \(length)")
                    #expect(CRC32C.checksum(slice, continuing: seed) == CRC32C.softwareChecksum(slice, continuing: seed))
                }
            }
        }
    }

    @Test("checksumming in parts gives the checksum of the whole", arguments: [0, 1, 7, 8, 9, 500, 999, 1000])
    func inParts(split: Int) {
        var random = SeededGenerator(seed: UInt64(split))
        let bytes = random.bytes(1000)
        let whole = CRC32C.checksum(bytes)
        bytes.withUnsafeBytes { raw in
            let first = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<split]))
            #expect(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[split...]), continuing: first) == whole)
            let softFirst = CRC32C.softwareChecksum(UnsafeRawBufferPointer(rebasing: raw[0..<split]))
            #expect(CRC32C.softwareChecksum(UnsafeRawBufferPointer(rebasing: raw[split...]), continuing: softFirst) == whole)
        }
    }

    @Test("detects every single-bit error in a 4 KiB block")
    func detectsSingleBitErrors() {
        var random = SeededGenerator(seed: 7)
        var bytes = random.bytes(4096)
        let good = CRC32C.checksum(bytes)
        for bit in stride(from: 0, to: bytes.count * 8, by: 7) {
            bytes[bit / 8] ^= 1 << (bit % 8)
            #expect(CRC32C.checksum(bytes) != good)
            bytes[bit / 8] ^= 1 << (bit % 8)
        }
    }
}
