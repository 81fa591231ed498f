import StageProtocol
import Testing

/// Tested the way NIO's ByteToMessageDecoderVerifier tests byte decoders: the same frames come
/// out whether the bytes arrive one at a time, in random pieces or all at once.
@Suite struct FrameDecoderTests {
    static let stream = TestFrames.encode(SampleMessages.all) + TestFrames.encode(SampleMessages.everyKind, checksummed: false)

    @Test("drip-fed one byte at a time, in random pieces or all in one append: the same frames")
    func verifier() throws {
        let whole = TestFrames.decode(Self.stream)
        #expect(whole.error == nil)
        #expect(try whole.frames.map { try $0.message() } == SampleMessages.all + SampleMessages.everyKind)
        let drip = TestFrames.decode(Self.stream, pieces: Array(repeating: 1, count: Self.stream.count))
        #expect(drip.frames == whole.frames && drip.error == nil)
        var random = SeededGenerator(seed: 42)
        for _ in 0..<50 {
            let pieces = (0..<Self.stream.count).map { _ in Int.random(in: 1...200, using: &random) }
            let result = TestFrames.decode(Self.stream, pieces: pieces)
            #expect(result.frames == whole.frames && result.error == nil)
        }
    }

    @Test("not enough bytes yet is nil, not an error, and nothing is consumed")
    func needsMoreBytes() throws {
        let bytes = TestFrames.encode([SampleMessages.segment])
        var decoder = FrameDecoder()
        for count in 0..<bytes.count {
            decoder = FrameDecoder()
            decoder.append(Array(bytes[0..<count]))
            #expect(try decoder.next() == nil)
            #expect(decoder.bufferedByteCount == count)
            #expect(decoder.streamOffset == 0)
        }
        decoder.append([bytes.last!])
        #expect(try decoder.next()?.kind == .segment)
        #expect(decoder.streamOffset == bytes.count && decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test("a bad magic fails at its first wrong byte", arguments: [
        [0x47], [0x56, 0x00], [0x56, 0x54, 0x52, 0x47], Array("HTTP/1.1 200 OK\r\n".utf8), Array("{\"kind\":\"hello\"}\n".utf8),
    ] as [[UInt8]])
    func badMagic(bytes: [UInt8]) {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        #expect(throws: ProtocolError.self) { try decoder.next() }
        #expect(TestFrames.decode(bytes).error?.code == .badMagic)
    }

    @Test("an unknown major version fails once its byte arrives", arguments: [0, 2, 255] as [UInt8])
    func unknownMajor(major: UInt8) {
        let bytes = Array(TestFrames.header(major: major, kind: .hello, length: 0).prefix(5))
        let error = TestFrames.decode(bytes).error
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message.contains("\(major)") == true)
    }

    @Test("a newer minor version is read: its frames decode as far as this reader knows them")
    func newerMinor() throws {
        let payload = TestFrames.payload(SampleMessages.fileReady) + [1, 2, 3]
        let bytes = TestFrames.header(minor: 7, kind: .fileReady, length: UInt32(payload.count)) + payload
        let result = TestFrames.decode(bytes)
        #expect(result.error == nil)
        #expect(try result.frames.first?.message() == SampleMessages.fileReady)
    }

    @Test("a length above the maximum fails from the header alone, before any payload is stored")
    func oversizeLength() throws {
        var decoder = FrameDecoder(maximumPayloadLength: 1 << 20)
        decoder.append(TestFrames.header(kind: .audioChunk, length: UInt32.max))
        let error = try #require(throws: ProtocolError.self) { try decoder.next() }
        #expect(error.code == .payloadTooLarge)
        #expect(error.message.contains("4294967295") && error.message.contains("1048576"))
        #expect(decoder.bufferedByteCount == WireFormat.headerSize, "nothing beyond the header was asked for or kept")

        let atLimit = TestFrames.header(kind: MessageKind(rawValue: 99), length: 16) + [UInt8](repeating: 0, count: 16)
        #expect(TestFrames.decode(atLimit, maximumPayloadLength: 16).error == nil)
        #expect(TestFrames.decode(atLimit, maximumPayloadLength: 15).error?.code == .payloadTooLarge)
    }

    @Test("input ending inside a frame is a truncated frame at finish", arguments: [1, 4, 23, 24, 25, 40])
    func truncated(keep: Int) throws {
        let bytes = TestFrames.encode([SampleMessages.hello, SampleMessages.segment])
        let first = try #require(TestFrames.decode(bytes).frames.first)
        let cut = WireFormat.headerSize + first.payload.count + keep
        let result = TestFrames.decode(Array(bytes.prefix(cut)))
        #expect(result.frames == [first])
        #expect(result.error?.code == .truncatedFrame)
        #expect(result.error?.streamOffset == WireFormat.headerSize + first.payload.count)
    }

    @Test("a header whose length lies (says more than follows) is a truncated frame at finish")
    func lyingLength() {
        let bytes = TestFrames.header(kind: .segment, length: 1000) + [UInt8](repeating: 0, count: 10)
        let result = TestFrames.decode(bytes)
        #expect(result.frames.isEmpty)
        #expect(result.error?.code == .truncatedFrame)
        #expect(result.error?.message.contains("34 bytes") == true)
    }

    @Test("a payload that does not match its CRC-32C is a checksum mismatch; without the flag it is not checked")
    func checksumMismatch() {
        var bytes = TestFrames.encode([SampleMessages.segment])
        bytes[bytes.count - 1] ^= 0x01
        let result = TestFrames.decode(bytes)
        #expect(result.error?.code == .checksumMismatch)
        #expect(result.error?.streamOffset == 0)

        var unchecked = TestFrames.encode([SampleMessages.segment], checksummed: false)
        unchecked[unchecked.count - 1] ^= 0x01
        #expect(TestFrames.decode(unchecked).error == nil)
    }

    @Test("unknown kinds come out as frames, to be kept or forwarded")
    func unknownKind() throws {
        let bytes = TestFrames.encode([SampleMessages.unknown])
        let frame = try #require(TestFrames.decode(bytes).frames.first)
        #expect(frame.kind == MessageKind(rawValue: 200))
        #expect(try frame.message() == SampleMessages.unknown)
        var again: [UInt8] = []
        FrameEncoder.append(frame, to: &again)
        #expect(again == bytes, "forwarded byte for byte")
    }

    @Test("errors name the stream offset of the offending frame")
    func errorOffset() {
        let good = TestFrames.encode([SampleMessages.hello, SampleMessages.progress])
        let result = TestFrames.decode(good + [0x00, 0x01, 0x02, 0x03])
        #expect(result.frames.count == 2)
        #expect(result.error?.code == .badMagic)
        #expect(result.error?.streamOffset == good.count)
        #expect(result.error?.description.hasPrefix("protocol error (bad_magic) at byte \(good.count): ") == true)
    }

    @Test("a large stream with frames across append boundaries keeps working after the buffer compacts")
    func compaction() throws {
        let chunk = Message.audioChunk(AudioChunk(startSample: 0, sampleRate: 16000, sampleBytes: [UInt8](repeating: 7, count: 40_000)))
        let bytes = TestFrames.encode(Array(repeating: chunk, count: 30))
        let result = TestFrames.decode(bytes, pieces: Array(repeating: 30_001, count: bytes.count / 30_001 + 1))
        #expect(result.error == nil)
        #expect(result.frames.count == 30)
        #expect(try result.frames.allSatisfy { try $0.message() == chunk })
    }
}
