import StageProtocol
import Testing

@Suite struct ProtocolErrorTests {
    @Test("codes have stable snake_case names", arguments: [
        (ProtocolError.Code.badMagic, "bad_magic"), (.unsupportedVersion, "unsupported_version"),
        (.payloadTooLarge, "payload_too_large"), (.truncatedFrame, "truncated_frame"),
        (.checksumMismatch, "checksum_mismatch"), (.malformedPayload, "malformed_payload"),
        (.unexpectedMessage, "unexpected_message"),
    ])
    func codeNames(code: ProtocolError.Code, name: String) {
        #expect(code.description == name)
    }

    @Test func descriptionSaysWhatAndWhere() {
        #expect(ProtocolError(.truncatedFrame, "input ended", streamOffset: 48).description == "protocol error (truncated_frame) at byte 48: input ended")
        #expect(ProtocolError(.malformedPayload, "bad").description == "protocol error (malformed_payload): bad")
    }
}
