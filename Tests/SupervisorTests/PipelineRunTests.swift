import Foundation
import StageProtocol
import Supervisor
import Testing

@Suite("PipelineRun")
struct PipelineRunTests {
    private static func tone(seconds: Int, pace: Double, hop1: String = "", restart: String = "") -> String {
        """
        name: tone
        stages:
          - plugin: testsrc
            params: { duration: \(seconds), pace: \(pace) }
          - name: hop1
            plugin: passthrough
            params: { checkpoint_every: 3 \(hop1) }
            \(restart.isEmpty ? "" : "restart: \(restart)")
          - name: hop2
            plugin: passthrough
        """
    }

    private static func expectEveryChunkOnce(_ events: Harness.Events, seconds: Int) {
        let starts = events.outputChunks.map(\.startSample)
        #expect(starts == (0..<UInt64(seconds)).map { $0 * 16000 })
    }

    @Test func relaysEveryChunkThroughEveryStage() async throws {
        let events = Harness.Events()
        let result = try await Harness.run(Self.tone(seconds: 20, pace: 0), events: events).run()
        #expect(result.stages.map(\.name) == ["testsrc", "hop1", "hop2"])
        #expect(result.stages.allSatisfy { $0.attempts == 1 })
        Self.expectEveryChunkOnce(events, seconds: 20)
        let fractions = events.all.compactMap { if case .progress("testsrc", let p) = $0 { p.fraction } else { nil } }
        #expect(fractions.last == 1)
    }

    @Test func stageKilledMidRunIsRestartedAndOutputIsExactlyOnce() async throws {
        let events = Harness.Events()
        let run = try Harness.run(Self.tone(seconds: 30, pace: 30), events: events)
        let killed = KillOnce()
        events.onEvent = { event in
            if case .progress("testsrc", let progress) = event, progress.done >= 10 {
                killed.kill(events.starts(of: "hop1").first)
            }
        }
        let result = try await run.run()
        #expect(killed.pid != nil)
        let termination = try #require(events.terminations.first)
        #expect(termination.stage == "hop1")
        #expect(termination.cause == .signaled(SIGKILL))
        #expect(termination.description.contains("stage hop1 pid \(killed.pid!) killed by signal 9 (SIGKILL)"))
        #expect(result.stages.first { $0.name == "hop1" }?.attempts == 2)
        Self.expectEveryChunkOnce(events, seconds: 30)
    }

    @Test func stageKilledUnderNeverPolicyFailsTheRunNamingIt() async throws {
        let events = Harness.Events()
        let run = try Harness.run(Self.tone(seconds: 30, pace: 30, restart: "{ policy: never }"), events: events)
        let killed = KillOnce()
        events.onEvent = { event in
            if case .progress("testsrc", let progress) = event, progress.done >= 5 {
                killed.kill(events.starts(of: "hop1").first)
            }
        }
        let error = await #expect(throws: SupervisorError.self) { try await run.run() }
        #expect(error?.code == .stageFailed)
        #expect(error?.stage == "hop1")
        #expect(error?.termination?.cause == .signaled(SIGKILL))
        for pid in events.all.compactMap({ if case .stageStarted(_, let pid, _) = $0 { pid } else { nil } }) {
            #expect(!Harness.isAlive(pid), "stage pid \(pid) outlived the failed run")
        }
    }

    @Test func crashingStageIsRestartedUntilTheIntensityLimit() async throws {
        let events = Harness.Events()
        let run = try Harness.run(
            Self.tone(seconds: 30, pace: 0, hop1: ", fail_after: 4", restart: "{ policy: on-failure, max_restarts: 2, within: 60s, backoff: 10ms }"),
            events: events)
        let error = await #expect(throws: SupervisorError.self) { try await run.run() }
        #expect(error?.code == .restartIntensity)
        #expect(error?.stage == "hop1")
        #expect(events.starts(of: "hop1").count == 3)
        #expect(error?.termination?.lastStderrLines.contains { $0.contains("failing after 4 chunks") } == true)
    }

    @Test func crashAfterCheckpointsResumesWithoutLosingOrRepeatingChunks() async throws {
        // Each process fails after 4 chunks of its own; checkpoints every 3 let the run advance.
        let events = Harness.Events()
        let run = try Harness.run(
            Self.tone(seconds: 12, pace: 0, hop1: ", fail_after: 4", restart: "{ policy: on-failure, max_restarts: 10, within: 60s, backoff: 10ms, max_backoff: 20ms }"),
            events: events)
        _ = try await run.run()
        #expect(events.starts(of: "hop1").count > 1)
        Self.expectEveryChunkOnce(events, seconds: 12)
        // Each replacement is told the media time of the checkpoint it resumes after, further each time.
        let resumed = events.all.compactMap { event -> Double? in
            guard case .log("hop1", let line) = event, let range = line.range(of: "resuming after the checkpoint at ") else { return nil }
            return Double(line[range.upperBound...].prefix { $0 != " " })
        }
        #expect(resumed.count == events.starts(of: "hop1").count - 1, "\(resumed)")
        #expect(zip(resumed, resumed.dropFirst()).allSatisfy { $0 < $1 } && (resumed.first ?? 0) > 0, "\(resumed)")
    }

    @Test func cancelBeforeRunStartsNothing() async throws {
        let events = Harness.Events()
        let run = try Harness.run(Self.tone(seconds: 600, pace: 1), events: events)
        run.cancel(reason: "changed my mind")
        let error = await #expect(throws: SupervisorError.self) { try await run.run() }
        #expect(error?.code == .cancelled)
        #expect(events.all.isEmpty)
    }

    @Test func cancelStopsEveryStage() async throws {
        let events = Harness.Events()
        let run = try Harness.run(Self.tone(seconds: 600, pace: 1), events: events)
        events.onEvent = { event in
            if case .progress("testsrc", let progress) = event, progress.done >= 1 { run.cancel(reason: "user asked") }
        }
        let error = await #expect(throws: SupervisorError.self) { try await run.run() }
        #expect(error?.code == .cancelled)
        for pid in events.all.compactMap({ if case .stageStarted(_, let pid, _) = $0 { pid } else { nil } }) {
            #expect(!Harness.isAlive(pid))
        }
    }
}

/// Sends SIGKILL to one pid, once.
final class KillOnce: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var pid: Int32?

    func kill(_ target: Int32?) {
        lock.lock()
        defer { lock.unlock() }
        guard pid == nil, let target else { return }
        pid = target
        Glibc.kill(target, SIGKILL)
    }
}
