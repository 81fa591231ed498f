import Foundation
import StageProtocol
import StageTesting

/// Test audio, 16 kHz mono float32: real recordings decoded by ffmpeg, speech from espeak-ng,
/// silence and tones; and the messages a decoder would send for it.
enum Audio {
    /// Samples per second everywhere here.
    static let rate = 16000

    /// The LibriVox recordings of Debian's pocketsphinx-testdata.
    static let librivox = "/usr/share/pocketsphinx/test/data/librivox"

    /// The five recordings with their reference transcripts, in the order of `transcription`.
    static func librivoxRecordings() throws -> [(path: String, transcript: String)] {
        let lines = try String(contentsOfFile: "\(librivox)/transcription", encoding: .utf8).split(separator: "\n")
        return lines.map { line in
            // <s> text </s> (file-id)
            let id = line.split(separator: "(").last.map { String($0.dropLast()) } ?? ""
            let text = line.replacingOccurrences(of: "<s>", with: "").replacingOccurrences(of: "</s>", with: "")
                .split(separator: "(").first.map(String.init) ?? ""
            return ("\(librivox)/\(id).wav", text.trimmingCharacters(in: .whitespaces))
        }
    }

    /// `path` decoded and resampled by ffmpeg, with an optional audio filter.
    static func samples(_ path: String, filter: String? = nil) throws -> [Float] {
        try decode(["-i", path] + (filter.map { ["-af", $0] } ?? []))
    }

    /// `seconds` of an ffmpeg lavfi source (`sine=frequency=440`, `aevalsrc=...`).
    static func generated(_ source: String, seconds: Double) throws -> [Float] {
        try decode(["-f", "lavfi", "-i", source, "-t", "\(seconds)"])
    }

    /// `text` spoken by espeak-ng's `voice`, without the silence espeak-ng puts around it.
    static func speech(_ text: String, voice: String) throws -> [Float] {
        let directory = try BuiltStage.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let wav = directory.appendingPathComponent("speech.wav").path
        try tool(["espeak-ng", "-v", voice, "-w", wav, text])
        let samples = try Self.samples(wav)
        let first = samples.firstIndex { abs($0) > 0.01 } ?? 0
        let last = samples.lastIndex { abs($0) > 0.01 } ?? samples.count - 1
        return Array(samples[first...last])
    }

    /// `seconds` of digital silence.
    static func silence(_ seconds: Double) -> [Float] {
        [Float](repeating: 0, count: Int(seconds * Double(rate)))
    }

    /// What the decoder sends for `samples`: a stream description, then chunks of `chunkSeconds`.
    static func messages(_ samples: [Float], chunkSeconds: Double = 1, path: String = "/media/test.wav") -> [Message] {
        let info = StreamInfo(
            sourcePath: path, formatName: "wav", duration: Double(samples.count) / Double(rate),
            streams: [MediaStream(index: 0, type: "audio", codec: "pcm_f32le", sampleRate: UInt32(rate), channels: 1)], selectedAudioStream: 0)
        let size = Int(chunkSeconds * Double(rate))
        let chunks = stride(from: 0, to: samples.count, by: size).map { start in
            Message.audioChunk(AudioChunk(startSample: UInt64(start), sampleRate: UInt32(rate), samples: Array(samples[start..<min(start + size, samples.count)])))
        }
        return [.streamInfo(info)] + chunks
    }

    /// Writes `samples` as a 16 kHz mono WAV file.
    static func writeWAV(_ samples: [Float], to path: String) throws {
        let directory = try BuiltStage.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = directory.appendingPathComponent("audio.f32").path
        try samples.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: raw)) }
        try tool(["ffmpeg", "-y", "-v", "error", "-f", "f32le", "-ar", "\(rate)", "-ac", "1", "-i", raw, "-c:a", "pcm_s16le", path])
    }

    private static func decode(_ input: [String]) throws -> [Float] {
        let data = try tool(["ffmpeg", "-v", "error"] + input + ["-ac", "1", "-ar", "\(rate)", "-f", "f32le", "-"])
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// Runs a tool from the search path; returns its standard output.
    @discardableResult
    static func tool(_ arguments: [String]) throws -> Data {
        let outcome = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments, timeout: 120)
        guard outcome.status == 0, outcome.signal == nil else {
            throw StageTestError("\(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.standardError.suffix(2000))")
        }
        return Data(outcome.standardOutput)
    }
}
