import Foundation
import StageProtocol

extension PipelineRun {
    /// Reads one process's stdout until it closes: checks every frame, handles control frames
    /// and forwards data downstream.
    func relay(_ index: Int, pid: Int32, fd: Int32) {
        defer { close(fd) }
        let slot = slots[index]
        let name = slot.launch.name
        var decoder = FrameDecoder(maximumPayloadLength: options.maximumFrameBytes)
        do {
            while true {
                let n = decoder.fill(atLeast: 1 << 20) { space in read(fd, space.baseAddress, space.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                while let frame = try decoder.next() {
                    guard handle(frame, from: index) else { return }
                }
            }
        } catch {
            // A bad frame from a live stage: kill it, as a peer that breaks the protocol.
            lock.lock()
            let alive = slot.pid == pid
            if alive && slot.killReason == nil { slot.killReason = .protocolViolation("\(error)") }
            lock.unlock()
            if alive {
                options.logger.error("killing stage for a protocol error", metadata: ["stage": "\(name)", "error": "\(error)"])
                kill(-pid, SIGKILL)
            }
            return
        }
        // Output ended inside a frame. If the stage was killed that is expected; if it exits
        // cleanly, the truncated frame makes it a protocol error (decided when it is reaped).
        do {
            try decoder.finish()
        } catch {
            lock.lock()
            if slot.pid == pid { slot.truncatedOutput = error }
            lock.unlock()
        }
    }

    /// Handles one frame from stage `index`; returns false when relaying should stop.
    private func handle(_ frame: Frame, from index: Int) -> Bool {
        let slot = slots[index]
        let name = slot.launch.name
        switch frame.kind {
        case .hello:
            return true
        case .progress:
            if case .progress(let progress)? = try? frame.message() { options.onEvent(.progress(stage: name, progress)) }
            return true
        case .log:
            if case .log(let record)? = try? frame.message() { options.onEvent(.log(stage: name, line: record.message)) }
            return true
        case .error:
            if case .error(let failure)? = try? frame.message() {
                lock.lock()
                slot.reportedFailure = failure
                lock.unlock()
            }
            return true
        case .checkpoint:
            guard case .checkpoint(let checkpoint)? = try? frame.message() else { return true }
            slot.input.acknowledge(upTo: checkpoint.inputSequence)
            lock.lock()
            slot.resumeSequence = max(slot.resumeSequence, frame.sequence)
            slot.resumeMediaTime = checkpoint.mediaTime
            lock.unlock()
            return true
        default:
            break
        }
        // Data and end of stream: drop what a replacement process repeats.
        lock.lock()
        guard frame.sequence > slot.forwardedSequence else {
            lock.unlock()
            return true
        }
        slot.forwardedSequence = frame.sequence
        if frame.kind == .endOfStream { slot.sentEndOfStream = true }
        lock.unlock()

        let isLast = index == slots.count - 1
        if frame.kind == .endOfStream {
            if !isLast { slots[index + 1].input.end() }
            return true
        }
        if !isLast { return slots[index + 1].input.send(frame) }
        switch try? frame.message() {
        case .fileReady(let file)?:
            lock.lock()
            files.append(file)
            lock.unlock()
            options.onEvent(.fileReady(file))
        case let message?:
            options.onEvent(.output(message))
        case nil:
            break
        }
        return true
    }

    /// Reads one process's stderr line by line, keeping the last lines for failure reports.
    func collectStderr(_ index: Int, fd: Int32) {
        defer { close(fd) }
        let slot = slots[index]
        let limit = options.stderrTailLines
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            pending.append(contentsOf: chunk[0..<n])
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                emitStderr(line, slot: slot, limit: limit)
            }
        }
        if !pending.isEmpty { emitStderr(String(decoding: pending, as: UTF8.self), slot: slot, limit: limit) }
    }

    private func emitStderr(_ line: String, slot: StageSlot, limit: Int) {
        guard !line.isEmpty else { return }
        lock.lock()
        slot.stderrTail.append(line)
        if slot.stderrTail.count > limit { slot.stderrTail.removeFirst(slot.stderrTail.count - limit) }
        lock.unlock()
        options.onEvent(.log(stage: slot.launch.name, line: line))
    }
}
