import StageProtocol
import Testing

@Suite struct FrameEncoderTests {
    @Test("data frames and end of stream count up from the first sequence; control frames repeat the last")
    func sequenceNumbers() {
        var encoder = FrameEncoder()
        var bytes: [UInt8] = []
        let numbers = [
            SampleMessages.hello, SampleMessages.streamInfo, SampleMessages.audioChunk, SampleMessages.progress,
            SampleMessages.log, SampleMessages.checkpoint, SampleMessages.error, SampleMessages.segment,
            SampleMessages.unknown, .endOfStream, SampleMessages.progress,
        ].map { encoder.encode($0, into: &bytes) }
        #expect(numbers == [0, 1, 2, 2, 2, 2, 2, 3, 4, 5, 5])
        #expect(encoder.nextSequence == 6)
        #expect(TestFrames.decode(bytes).frames.map(\.sequence) == numbers)
    }

    @Test("a restarted stage resumes numbering where it is told", arguments: [1, 100, UInt64.max])
    func firstSequence(first: UInt64) {
        var encoder = FrameEncoder(firstSequence: first)
        var bytes: [UInt8] = []
        #expect(encoder.encode(SampleMessages.hello, into: &bytes) == first &- 1)
        #expect(encoder.encode(SampleMessages.audioChunk, into: &bytes) == first)
        #expect(encoder.encode(SampleMessages.checkpoint, into: &bytes) == first)
        #expect(encoder.encode(.endOfStream, into: &bytes) == first &+ 1)
    }

    @Test("the header is laid out byte by byte as docs/protocol.md says")
    func headerLayout() {
        var encoder = FrameEncoder(firstSequence: 0x0102_0304_0506_0708)
        var bytes: [UInt8] = [0xAA]
        encoder.encode(.checkpoint(Checkpoint(inputSequence: 9, mediaTime: 1.5)), into: &bytes)
        let payload: [UInt8] = [9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F]
        let crc = CRC32C.checksum(payload)
        let expected: [UInt8] = [0xAA, 0x56, 0x54, 0x52, 0x46, 1, 0, 11, 1, 16, 0, 0, 0]
            + [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8((crc >> 16) & 0xFF), UInt8(crc >> 24)]
            + [0x07, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01] + payload
        #expect(bytes == expected, "appends after what the buffer held; control frame carries next - 1")
    }

    @Test("without checksums the flag is clear and the CRC field is zero")
    func unchecksummed() {
        let bytes = TestFrames.encode([SampleMessages.segment], checksummed: false)
        #expect(bytes[7] == 0)
        #expect(bytes[12..<16].allSatisfy { $0 == 0 })
        #expect(TestFrames.decode(bytes).frames.first?.flags == [])
    }

    @Test("appending a frame keeps its kind, flags, sequence and payload bytes")
    func appendFrame() {
        let frame = Frame(kind: MessageKind(rawValue: 77), flags: .checksummed, sequence: 12345, payload: [1, 2, 3])
        var bytes: [UInt8] = []
        FrameEncoder.append(frame, to: &bytes)
        #expect(bytes.count == WireFormat.headerSize + 3)
        #expect(TestFrames.decode(bytes).frames == [frame])
    }

    @Test("audio samples are written as they are, after a 16-byte chunk header")
    func audioPayload() {
        let samples: [Float] = [0.25, -1, 3.5]
        let bytes = TestFrames.encode([.audioChunk(AudioChunk(startSample: 5, sampleRate: 16000, samples: samples))])
        let payload = Array(bytes[WireFormat.headerSize...])
        #expect(payload.count == 16 + 12)
        #expect(Array(payload[16...]) == samples.withUnsafeBytes { Array($0) })
    }
}
