import CCRC32C

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as Kafka and iSCSI use.
///
/// Uses the CPU's CRC-32C instruction where there is one (SSE4.2 on x86-64, the CRC32 extension
/// on AArch64), found at run time; elsewhere a table-driven computation eight bytes per step
/// ("slicing by 8"). Both give the same values.
public enum CRC32C {
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var crc = UInt32(n)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[n] = crc
        }
        for n in 0..<256 {
            var crc = tables[n]
            for t in 1..<8 {
                crc = tables[Int(crc & 0xFF)] ^ (crc >> 8)
                tables[t * 256 + n] = crc
            }
        }
        return tables
    }()

    /// Whether checksums on this machine use the CPU's CRC-32C instruction.
    public static let isHardwareAccelerated = vtrans_crc32c_hardware_available() != 0

    /// The CRC-32C of `bytes`, continuing from `crc` (pass the previous result to checksum in parts).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard isHardwareAccelerated, let base = bytes.baseAddress else { return softwareChecksum(bytes, continuing: crc) }
        return vtrans_crc32c_hardware(crc, base, bytes.count)
    }

    /// The CRC-32C of a byte array.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// The table-driven computation, whatever the CPU: what ``checksum(_:continuing:)`` falls back to.
    public static func softwareChecksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var crc = ~crc
        guard let base = bytes.baseAddress else { return ~crc }
        var offset = 0
        let count = bytes.count
        tables.withUnsafeBufferPointer { t in
            while count - offset >= 8 {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let low = UInt32(truncatingIfNeeded: word) ^ crc
                let high = UInt32(truncatingIfNeeded: word >> 32)
                crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                offset += 8
            }
            while offset < count {
                crc = t[Int((crc ^ UInt32(base.load(fromByteOffset: offset, as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
                offset += 1
            }
        }
        return ~crc
    }
}
