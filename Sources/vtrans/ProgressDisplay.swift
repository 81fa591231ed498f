import Foundation
import StageProtocol
import Supervisor

/// Shows a run's progress on stderr: a live table on a terminal, plain lines otherwise.
final class ProgressDisplay: @unchecked Sendable {
    private struct Row {
        var state = "waiting"
        var fraction = -1.0
        var detail = ""
        var lastPrintedDecile = -1
    }

    private let lock = NSLock()
    private let order: [String]
    private var rows: [String: Row]
    private let verbose: Bool
    private let live: Bool
    private var drawnLines = 0
    private var lastDraw = Date.distantPast

    init(stages: [String], verbose: Bool, live: Bool) {
        order = stages
        rows = Dictionary(uniqueKeysWithValues: stages.map { ($0, Row()) })
        self.verbose = verbose
        self.live = live
    }

    /// Takes one supervisor event.
    func handle(_ event: SupervisorEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .stageStarted(let stage, let pid, let attempt):
            rows[stage]?.state = attempt > 1 ? "restarted" : "running"
            line("\(stage): started (pid \(pid)\(attempt > 1 ? ", attempt \(attempt)" : ""))")
        case .progress(let stage, let progress):
            rows[stage]?.fraction = progress.fraction
            rows[stage]?.detail = Self.detail(progress)
            if !live, progress.fraction >= 0 {
                let decile = Int(progress.fraction * 10)
                if decile > rows[stage]?.lastPrintedDecile ?? 10 {
                    rows[stage]?.lastPrintedDecile = decile
                    line("\(stage): \(Int(progress.fraction * 100))% \(rows[stage]?.detail ?? "")")
                }
            } else if !progress.note.isEmpty {
                line("\(stage): \(progress.note)")
            }
        case .log(let stage, let text):
            if verbose { line("[\(stage)] \(text)") }
        case .stageFinished(let stage, let seconds, let peak):
            rows[stage]?.state = "done"
            rows[stage]?.fraction = 1
            rows[stage]?.detail = String(format: "%.1f s, peak %@", seconds, Quantity.formatBytes(peak / (1 << 20) * (1 << 20)))
            line("\(stage): done in \(rows[stage]!.detail)")
        case .stageTerminated(let termination):
            rows[termination.stage]?.state = "failed"
            line(termination.description)
        case .stageRestarting(let stage, let attempt, let delay, let replayed):
            line(String(format: "%@: restarting (attempt %d) in %.1f s, replaying %d frames", stage, attempt, delay, replayed))
        case .fileReady(let file):
            line("wrote \(file.path)")
        case .output(let message):
            if case .segment(let segment) = message, verbose {
                line(String(format: "[%.2f → %.2f] %@", segment.start, segment.end, segment.text))
            }
        }
        draw()
    }

    /// Leaves the table in place and moves below it.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        lastDraw = .distantPast
        draw(force: true)
        drawnLines = 0
    }

    private static func detail(_ progress: StageProtocol.Progress) -> String {
        guard progress.total > 0 else { return progress.note }
        return String(format: "%.1f/%.1f %@", progress.done, progress.total, progress.unit)
    }

    /// Prints a message above the live table.
    private func line(_ text: String) {
        clear()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private func clear() {
        guard live, drawnLines > 0 else { return }
        FileHandle.standardError.write(Data("\u{1B}[\(drawnLines)A\u{1B}[J".utf8))
        drawnLines = 0
    }

    private func draw(force: Bool = false) {
        guard live else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.1 || drawnLines == 0 else { return }
        lastDraw = now
        clear()
        var text = ""
        var total = 0.0
        for name in order {
            let row = rows[name]!
            let fraction = row.state == "done" ? 1 : max(0, row.fraction)
            total += fraction
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let percent = row.fraction < 0 && row.state != "done" ? "  ?%" : String(format: "%3d%%", Int(fraction * 100))
            text += "\(name.padding(toLength: 12, withPad: " ", startingAt: 0)) [\(bar)] \(percent) \(row.state.padding(toLength: 9, withPad: " ", startingAt: 0)) \(row.detail)\n"
        }
        text += String(format: "overall      %3d%%\n", Int(total / Double(max(1, order.count)) * 100))
        FileHandle.standardError.write(Data(text.utf8))
        drawnLines = order.count + 1
    }
}
