import Foundation
import StageProtocol
import Testing

/// The committed `Vectors/frames.bin` decodes to the documented messages, and the encoder still
/// writes it byte for byte: the wire format has not drifted.
@Suite struct TestVectorTests {
    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    static func committed(_ name: String) throws -> Data {
        let directory = try #require(Bundle.module.url(forResource: "Vectors", withExtension: nil))
        return try Data(contentsOf: directory.appendingPathComponent(name))
    }

    @Test("frames.bin decodes to one message of every kind, as frames.md lists them")
    func decodesCommittedFile() throws {
        if ProcessInfo.processInfo.environment["VTRANS_WRITE_VECTORS"] == "1" {
            try Data(TestVectors.bytes()).write(to: Self.sourceDirectory.appendingPathComponent("frames.bin"))
            try Data(TestVectors.markdown().utf8).write(to: Self.sourceDirectory.appendingPathComponent("frames.md"))
        }
        let bytes = [UInt8](try Self.committed("frames.bin"))
        let result = TestFrames.decode(bytes)
        #expect(result.error == nil)
        #expect(try result.frames.map { try $0.message() } == TestVectors.messages)
        #expect(result.frames.map(\.sequence) == [0, 1, 2, 3, 4, 5, 5, 5, 5, 5, 6, 7])
        #expect(Set(result.frames.map(\.kind)).isSuperset(of: MessageKind.allKnown))
        #expect(result.frames.map(\.flags.rawValue) == TestVectors.vectors.map { $0.checksummed ? 1 : 0 })
    }

    @Test("encoding the expected messages reproduces frames.bin byte for byte, and frames.md is current")
    func encoderReproducesFile() throws {
        #expect([UInt8](try Self.committed("frames.bin")) == TestVectors.bytes())
        #expect(String(decoding: try Self.committed("frames.md"), as: UTF8.self) == TestVectors.markdown())
    }

    @Test("drip-fed, the committed file gives the same frames")
    func dripFed() throws {
        let bytes = [UInt8](try Self.committed("frames.bin"))
        #expect(TestFrames.decode(bytes, pieces: Array(repeating: 1, count: bytes.count)).frames == TestFrames.decode(bytes).frames)
    }
}
