/// The constants of the vtrans stage wire format, in one place (see docs/protocol.md).
///
/// A frame is a fixed 24-byte little-endian header followed by the payload:
///
/// | offset | size | field                                   |
/// |-------:|-----:|-----------------------------------------|
/// |      0 |    4 | magic `VTRF` (0x56 0x54 0x52 0x46)       |
/// |      4 |    1 | major version                           |
/// |      5 |    1 | minor version                           |
/// |      6 |    1 | message kind                            |
/// |      7 |    1 | flags (bit 0: CRC-32C present)          |
/// |      8 |    4 | payload length in bytes (UInt32)        |
/// |     12 |    4 | CRC-32C of the payload (0 if flag unset)|
/// |     16 |    8 | sequence number (UInt64, see FrameEncoder)|
public enum WireFormat {
    /// The four magic bytes every frame starts with: ASCII `VTRF`.
    public static let magic: (UInt8, UInt8, UInt8, UInt8) = (0x56, 0x54, 0x52, 0x46)
    /// Major version: a reader rejects any other major version.
    public static let majorVersion: UInt8 = 1
    /// Minor version: additions that old readers can ignore (new kinds, trailing payload fields).
    public static let minorVersion: UInt8 = 0
    /// Size of the fixed frame header in bytes.
    public static let headerSize = 24
    /// Default largest accepted payload (16 MiB); readers take their own limit.
    public static let defaultMaximumPayloadLength = 16 * 1024 * 1024
}

/// Flags carried in byte 7 of the frame header.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bytes 12–15 hold the CRC-32C (Castagnoli) of the payload, and readers verify it.
    public static let checksummed = FrameFlags(rawValue: 1 << 0)
}
