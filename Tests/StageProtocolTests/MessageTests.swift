import StageProtocol
import Testing

@Suite struct MessageTests {
    @Test("every message survives encoding and decoding", arguments: SampleMessages.all)
    func roundTrip(message: Message) throws {
        let payload = TestFrames.payload(message)
        #expect(try Message(kind: message.kind, payload: payload) == message)
        let frames = TestFrames.decode(TestFrames.encode([message])).frames
        #expect(try frames.map { try $0.message() } == [message])
    }

    @Test("bytes after the known fields are ignored: a newer minor version may append fields", arguments: SampleMessages.everyKind)
    func trailingBytes(message: Message) throws {
        guard message.kind != .audioChunk else { return }
        #expect(try Message(kind: message.kind, payload: TestFrames.payload(message) + [0xFF, 0x00, 0x7F]) == message)
    }

    @Test("an audio chunk's trailing bytes are samples, so they must make whole frames")
    func audioTrailingBytes() {
        let payload = TestFrames.payload(SampleMessages.audioChunk) + [0xFF, 0x00]
        #expect(throws: ProtocolError.self) { try Message(kind: .audioChunk, payload: payload) }
    }

    @Test("an unknown kind keeps its payload whole")
    func unknownKind() throws {
        let payload: [UInt8] = [1, 2, 3, 4, 5]
        #expect(try Message(kind: MessageKind(rawValue: 99), payload: payload) == .unknown(kind: MessageKind(rawValue: 99), payload: payload))
    }

    @Test("payload layouts are the documented ones")
    func layouts() {
        #expect(TestFrames.payload(.endOfStream) == [])
        #expect(TestFrames.payload(.error(StageFailure(code: "x", message: "é", retryable: true)))
            == [1, 0, 0, 0, 0x78, 2, 0, 0, 0, 0xC3, 0xA9, 1])
        #expect(TestFrames.payload(.hello(Hello(stage: "ab", consumes: [.audioChunk], produces: [])))
            == [1, 0, 2, 0, 0, 0, 0x61, 0x62, 1, 0, 0, 0, 3, 0, 0, 0, 0])
        #expect(TestFrames.payload(.audioChunk(AudioChunk(startSample: 1, sampleRate: 16000, samples: [1])))
            == [1, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x3E, 0, 0, 1, 0, 0, 0, 0, 0, 0x80, 0x3F])
    }

    @Test("audio chunk accessors")
    func audioChunk() {
        let chunk = AudioChunk(startSample: 32000, sampleRate: 16000, channels: 2, samples: [1, 2, 3, 4, 5, 6])
        #expect(chunk.frameCount == 3)
        #expect(chunk.startTime == 2)
        #expect(chunk.duration == 3.0 / 16000)
        #expect(chunk.samples == [1, 2, 3, 4, 5, 6])
        #expect(chunk.withSamples { $0.reduce(0, +) } == 21)
    }
}
