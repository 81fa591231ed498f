import Foundation
import Synchronization
import JobStore
import StageProtocol
import Supervisor

/// Follows one run of a job: turns the supervisor's events into per-stage progress, sends each
/// to the job's WebSocket subscribers at once, and queues store updates (progress at most once
/// a second, stage starts and ends always, process ids as soon as they are known).
final class JobProgressTracker: Sendable {
    /// A change to write to the job store, in order.
    enum StoreUpdate: Sendable {
        case stages([StageProgress])
        case process(StageProcess)
        case forget(Int32)
    }

    private struct State {
        var stages: [StageProgress]
        var files: [FileReady] = []
        var warnings: [String] = []
        var lastPersisted = Date.distantPast
    }

    let jobID: String
    /// The store updates, to be written by one task in order.
    let updates: AsyncStream<StoreUpdate>
    private let continuation: AsyncStream<StoreUpdate>.Continuation
    private let state: Mutex<State>
    private let executables: [String: String]
    private let hub: EventHub
    private let metrics: ServerMetrics
    private let persistInterval: TimeInterval = 1
    private let log: Mutex<FileHandle?>

    /// - Parameters:
    ///   - stages: stage names in pipeline order.
    ///   - executables: each stage's executable path, recorded with its processes.
    ///   - logFile: where the stages' stderr lines are appended, as `stage: line`.
    init(jobID: String, stages: [String], executables: [String: String], logFile: String?, hub: EventHub, metrics: ServerMetrics) {
        self.jobID = jobID
        self.log = Mutex(logFile.flatMap { path in
            FileManager.default.createFile(atPath: path, contents: nil)
            let handle = FileHandle(forWritingAtPath: path)
            _ = try? handle?.seekToEnd()
            return handle
        })
        self.executables = executables
        self.hub = hub
        self.metrics = metrics
        self.state = Mutex(State(stages: stages.map { StageProgress(name: $0) }))
        (updates, continuation) = AsyncStream<StoreUpdate>.makeStream(bufferingPolicy: .unbounded)
    }

    /// The stages as they are now.
    var stages: [StageProgress] { state.withLock { $0.stages } }

    /// The files the last stage reported.
    var files: [FileReady] { state.withLock { $0.files } }

    /// The stages' warnings (their log lines at level `warning` or above), `stage: message`, at most 20.
    var warnings: [String] { state.withLock { $0.warnings } }

    /// Takes one supervisor event (called on the supervisor's threads).
    func handle(_ event: SupervisorEvent) {
        let now = Date()
        switch event {
        case .stageStarted(let stage, let pid, let attempt):
            update(stage, event: "started", persist: true) { progress in
                progress.state = .running
                progress.attempts = attempt
                progress.startedAt = progress.startedAt ?? now
            }
            continuation.yield(.process(StageProcess(pid: pid, jobID: jobID, stage: stage, executable: executables[stage] ?? "", startedAt: now)))
        case .progress(let stage, let report):
            update(stage, event: "progress", persist: false) { progress in
                if report.fraction >= 0 { progress.fraction = min(report.fraction, 1) }
                progress.done = report.done
                progress.total = report.total > 0 ? report.total : nil
                progress.unit = report.unit.isEmpty ? progress.unit : report.unit
                progress.note = report.note.isEmpty ? progress.note : report.note
            }
        case .stageFinished(let stage, let seconds, let peak):
            update(stage, event: "finished", persist: true) { progress in
                progress.state = .succeeded
                progress.fraction = 1
                progress.finishedAt = now
                progress.seconds = seconds
                progress.peakResidentBytes = peak
            }
            metrics.recordStage(stage, seconds: seconds, outcome: "succeeded")
        case .stageTerminated(let termination):
            continuation.yield(.forget(termination.pid))
            update(termination.stage, event: "terminated", persist: true) { progress in
                progress.state = termination.cause == .stopped ? .stopped : .failed
                progress.finishedAt = now
                progress.seconds = progress.startedAt.map { now.timeIntervalSince($0) }
                progress.peakResidentBytes = max(progress.peakResidentBytes ?? 0, termination.peakResidentBytes)
                progress.termination = termination.description
            }
            if termination.cause != .stopped {
                metrics.recordStage(termination.stage, seconds: stages.first { $0.name == termination.stage }?.seconds ?? 0, outcome: termination.code)
            }
        case .stageRestarting(let stage, let attempt, let delay, _):
            update(stage, event: "restarting", persist: true) { progress in
                progress.state = .restarting
                progress.attempts = attempt
                progress.note = "restarting in \(String(format: "%.1f", delay)) s"
            }
        case .fileReady(let file):
            state.withLock { $0.files.append(file) }
            hub.publish(jobID: jobID, .file(
                jobID: jobID, role: file.role, name: (file.path as NSString).lastPathComponent,
                language: file.language.isEmpty ? nil : file.language, format: file.format))
        case .log(let stage, let line):
            log.withLock { handle in try? handle?.write(contentsOf: Data("\(stage): \(line)\n".utf8)) }
            if let message = Self.warningMessage(line) {
                state.withLock { state in
                    let warning = "\(stage): \(message)"
                    if state.warnings.count < 20, !state.warnings.contains(warning) { state.warnings.append(warning) }
                }
            }
        default:
            // Other output is not part of a job's progress.
            break
        }
    }

    /// Marks every stage still running or restarting with `final`, and returns the stages.
    func closeStages(as final: StageProgress.State) -> [StageProgress] {
        state.withLock { state in
            for index in state.stages.indices where state.stages[index].state == .running || state.stages[index].state == .restarting {
                state.stages[index].state = final
                state.stages[index].finishedAt = state.stages[index].finishedAt ?? Date()
            }
            return state.stages
        }
    }

    /// Ends the store updates (the writer task then finishes) and closes the log file.
    func finishUpdates() {
        continuation.finish()
        log.withLock { handle in
            try? handle?.close()
            handle = nil
        }
    }

    /// The `msg` of a stage's structured log line (`time=… level=warning stage=… msg="…"`) at
    /// level warning or above.
    static func warningMessage(_ line: String) -> String? {
        guard ["level=warning", "level=error", "level=critical"].contains(where: line.contains),
            let start = line.range(of: " msg=")?.upperBound
        else { return nil }
        let rest = line[start...]
        guard rest.first == "\"" else { return String(rest.prefix { $0 != " " }) }
        var message = ""
        var escaped = false
        for character in rest.dropFirst() {
            if escaped {
                message.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                message.append(character)
            }
        }
        return message
    }

    private func update(_ name: String, event: String, persist: Bool, _ change: (inout StageProgress) -> Void) {
        let (stage, snapshot) = state.withLock { state -> (StageProgress?, [StageProgress]?) in
            guard let index = state.stages.firstIndex(where: { $0.name == name }) else { return (nil, nil) }
            change(&state.stages[index])
            let now = Date()
            guard persist || now.timeIntervalSince(state.lastPersisted) >= persistInterval else { return (state.stages[index], nil) }
            state.lastPersisted = now
            return (state.stages[index], state.stages)
        }
        guard let stage else { return }
        if let snapshot { continuation.yield(.stages(snapshot)) }
        hub.publish(jobID: jobID, .stage(jobID: jobID, event: event, stage: stage))
    }
}
