import StageProtocol
import Testing

@Suite struct MessageKindTests {
    @Test("codes, stable names and roles", arguments: [
        (MessageKind.hello, 1, "hello", false, false),
        (.streamInfo, 2, "stream_info", true, true),
        (.audioChunk, 3, "audio_chunk", true, true),
        (.segment, 4, "segment", true, true),
        (.translatedSegment, 5, "translated_segment", true, true),
        (.fileReady, 6, "file_ready", true, true),
        (.progress, 7, "progress", false, false),
        (.log, 8, "log", false, false),
        (.error, 9, "error", false, false),
        (.endOfStream, 10, "end_of_stream", false, true),
        (.checkpoint, 11, "checkpoint", false, false),
        (MessageKind(rawValue: 200), 200, "kind_200", true, true),
    ] as [(MessageKind, UInt8, String, Bool, Bool)])
    func kinds(kind: MessageKind, code: UInt8, name: String, isData: Bool, isSequenced: Bool) {
        #expect(kind.rawValue == code)
        #expect(kind.name == name && kind.description == name)
        #expect(kind.isData == isData)
        #expect(kind.isSequenced == isSequenced)
        #expect(MessageKind(name: name) == (code < 12 ? kind : nil))
    }

    @Test func allKnownAreInCodeOrder() {
        #expect(MessageKind.allKnown.map(\.rawValue) == Array(1...11))
        #expect(MessageKind.allKnown == MessageKind.allKnown.sorted())
        #expect(Set(SampleMessages.everyKind.map(\.kind)) == Set(MessageKind.allKnown))
    }
}
