import StageProtocol
import Testing

/// Random and mutated frames through FrameDecoder and Message decoding. The decoder's and the
/// payload reader's `throws(ProtocolError)` make "every failure is a ProtocolError" a compile-time
/// fact; what these tests check is that nothing traps, allocates without bound or depends on how
/// the bytes were split, and that a message which decodes encodes back to itself. The generator
/// is seeded: a failure names its seed and case, and reproduces.
@Suite struct FrameDecoderFuzzTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]
    static let casesPerSeed = 6_000

    @Test("random and mutated frames: frames or a ProtocolError, never a trap, the same whatever the split", arguments: seeds)
    func fuzz(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var outcomes: [String: Int] = [:]
        for index in 0..<Self.casesPerSeed {
            let (bytes, mutation) = Self.mutatedStream(&random)
            let maximum = Bool.random(using: &random) ? 1 << 16 : WireFormat.defaultMaximumPayloadLength
            let whole = TestFrames.decode(bytes, maximumPayloadLength: maximum)
            let pieces = (0..<8).map { _ in Int.random(in: 1...64, using: &random) }
            let split = TestFrames.decode(bytes, pieces: pieces, maximumPayloadLength: maximum)
            #expect(split.frames == whole.frames && split.error?.code == whole.error?.code,
                    "seed \(seed) case \(index) (\(mutation)): splitting the input changed the result")
            for frame in whole.frames {
                #expect(frame.payload.count <= maximum)
                do {
                    let message = try frame.message()
                    let payload = TestFrames.payload(message)
                    let again = try Message(kind: frame.kind, payload: payload)
                    #expect(TestFrames.payload(again) == payload, "seed \(seed) case \(index) (\(mutation)): \(message) does not re-encode to itself")
                    outcomes["message", default: 0] += 1
                } catch {
                    outcomes[error.code.description, default: 0] += 1
                }
            }
            outcomes[whole.error.map(\.code.description) ?? "clean end", default: 0] += 1
        }
        // Both the happy path and each rejection are exercised, or the generator has gone wrong.
        for outcome in ["message", "clean end", "bad_magic", "unsupported_version", "payload_too_large", "truncated_frame",
                        "checksum_mismatch", "malformed_payload"] {
            #expect(outcomes[outcome, default: 0] > 0, "seed \(seed): no case ended in \(outcome): \(outcomes)")
        }
    }

    @Test("a single flipped bit in a checksummed frame's payload is always caught", arguments: seeds)
    func crcCatchesPayloadBitFlips(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<1_000 {
            var bytes = TestFrames.encode([Self.randomMessage(&random)])
            guard bytes.count > WireFormat.headerSize else { continue }
            let bit = Int.random(in: (WireFormat.headerSize * 8)..<(bytes.count * 8), using: &random)
            bytes[bit / 8] ^= 1 << (bit % 8)
            #expect(TestFrames.decode(bytes).error?.code == .checksumMismatch)
        }
    }

    @Test("pure noise is rejected or needs more bytes, without a trap", arguments: seeds)
    func noise(seed: UInt64) {
        var random = SeededGenerator(seed: seed &+ 100)
        for _ in 0..<1_000 {
            var bytes = random.bytes(Int.random(in: 0...300, using: &random))
            if Bool.random(using: &random), bytes.count >= 5 { bytes.replaceSubrange(0..<5, with: [0x56, 0x54, 0x52, 0x46, 1]) }
            let result = TestFrames.decode(bytes)
            #expect(result.error != nil || bytes.isEmpty || !result.frames.isEmpty)
        }
    }

    // MARK: Generators

    static func randomString(_ random: inout SeededGenerator) -> String {
        let alphabet: [Character] = ["a", "Z", " ", "é", "ß", "中", "👩🏽‍💻", "\n", "\u{0}", "\""]
        return String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    static func randomDouble(_ random: inout SeededGenerator) -> Double {
        [0, -1, 1.5, .infinity, -.greatestFiniteMagnitude, Double.random(in: -1e6...1e6, using: &random)].randomElement(using: &random)!
    }

    static func randomMessage(_ random: inout SeededGenerator) -> Message {
        func string() -> String { randomString(&random) }
        func double() -> Double { randomDouble(&random) }
        func int<T: FixedWidthInteger>(_: T.Type = T.self) -> T { T.random(in: T.min...T.max, using: &random) }
        switch Int.random(in: 0...11, using: &random) {
        case 0:
            let kinds = (0..<Int.random(in: 0...4, using: &random)).map { _ in MessageKind(rawValue: int()) }
            return .hello(Hello(stage: string(), consumes: kinds, produces: kinds.reversed(), protocolMajor: int(), protocolMinor: int()))
        case 1:
            let streams = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                MediaStream(index: int(), type: string(), codec: string(), language: string(), title: string(),
                            sampleRate: int(), channels: int(), width: int(), height: int())
            }
            return .streamInfo(StreamInfo(sourcePath: string(), formatName: string(), duration: double(), streams: streams, selectedAudioStream: int()))
        case 2:
            let channels = UInt16.random(in: 1...3, using: &random)
            let frames = Int.random(in: 0...64, using: &random)
            return .audioChunk(AudioChunk(startSample: int(), sampleRate: .random(in: 1...96000, using: &random), channels: channels,
                                          sampleBytes: random.bytes(frames * 4 * Int(channels))))
        case 3, 4:
            let words = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                Word(start: double(), end: double(), text: string(), probability: Float(double()))
            }
            let segment = Segment(id: int(), sourceID: int(), start: double(), end: double(), text: string(), language: string(), words: words)
            return Bool.random(using: &random) ? .segment(segment) : .translatedSegment(segment)
        case 5: return .fileReady(FileReady(role: string(), path: string(), language: string(), format: string()))
        case 6: return .progress(Progress(fraction: double(), done: double(), total: double(), unit: string(), note: string()))
        case 7:
            let metadata = (0..<Int.random(in: 0...3, using: &random)).map { _ in KeyValue(string(), string()) }
            return .log(LogRecord(level: string(), message: string(), metadata: metadata))
        case 8: return .error(StageFailure(code: string(), message: string(), retryable: .random(using: &random)))
        case 9: return .checkpoint(Checkpoint(inputSequence: int(), mediaTime: double()))
        case 10: return .endOfStream
        default: return .unknown(kind: MessageKind(rawValue: .random(in: 12...255, using: &random)), payload: random.bytes(.random(in: 0...40, using: &random)))
        }
    }

    /// A valid stream of a few random messages, then (usually) one mutation of it.
    static func mutatedStream(_ random: inout SeededGenerator) -> ([UInt8], String) {
        let messages = (0..<Int.random(in: 1...4, using: &random)).map { _ in randomMessage(&random) }
        var bytes = TestFrames.encode(messages, checksummed: Bool.random(using: &random))
        let headerFields = [0, 4, 5, 6, 7, 8, 12, 16]
        switch Int.random(in: 0...9, using: &random) {
        case 0:
            return (bytes, "unchanged")
        case 1:
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let bit = Int.random(in: 0..<(bytes.count * 8), using: &random)
                bytes[bit / 8] ^= 1 << (bit % 8)
            }
            return (bytes, "bits flipped")
        case 2:
            return (Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random))), "truncated")
        case 3:
            let other = TestFrames.encode([randomMessage(&random), randomMessage(&random)])
            let cut = Int.random(in: 0...bytes.count, using: &random)
            let from = Int.random(in: 0...other.count, using: &random)
            return (Array(bytes.prefix(cut)) + other[from...], "spliced")
        case 4:
            let length = UInt32.random(in: 0...UInt32.max, using: &random) >> UInt32.random(in: 0...31, using: &random)
            withUnsafeBytes(of: length.littleEndian) { bytes.replaceSubrange(8..<12, with: $0) }
            return (bytes, "random length \(length)")
        case 5:
            // Clear the checksum flag and scramble the payload, so payload decoding meets the damage.
            bytes[7] = 0
            for _ in 0..<Int.random(in: 1...6, using: &random) where bytes.count > WireFormat.headerSize {
                bytes[Int.random(in: WireFormat.headerSize..<bytes.count, using: &random)] = .random(in: 0...255, using: &random)
            }
            return (bytes, "payload scrambled, unchecked")
        case 6:
            let field = headerFields.randomElement(using: &random)!
            bytes[field] = .random(in: 0...255, using: &random)
            return (bytes, "header byte \(field) replaced")
        case 7:
            let at = Int.random(in: 0...bytes.count, using: &random)
            bytes.insert(contentsOf: random.bytes(.random(in: 1...8, using: &random)), at: at)
            return (bytes, "bytes inserted")
        case 8:
            // A well-formed frame of a random kind around garbage: payload decoding sees nonsense.
            let garbage = random.bytes(.random(in: 0...80, using: &random))
            let kind = MessageKind(rawValue: .random(in: 1...12, using: &random))
            return (TestFrames.header(kind: kind, length: UInt32(garbage.count)) + garbage, "garbage \(kind) payload")
        default:
            let cut = Int.random(in: 0..<bytes.count, using: &random)
            bytes.removeSubrange(cut..<min(bytes.count, cut + .random(in: 1...16, using: &random)))
            return (bytes, "bytes removed")
        }
    }
}
