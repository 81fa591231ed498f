import Foundation
import StageProtocol

/// The supervisor's end of one stage's stdin: numbers the frames it sends, keeps every frame
/// not yet covered by a checkpoint so a restarted process can be given them again, and waits
/// out a restart when a write fails because the process died.
///
/// Two locks: `condition` serialises writers of the descriptor (and is held across blocking
/// writes), `journalLock` guards the journal only, so a checkpoint from the stage can always be
/// recorded while a write to it is blocked.
final class StageInput: @unchecked Sendable {
    private let condition = NSCondition()
    private let journalLock = NSLock()
    private var fd: Int32 = -1
    private var generation = 0
    private var nextSequence: UInt64 = 1
    private var journal: [Frame] = []
    private var journalBytes = 0
    private let journalLimit: Int
    private var aborted = false
    private var scratch: [UInt8] = []
    /// End of stream has been sent (upstream finished).
    private(set) var ended = false
    /// The journal outgrew its limit: a restart cannot replay what was lost.
    var journalOverflowed: Bool {
        journalLock.lock()
        defer { journalLock.unlock() }
        return overflowed
    }
    private var overflowed = false
    /// Sequence of the last frame offered to the journal (kept or not).
    private var lastJournalledSequence: UInt64?

    init(journalLimit: Int) { self.journalLimit = journalLimit }

    /// Frames waiting for a checkpoint.
    var journalCount: Int {
        journalLock.lock()
        defer { journalLock.unlock() }
        return journal.count
    }

    /// Connects a new process's stdin: sends hello, replays the journal, and the end of
    /// stream if upstream already finished. Returns the number of frames replayed.
    @discardableResult
    func attach(fd newFD: Int32, hello: Hello) -> Int {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        if fd >= 0 { close(fd) }
        fd = newFD
        generation += 1
        scratch.removeAll(keepingCapacity: true)
        var encoder = FrameEncoder(firstSequence: 1)
        encoder.encode(.hello(hello), into: &scratch)
        journalLock.lock()
        let replay = journal
        journalLock.unlock()
        for frame in replay { FrameEncoder.append(frame, to: &scratch) }
        if writeScratch() && ended { sendEndOfStream() }
        return replay.count
    }

    /// Sends one data frame, renumbered for this connection. Blocks while the stage is being
    /// restarted. Returns false when the run was aborted.
    func send(_ frame: Frame) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !aborted else { return false }
        let numbered = Frame(kind: frame.kind, flags: frame.flags, sequence: nextSequence, payload: frame.payload)
        nextSequence += 1
        journalLock.lock()
        lastJournalledSequence = numbered.sequence
        if !overflowed {
            journal.append(numbered)
            journalBytes += numbered.payload.count + WireFormat.headerSize
            if journalBytes > journalLimit {
                overflowed = true
                journal.removeAll()
                journalBytes = 0
            }
        }
        journalLock.unlock()
        if writeFrame(numbered) { return true }
        // The process died; the restart replays this frame from the journal.
        let failedGeneration = generation
        while !aborted && generation == failedGeneration { condition.wait() }
        return !aborted
    }

    /// Sends end of stream and closes the stage's stdin.
    func end() {
        condition.lock()
        defer { condition.unlock() }
        guard !ended else { return }
        ended = true
        if fd >= 0 { sendEndOfStream() }
    }

    /// Writes end of stream and closes the descriptor. Called with `condition` held.
    private func sendEndOfStream() {
        scratch.removeAll(keepingCapacity: true)
        FrameEncoder.append(Frame(kind: .endOfStream, sequence: nextSequence, payload: []), to: &scratch)
        _ = writeScratch()
        close(fd)
        fd = -1
    }

    /// Drops journalled frames up to and including `sequence`: the stage has acknowledged them.
    func acknowledge(upTo sequence: UInt64) {
        journalLock.lock()
        defer { journalLock.unlock() }
        guard !overflowed else {
            // A checkpoint covering everything sent so far makes the journal complete again.
            if let last = lastJournalledSequence, sequence >= last { overflowed = false }
            return
        }
        let drop = journal.prefix { $0.sequence <= sequence }.count
        journalBytes -= journal.prefix(drop).reduce(0) { $0 + $1.payload.count + WireFormat.headerSize }
        journal.removeFirst(drop)
    }

    /// Wakes every blocked sender and refuses further frames; closes the descriptor.
    func abort() {
        condition.lock()
        aborted = true
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Writes a frame's header and payload with one writev(2), without copying the payload.
    private func writeFrame(_ frame: Frame) -> Bool {
        guard fd >= 0 else { return false }
        scratch.removeAll(keepingCapacity: true)
        FrameEncoder.appendHeader(of: frame, to: &scratch)
        return scratch.withUnsafeBytes { header in
            frame.payload.withUnsafeBytes { payload in
                var parts = [
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: header.baseAddress), iov_len: header.count),
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: payload.baseAddress), iov_len: payload.count),
                ]
                var index = 0
                while index < parts.count {
                    let n = parts.withUnsafeMutableBufferPointer { writev(fd, $0.baseAddress! + index, Int32($0.count - index)) }
                    if n < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    var written = n
                    while index < parts.count && written >= parts[index].iov_len {
                        written -= parts[index].iov_len
                        index += 1
                    }
                    if index < parts.count && written > 0 {
                        parts[index].iov_base += written
                        parts[index].iov_len -= written
                    }
                }
                return true
            }
        }
    }

    private func writeScratch() -> Bool {
        guard fd >= 0 else { return false }
        return scratch.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
    }
}
