import StageProtocol
import Testing

@Suite struct QuantityTests {
    @Test("byte sizes", arguments: [
        ("512MiB", UInt64(536_870_912)), ("2GiB", 2 << 30), ("1KiB", 1024), ("1TiB", 1 << 40), ("2GB", 2_000_000_000),
        ("1MB", 1_000_000), ("4KB", 4000), ("16M", 16 << 20), ("1G", 1 << 30), ("8K", 8192), ("100B", 100), ("1234", 1234),
        (" 1.5 GiB ", 1_610_612_736), ("0", 0), ("0.5KiB", 512),
    ])
    func bytes(text: String, value: UInt64) {
        #expect(Quantity.bytes(text) == value)
    }

    @Test("byte sizes that do not read", arguments: ["", "MiB", "-1MiB", "1.5", "ten", "1 PiB", "nanGiB", "infGiB", "1e30TiB", "1mib"])
    func badBytes(text: String) {
        #expect(Quantity.bytes(text) == nil)
    }

    @Test("durations", arguments: [("90s", UInt64(90)), ("10m", 600), ("2h", 7200), ("1d", 86400), ("45", 45), ("1.5h", 5400), (" 3 m", 180)])
    func seconds(text: String, value: UInt64) {
        #expect(Quantity.seconds(text) == value)
    }

    @Test("durations that do not read", arguments: ["", "s", "-5s", "5x", "100ms", "1w"])
    func badSeconds(text: String) {
        #expect(Quantity.seconds(text) == nil)
    }

    @Test("printing bytes", arguments: [
        (UInt64(536_870_912), "512MiB"), (2 << 30, "2GiB"), (1024, "1KiB"), (1000, "1000B"), (1536, "1536B"), (0, "0B"), (3 << 20, "3MiB"),
    ])
    func formatBytes(value: UInt64, text: String) {
        #expect(Quantity.formatBytes(value) == text)
        #expect(Quantity.bytes(text) == value)
    }

    @Test("printing durations", arguments: [(UInt64(600), "10m"), (7200, "2h"), (90, "90s"), (0, "0s"), (86400, "24h"), (61, "61s")])
    func formatSeconds(value: UInt64, text: String) {
        #expect(Quantity.formatSeconds(value) == text)
        #expect(Quantity.seconds(text) == value)
    }
}
