import Foundation
import StageProtocol
import Supervisor
import Testing

@Suite("Resource limits")
struct LimitsTests {
    /// With a writable cgroup hierarchy the limit is the kernel's (resident memory, OOM kill
    /// counted); without, an address-space limit. Both must be told as "over memory limit".
    @Test(arguments: [true, false])
    func stageOverItsMemoryLimitIsStoppedAndReportedWhileAnotherRunCompletes(useCgroups: Bool) async throws {
        // hop1 holds every chunk (delay line of 100000 chunks of 64 KiB) under a 200 MiB limit.
        let hungry = """
            name: hungry
            stages:
              - plugin: testsrc
                params: { duration: 20000 }
              - name: hop1
                plugin: passthrough
                params: { delay_chunks: 100000 }
                limits: { memory: 200MiB }
                restart: { policy: never }
            """
        let healthy = """
            name: healthy
            stages:
              - plugin: testsrc
                params: { duration: 60 }
              - plugin: passthrough
            """
        let hungryEvents = Harness.Events()
        let healthyEvents = Harness.Events()
        let hungryRun = try Harness.run(hungry, useCgroups: useCgroups, events: hungryEvents)
        let completed = Task { try await Harness.run(healthy, events: healthyEvents).run() }

        let error = await #expect(throws: SupervisorError.self) { try await hungryRun.run() }
        #expect(error?.stage == "hop1")
        #expect(error?.termination?.cause == .overMemoryLimit(200 << 20))
        #expect(error?.message.contains("over memory limit 200MiB") == true)
        let result = try await completed.value
        #expect(result.stages.count == 2)
        #expect(healthyEvents.outputChunks.count == 60)
    }

    @Test func stageOverItsWallTimeIsKilledAndReported() async throws {
        let slow = """
            name: slow
            stages:
              - plugin: testsrc
                params: { duration: 600, pace: 1 }
                limits: { wall_time: 1s }
                restart: { policy: never }
              - plugin: passthrough
            """
        let events = Harness.Events()
        let error = await #expect(throws: SupervisorError.self) { try await Harness.run(slow, events: events).run() }
        #expect(error?.stage == "testsrc")
        #expect(error?.termination?.cause == .overWallTime(1))
        #expect(error?.termination?.description.contains("over wall time limit 1s") == true)
    }
}
