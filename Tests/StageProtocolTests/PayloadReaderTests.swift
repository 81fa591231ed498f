import StageProtocol
import Testing

/// Malformed payloads: every one is a `malformed_payload` error naming the kind, never a trap or
/// a huge allocation.
@Suite struct PayloadReaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var kind: MessageKind
        var payload: [UInt8]
        var words: String
        var testDescription: String { name }
    }

    static func bytes(_ build: (inout PayloadWriter) -> Void) -> [UInt8] {
        var w = PayloadWriter()
        build(&w)
        return w.finish()
    }

    static let cases: [Case] = [
        Case(name: "string length past the end", kind: .hello,
             payload: bytes { $0.write(UInt8(1)); $0.write(UInt8(0)); $0.write(UInt32(100)); $0.write(UInt8(0x61)) },
             words: "string of 100 bytes but only 1 left"),
        Case(name: "string length 4 GiB", kind: .fileReady, payload: bytes { $0.write(UInt32.max) }, words: "string of 4294967295 bytes"),
        Case(name: "array count huge", kind: .hello,
             payload: bytes { $0.write(UInt8(1)); $0.write(UInt8(0)); $0.write("s"); $0.write(UInt32.max) },
             words: "array of 4294967295 elements cannot fit"),
        Case(name: "stream array count over what its elements need", kind: .streamInfo,
             payload: bytes { $0.write(""); $0.write(""); $0.write(1.0); $0.write(Int32(0)); $0.write(UInt32(2)) }
                 + [UInt8](repeating: 0, count: 40),
             words: "array of 2 elements cannot fit in 40 bytes"),
        Case(name: "invalid UTF-8", kind: .fileReady, payload: bytes { $0.write(UInt32(2)); $0.write(UInt8(0xC3)); $0.write(UInt8(0x28)) },
             words: "not valid UTF-8"),
        Case(name: "bool byte 2", kind: .error, payload: bytes { $0.write("c"); $0.write("m"); $0.write(UInt8(2)) },
             words: "boolean byte is 2"),
        Case(name: "audio bytes not a multiple of 4", kind: .audioChunk,
             payload: bytes { $0.write(UInt64(0)); $0.write(UInt32(16000)); $0.write(UInt16(1)); $0.write(UInt16(0)) } + [0, 0, 0, 0, 0, 0],
             words: "6 sample bytes is not a whole number"),
        Case(name: "audio with zero sample rate", kind: .audioChunk,
             payload: bytes { $0.write(UInt64(0)); $0.write(UInt32(0)); $0.write(UInt16(1)); $0.write(UInt16(0)) }, words: "must be positive"),
        Case(name: "audio with zero channels", kind: .audioChunk,
             payload: bytes { $0.write(UInt64(0)); $0.write(UInt32(16000)); $0.write(UInt16(0)); $0.write(UInt16(0)) }, words: "must be positive"),
        Case(name: "fixed-size field cut short", kind: .checkpoint, payload: [1, 2, 3, 4], words: "needs 8 more bytes for a UInt64, has 4"),
        Case(name: "empty payload for a message with fields", kind: .progress, payload: [], words: "needs 8 more bytes"),
        Case(name: "word cut inside its text", kind: .segment,
             payload: bytes { w in
                 w.write(UInt64(1)); w.write(UInt64(0)); w.write(0.0); w.write(1.0); w.write("t"); w.write("en")
                 w.write(UInt32(1)); w.write(0.0); w.write(1.0); w.write(Float(1)); w.write(UInt32(5))
             },
             words: "string of 5 bytes but only 0 left"),
    ]

    @Test(arguments: cases)
    func malformed(_ test: Case) throws {
        let error = try #require(throws: ProtocolError.self) { try Message(kind: test.kind, payload: test.payload) }
        #expect(error.code == .malformedPayload)
        #expect(error.message.hasPrefix("\(test.kind) payload: "), "\(error.message)")
        #expect(error.message.contains(test.words), "\(error.message)")
    }

    @Test("a frame's message() reports the same error")
    func throughFrame() {
        let frame = Frame(kind: .checkpoint, sequence: 1, payload: [1])
        #expect(throws: ProtocolError.self) { try frame.message() }
    }
}
