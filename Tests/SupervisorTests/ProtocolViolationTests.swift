import Foundation
import StageProtocol
import Supervisor
import Testing

@Suite("Protocol violations")
struct ProtocolViolationTests {
    private static func pipeline(_ plugin: String) -> String {
        """
        name: bad
        stages:
          - plugin: testsrc
            params: { duration: 5 }
          - plugin: \(plugin)
            restart: { policy: never }
        """
    }

    /// A stage writing a bad frame is killed and reported as a protocol error with the reader's code.
    @Test(arguments: [
        // Not a frame at all.
        ("garbage", "printf 'this is not a frame'\nexec sleep 30\n", "bad_magic"),
        // A valid header announcing 1000 payload bytes, followed by 4 bytes and the end of output.
        ("liar", "printf '\(header(length: "\\350\\003\\000\\000"))abcd'\ncat > /dev/null\n", "truncated_frame"),
        // A 4 GiB payload: rejected from the header, before anything is allocated.
        ("huge", "printf '\(header(length: "\\377\\377\\377\\377"))'\nexec sleep 30\n", "payload_too_large"),
    ])
    func badFrameKillsTheStageAsAProtocolError(plugin: String, script: String, code: String) async throws {
        let plugins = try Harness.scriptPlugin(name: plugin, consumes: ["audio_chunk"], produces: ["audio_chunk"], script: script)
        let error = await #expect(throws: SupervisorError.self) {
            try await Harness.run(Self.pipeline(plugin), extraPlugins: [plugins], events: Harness.Events()).run()
        }
        #expect(error?.stage == plugin)
        guard case .protocolViolation(let message)? = error?.termination?.cause else {
            Issue.record("expected a protocol violation, got \(String(describing: error))")
            return
        }
        #expect(message.contains(code))
    }

    @Test func missingExecutableIsReportedBeforeAnythingStarts() throws {
        let plugins = try Harness.scriptPlugin(name: "ghost", consumes: ["audio_chunk"], produces: ["audio_chunk"], script: "")
        try FileManager.default.removeItem(atPath: plugins + "/ghost/run.sh")
        #expect(throws: SupervisorError.self) {
            try Harness.run(Self.pipeline("ghost"), extraPlugins: [plugins], events: Harness.Events())
        }
    }
}

/// A stream_info frame header for printf: magic, version 1.0, kind 2, no flags, the given
/// little-endian length (octal escapes), no checksum, sequence 1.
private func header(length: String) -> String {
    "VTRF\\001\\000\\002\\000" + length + "\\000\\000\\000\\000\\001\\000\\000\\000\\000\\000\\000\\000"
}
