import Foundation
import StageKit
import StageProtocol

/// Generates a sine tone (or silence) as audio chunks: a source for trying pipelines and
/// benchmarking stages without a media file.
struct TestSource: SourceStage {
    static let manifest = StageManifest(
        name: "testsrc",
        summary: "Generate a sine tone or silence as audio chunks (pipeline tests, benchmarks)",
        executable: "vtrans-testsrc",
        consumes: [],
        produces: [.streamInfo, .audioChunk],
        parameters: [
            .init("duration", .number, default: "10", summary: "Seconds of audio to generate"),
            .init("frequency", .number, default: "440", summary: "Tone frequency in Hz (0 for silence)"),
            .init("sample_rate", .integer, default: "16000", summary: "Samples per second"),
            .init("chunk_seconds", .number, default: "1", summary: "Seconds of audio per chunk"),
            .init("pace", .number, default: "0", summary: "Emit at most this many times real time (0: as fast as possible)"),
        ])

    private let duration: Double
    private let frequency: Double
    private let sampleRate: Int
    private let chunkFrames: Int
    private let pace: Double

    init(context: StageContext) throws {
        let p = context.parameters
        duration = try p.number("duration") ?? 10
        frequency = try p.number("frequency") ?? 440
        sampleRate = try p.integer("sample_rate") ?? 16000
        chunkFrames = max(1, Int((try p.number("chunk_seconds") ?? 1) * Double(sampleRate)))
        pace = try p.number("pace") ?? 0
        guard duration >= 0, sampleRate > 0 else {
            throw StageFailure(code: "bad_parameter", message: "duration must be ≥ 0 and sample_rate > 0")
        }
    }

    mutating func produce(output: StageOutput) throws {
        let total = Int(duration * Double(sampleRate))
        try output.emit(.streamInfo(StreamInfo(
            sourcePath: "testsrc", formatName: "lavfi-like", duration: duration,
            streams: [MediaStream(index: 0, type: "audio", codec: "pcm_f32le", sampleRate: UInt32(sampleRate), channels: 1)],
            selectedAudioStream: 0)))
        let start = Date()
        var position = 0
        var samples = [Float](repeating: 0, count: chunkFrames)
        let step = 2 * Double.pi * frequency / Double(sampleRate)
        while position < total {
            let count = min(chunkFrames, total - position)
            if samples.count != count { samples = [Float](repeating: 0, count: count) }
            if frequency > 0 {
                for i in 0..<count { samples[i] = Float(0.5 * sin(step * Double(position + i))) }
            }
            try output.emit(.audioChunk(AudioChunk(startSample: UInt64(position), sampleRate: UInt32(sampleRate), samples: samples)))
            position += count
            let done = Double(position) / Double(sampleRate)
            try output.progress(fraction: Double(position) / Double(max(1, total)), done: done, total: duration, unit: "s")
            if pace > 0 {
                let due = done / pace - Date().timeIntervalSince(start)
                if due > 0 {
                    try output.flush()
                    usleep(UInt32(due * 1_000_000))
                }
            }
        }
    }
}

StageMain.run(TestSource.self)
