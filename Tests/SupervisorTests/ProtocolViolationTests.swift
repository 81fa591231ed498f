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

    @Test func garbageOnStdoutKillsTheStageAsAProtocolError() async throws {
        let plugins = try Harness.scriptPlugin(
            name: "garbage", consumes: ["audio_chunk"], produces: ["audio_chunk"],
            script: "printf 'this is not a frame'\nexec sleep 30\n")
        let events = Harness.Events()
        let error = await #expect(throws: SupervisorError.self) {
            try await Harness.run(Self.pipeline("garbage"), extraPlugins: [plugins], events: events).run()
        }
        #expect(error?.stage == "garbage")
        guard case .protocolViolation(let message)? = error?.termination?.cause else {
            Issue.record("expected a protocol violation, got \(String(describing: error))")
            return
        }
        #expect(message.contains("bad_magic"))
    }

    @Test func frameWhoseLengthLiesIsReportedAsTruncated() async throws {
        // A valid header announcing 1000 payload bytes, followed by 4 bytes and the end of output.
        let header = "VTRF\\001\\000\\002\\000\\350\\003\\000\\000\\000\\000\\000\\000\\001\\000\\000\\000\\000\\000\\000\\000"
        let plugins = try Harness.scriptPlugin(
            name: "liar", consumes: ["audio_chunk"], produces: ["audio_chunk"],
            script: "printf '\(header)abcd'\ncat > /dev/null\n")
        let events = Harness.Events()
        let error = await #expect(throws: SupervisorError.self) {
            try await Harness.run(Self.pipeline("liar"), extraPlugins: [plugins], events: events).run()
        }
        #expect(error?.stage == "liar")
        guard case .protocolViolation(let message)? = error?.termination?.cause else {
            Issue.record("expected a protocol violation, got \(String(describing: error))")
            return
        }
        #expect(message.contains("truncated_frame"))
    }

    @Test func oversizeLengthIsRejectedFromTheHeader() async throws {
        // Announces a 4 GiB payload: rejected before anything is allocated.
        let header = "VTRF\\001\\000\\002\\000\\377\\377\\377\\377\\000\\000\\000\\000\\001\\000\\000\\000\\000\\000\\000\\000"
        let plugins = try Harness.scriptPlugin(
            name: "huge", consumes: ["audio_chunk"], produces: ["audio_chunk"],
            script: "printf '\(header)'\nexec sleep 30\n")
        let events = Harness.Events()
        let error = await #expect(throws: SupervisorError.self) {
            try await Harness.run(Self.pipeline("huge"), extraPlugins: [plugins], events: events).run()
        }
        guard case .protocolViolation(let message)? = error?.termination?.cause else {
            Issue.record("expected a protocol violation, got \(String(describing: error))")
            return
        }
        #expect(message.contains("payload_too_large"))
    }

    @Test func missingExecutableIsReportedBeforeAnythingStarts() throws {
        let plugins = try Harness.scriptPlugin(name: "ghost", consumes: ["audio_chunk"], produces: ["audio_chunk"], script: "")
        try FileManager.default.removeItem(atPath: plugins + "/ghost/run.sh")
        #expect(throws: SupervisorError.self) {
            try Harness.run(Self.pipeline("ghost"), extraPlugins: [plugins], events: Harness.Events())
        }
    }
}
