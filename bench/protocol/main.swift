import Foundation
import StageKit
import StageProtocol

#if canImport(Glibc)
import Glibc
#endif

// Wire protocol throughput: one hour of 16 kHz mono float32 audio in 1 s chunks (230 MB of
// samples), encoded and decoded in process, and carried across one real pipe hop from a writer
// process (StageKit's FrameWriter) to a reader (StageKit's FrameReader), with and without the
// payload CRC-32C. See bench/protocol/run.sh.
//
//   vtrans-bench-protocol [--seconds 3600] [--runs 5]
//   vtrans-bench-protocol write --seconds N [--no-checksum]   (the writer end of the pipe hop)

let sampleRate = 16000
var seconds = 3600
var runs = 5
var writerMode = false
var checksummed = true
var arguments = CommandLine.arguments.dropFirst()[...]
while let argument = arguments.popFirst() {
    switch argument {
    case "write": writerMode = true
    case "--seconds": seconds = Int(arguments.popFirst() ?? "") ?? seconds
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
    case "--no-checksum": checksummed = false
    default:
        FileHandle.standardError.write(Data("usage: vtrans-bench-protocol [--seconds N] [--runs N] | write --seconds N [--no-checksum]\n".utf8))
        exit(64)
    }
}

/// One second of a 440 Hz tone, as every chunk's samples.
let tone: [Float] = (0..<sampleRate).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / Double(sampleRate))) }
let chunkBytes = tone.withUnsafeBytes { [UInt8]($0) }
let sampleByteCount = seconds * chunkBytes.count

@MainActor func chunk(_ second: Int) -> Message {
    .audioChunk(AudioChunk(startSample: UInt64(second * sampleRate), sampleRate: UInt32(sampleRate), sampleBytes: chunkBytes))
}

@MainActor func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

@MainActor func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

@MainActor func report(_ label: String, _ times: [Double], bytes: Int) {
    let best = median(times)
    let padded = label.padding(toLength: 56, withPad: " ", startingAt: 0)
    print("\(padded) \(String(format: "%6.3f", best)) s  \(String(format: "%6.2f", Double(bytes) / best / 1e9)) GB/s  (median of \(times.count))")
}

/// Consumes a decoded chunk so the work cannot be optimised away; returns its sample byte count.
@MainActor func consume(_ message: Message, expecting second: Int) -> Int {
    guard case .audioChunk(let chunk) = message, chunk.startSample == UInt64(second * sampleRate) else {
        FileHandle.standardError.write(Data("unexpected message \(message.kind) at chunk \(second)\n".utf8))
        exit(1)
    }
    return chunk.sampleBytes.count
}

// MARK: The writer end of the pipe hop

if writerMode {
    signal(SIGPIPE, SIG_IGN)
    let writer = FrameWriter(fd: STDOUT_FILENO, checksummed: checksummed)
    do {
        try writer.write(.hello(Hello(stage: "bench-writer", consumes: [], produces: [.audioChunk])))
        try writer.flush()
        for second in 0..<seconds { try writer.write(chunk(second)) }
        try writer.write(.endOfStream)
        try writer.flush()
    } catch {
        FileHandle.standardError.write(Data("writer: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}

// MARK: CRC-32C alone

print("one hour = \(seconds) chunks of \(chunkBytes.count) sample bytes = \(sampleByteCount / 1_000_000) MB; figures are sample bytes per second")
do {
    let block = [UInt8](repeating: 0xA5, count: 1 << 20).enumerated().map { UInt8(truncatingIfNeeded: $0.offset &* 31 &+ Int($0.element)) }
    var times: [Double] = []
    var sink: UInt32 = 0
    for _ in 0..<runs {
        let start = now()
        for _ in 0..<(sampleByteCount >> 20) { sink ^= CRC32C.checksum(block) }
        times.append(now() - start)
    }
    report("CRC-32C (\(CRC32C.isHardwareAccelerated ? "CPU instruction" : "table-driven"))", times, bytes: (sampleByteCount >> 20) << 20)
    if sink == 0x1234_5678 { print("") }
}

// MARK: In process: encode, then decode frames and messages

@MainActor func inProcess(checksummed: Bool) -> Double {
    var encoder = FrameEncoder(checksummed: checksummed)
    var decoder = FrameDecoder()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(64 * (chunkBytes.count + 64))
    var decoded = 0
    var second = 0
    var received = 0
    let start = now()
    while second < seconds {
        buffer.removeAll(keepingCapacity: true)
        for _ in 0..<min(64, seconds - second) {
            encoder.encode(chunk(second), into: &buffer)
            second += 1
        }
        decoder.append(buffer)
        do {
            while let frame = try decoder.next() {
                decoded += consume(try frame.message(), expecting: received)
                received += 1
            }
        } catch {
            print("in-process decode failed: \(error)")
            exit(1)
        }
    }
    let elapsed = now() - start
    precondition(decoded == sampleByteCount)
    return elapsed
}

for crc in [true, false] {
    report("in process, encode + decode, CRC \(crc ? "on" : "off")", (0..<runs).map { _ in inProcess(checksummed: crc) }, bytes: sampleByteCount)
}

// MARK: One pipe hop: a writer process into a pipe, this process reading

@MainActor func pipeHop(checksummed: Bool) -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = ["write", "--seconds", "\(seconds)"] + (checksummed ? [] : ["--no-checksum"])
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch {
        print("cannot start the writer: \(error)")
        exit(1)
    }
    pipe.fileHandleForWriting.closeFile()
    var reader = FrameReader(fd: pipe.fileHandleForReading.fileDescriptor)
    var start = 0.0
    var decoded = 0
    var received = 0
    do {
        while let frame = try reader.next() {
            switch frame.kind {
            case .hello: start = now()
            case .endOfStream: break
            default:
                decoded += consume(try frame.message(), expecting: received)
                received += 1
            }
        }
    } catch {
        print("pipe hop failed: \(error)")
        exit(1)
    }
    let elapsed = now() - start
    process.waitUntilExit()
    precondition(decoded == sampleByteCount && process.terminationStatus == 0)
    return elapsed
}

for crc in [true, false] {
    report("one pipe hop (FrameWriter → FrameReader), CRC \(crc ? "on" : "off")", (0..<runs).map { _ in pipeHop(checksummed: crc) }, bytes: sampleByteCount)
}
