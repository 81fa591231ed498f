import Foundation
import Pipeline
import StageProtocol
import Supervisor
import Testing

/// `PipelineRun.preflight()`: every stage's `--validate`, before anything runs.
@Suite struct PreflightTests {
    @Test func acceptsStagesThatWouldStartAndStartsNothing() throws {
        let events = Harness.Events()
        let run = try Harness.run("""
            stages:
              - plugin: testsrc
                params: { duration: 1 }
              - plugin: passthrough
                params: { checkpoint_every: 2 }
            """, events: events)
        try run.preflight()
        #expect(events.all.isEmpty, "validation is no run: \(events.all)")
    }

    @Test func namesTheFirstStageThatRefusesWithItsMessageAndCode() throws {
        let run = try Harness.run("""
            stages:
              - plugin: testsrc
                params: { duration: -1 }
              - plugin: passthrough
            """, events: Harness.Events())
        let error = try #require(throws: SupervisorError.self) { try run.preflight() }
        #expect(error.code == .stageFailed && error.stage == "testsrc")
        #expect(error.message == "stage testsrc cannot start: duration must be ≥ 0 and sample_rate > 0", "\(error.message)")
        #expect(error.termination?.code == "bad_parameter")
    }

    @Test func theTranslatorRefusesATargetWithoutARoute() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-preflight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let subtitles = directory.appendingPathComponent("talk.en.srt")
        try "1\n00:00:01,000 --> 00:00:02,000\nHello.\n".write(to: subtitles, atomically: true, encoding: .utf8)
        let run = try Harness.run("""
            stages:
              - plugin: testsrc
              - plugin: import
                params: { path: "\(subtitles.path)" }
              - plugin: translator
                params: { source: en, targets: [es, ja] }
            """, events: Harness.Events())
        let error = try #require(throws: SupervisorError.self) { try run.preflight() }
        #expect(error.stage == "translator")
        #expect(error.termination?.code == "no_route")
        #expect(error.message.hasPrefix("stage translator cannot start: cannot translate 'en' to 'ja': available targets for 'en': ca, eo, es"), "\(error.message)")
    }

    @Test func aStageThatDoesNotKnowValidateIsNotChecked() throws {
        let plugins = try Harness.scriptPlugin(name: "legacy", consumes: ["audio_chunk"], produces: ["audio_chunk"], script: """
            [ "$1" = --validate ] && { echo "unknown argument '--validate'" >&2; exit 64; }
            exec cat
            """)
        let run = try Harness.run("""
            stages:
              - plugin: testsrc
              - plugin: legacy
            """, extraPlugins: [plugins], events: Harness.Events())
        try run.preflight()
    }

    @Test func aStageThatDoesNotAnswerInTimeIsKilledAndNamed() throws {
        let plugins = try Harness.scriptPlugin(name: "stuck", consumes: ["audio_chunk"], produces: ["audio_chunk"], script: "sleep 30\n")
        let run = try Harness.run("""
            stages:
              - plugin: testsrc
              - plugin: stuck
            """, extraPlugins: [plugins], events: Harness.Events())
        let start = Date()
        let error = try #require(throws: SupervisorError.self) { try run.preflight(timeout: 1) }
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(error.stage == "stuck" && error.message.contains("did not answer --validate within 1.0 s"), "\(error.message)")
    }
}
