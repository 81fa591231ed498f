import Foundation
import JobStore
import Logging
import Testing

@testable import Server

/// Starts `sleep` as the leader of its own process group, as the supervisor starts stages
/// (Foundation's `Process` gives each child a process group of its own).
private func groupLeader(seconds: Int) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sleep")
    process.arguments = ["\(seconds)"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

@Suite struct LeftoverProcessesTests {
    @Test func aRecordedStageThatIsStillOursIsKilledWithItsGroup() throws {
        let leader = try groupLeader(seconds: 60)
        defer { if leader.isRunning { kill(leader.processIdentifier, SIGKILL) } }
        let pid = leader.processIdentifier
        for _ in 0..<50 where LeftoverProcesses.commandLine(pid).first != "/usr/bin/sleep" { usleep(20_000) }
        try #require(LeftoverProcesses.groupMembers(pid) == [pid], "the child is not the leader of its own process group")

        let killed = LeftoverProcesses.stop([StageProcess(pid: pid, jobID: "j", stage: "probe", executable: "/usr/bin/sleep")], logger: Logger(label: "test"))
        #expect(killed == [pid])
        leader.waitUntilExit()
        #expect(leader.terminationReason == .uncaughtSignal && leader.terminationStatus == SIGKILL)
    }

    @Test func aPidNowUsedByAnotherProgramIsLeftAlone() throws {
        let other = try groupLeader(seconds: 60)
        defer {
            kill(other.processIdentifier, SIGKILL)
            other.waitUntilExit()
        }
        let pid = other.processIdentifier
        for _ in 0..<50 where LeftoverProcesses.commandLine(pid).first != "/usr/bin/sleep" { usleep(20_000) }
        let killed = LeftoverProcesses.stop(
            [StageProcess(pid: pid, jobID: "j", stage: "probe", executable: "/usr/local/bin/vtrans-decoder")], logger: Logger(label: "test"))
        #expect(killed.isEmpty)
        #expect(other.isRunning)
    }

    @Test func aGoneProcessIsNoError() {
        #expect(LeftoverProcesses.stop([StageProcess(pid: Int32.max - 1, jobID: "j", stage: "s", executable: "x")], logger: Logger(label: "test")).isEmpty)
    }
}
