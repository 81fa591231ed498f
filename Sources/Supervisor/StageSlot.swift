import Foundation
import StageProtocol

/// The supervisor's record of one stage across its restarts. Guarded by the run's lock,
/// except `input`, which has its own.
final class StageSlot: @unchecked Sendable {
    let launch: StageLaunch
    let input: StageInput
    /// The live process, if any.
    var pid: Int32?
    var attempts = 0
    var restartTimes: [Date] = []
    var firstStart: Date?
    var attemptStart = Date()
    /// Last output data frame forwarded downstream; a replacement's repeats up to here are dropped.
    var forwardedSequence: UInt64 = 0
    /// Last output data frame covered by the stage's latest checkpoint; a replacement numbers from here.
    var resumeSequence: UInt64 = 0
    /// Media time of the stage's latest checkpoint; a replacement is told it (`VTRANS_RESUME_MEDIA_TIME`).
    var resumeMediaTime: Double?
    var sentEndOfStream = false
    var reportedFailure: StageFailure?
    /// Why the supervisor killed the current process, if it did.
    var killReason: Termination.Cause?
    /// The current process's output ended inside a frame.
    var truncatedOutput: ProtocolError?
    var peakVirtualBytes: UInt64 = 0
    var peakResidentBytes: UInt64 = 0
    var cpuSeconds: Double = 0
    var stderrTail: [String] = []
    /// The current process's memory cgroup, when it has one.
    var cgroup: MemoryCgroup?
    var finishedAfter: Double?

    init(launch: StageLaunch, journalLimit: Int) {
        self.launch = launch
        self.input = StageInput(journalLimit: journalLimit)
    }

    func beginAttempt(pid: Int32) {
        self.pid = pid
        attempts += 1
        let now = Date()
        if firstStart == nil { firstStart = now }
        attemptStart = now
        sentEndOfStream = false
        reportedFailure = nil
        killReason = nil
        truncatedOutput = nil
        peakVirtualBytes = 0
    }

    var summary: StageSummary {
        StageSummary(
            name: launch.name, attempts: attempts, seconds: finishedAfter ?? 0,
            peakResidentBytes: peakResidentBytes, cpuSeconds: cpuSeconds)
    }
}
