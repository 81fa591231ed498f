import Foundation
import StageProtocol
import StageTesting
import Testing

/// The built `vtrans-recognizer` with the real models under /opt/vtrans/models (installed by
/// scripts/install-models.sh). Serialized: each run takes both cores.
@Suite(.serialized) struct RecognizerStageTests {
    let stage: BuiltStage

    init() throws { stage = try BuiltStage("vtrans-recognizer") }

    /// Runs the stage on `samples` with two threads, as the decoder would feed it.
    func recognize(_ samples: [Float], _ parameters: [String: String] = [:], chunkSeconds: Double = 1) throws -> StageRun {
        let run = try stage.run(parameters: ["threads": "2"].merging(parameters) { $1 }, input: Audio.messages(samples, chunkSeconds: chunkSeconds), timeout: 900)
        #expect(run.status == 0, "\(run.standardError.suffix(3000))")
        return run
    }

    static func checkpoints(_ messages: [Message]) -> [Checkpoint] {
        messages.compactMap { if case .checkpoint(let c) = $0 { c } else { nil } }
    }

    static func text(_ segments: [Segment]) -> String { segments.map(\.text).joined(separator: " ") }

    // MARK: Manifest and parameters

    @Test func describesItselfAsItsPluginYAMLDoes() throws {
        #expect(try stage.describe() == BuiltStage.pluginManifest("recognizer"))
    }

    @Test func aMissingModelFailsWithTheCommandThatInstallsIt() throws {
        let empty = try BuiltStage.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let run = try stage.run(input: Audio.messages(Audio.silence(1)), environment: ["VTRANS_MODELS_DIR": empty.path])
        #expect(run.status == 1)
        #expect(run.failure?.code == "model_missing")
        #expect(run.failure?.message == "model 'base' is not installed (looked for \(empty.path)/ggml-base.bin); install it with: vtrans models install base")
        #expect(run.failure?.retryable == false)

        let validate = try ProcessRunner.run(stage.executable, arguments: ["--validate", "--param", "model=tiny"], environment: ["VTRANS_MODELS_DIR": empty.path])
        #expect(validate.status == 1)
        let line = String(decoding: validate.standardOutput, as: UTF8.self)
        #expect(line.contains(#""code":"model_missing""#) && line.contains("vtrans models install tiny"), "\(line)")

        let quantized = try ProcessRunner.run(stage.executable, arguments: ["--validate", "--param", "model=base-q4_0"], environment: ["VTRANS_MODELS_DIR": empty.path])
        #expect(String(decoding: quantized.standardOutput, as: UTF8.self).contains("vtrans models install base --quantize q4_0"))
    }

    @Test func validatingReadsOnlyTheModelHeader() throws {
        let started = Date()
        let outcome = try ProcessRunner.run(stage.executable, arguments: ["--validate", "--param", "model=base", "--param", "task=translate"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        #expect(Date().timeIntervalSince(started) < 5, "--validate must not load the weights")
    }

    @Test(arguments: [
        (["language": "xx"], "language"),
        (["model": "tiny.en", "task": "translate"], "cannot translate"),
        (["model": "tiny.en", "language": "es"], "knows only English"),
        (["task": "summarize"], "task"),
        (["beam_size": "0"], "beam_size"),
        (["window_seconds": "60"], "window_seconds"),
        (["no_speech_threshold": "1.5"], "no_speech_threshold"),
        (["model": "/nonexistent/ggml-x.bin"], "does not exist"),
    ])
    func rejectsBadParameters(parameters: [String: String], mention: String) throws {
        let run = try stage.run(parameters: parameters, input: Audio.messages(Audio.silence(1)))
        #expect(run.status == 1)
        #expect(run.failure?.code == (parameters["model"]?.hasPrefix("/") == true ? "model_missing" : "bad_parameter"))
        #expect(run.failure?.message.contains(mention) == true, "\(run.failure?.message ?? "no failure")")
    }

    // MARK: Accuracy

    @Test(arguments: ["base", "base-q4_0", "tiny.en"])
    func transcribesTheLibriVoxRecordingsWithinTenPercentWordErrorRate(model: String) throws {
        var reference: [String] = []
        var heard: [String] = []
        for recording in try Audio.librivoxRecordings() {
            let run = try recognize(try Audio.samples(recording.path), ["model": model, "language": "en"])
            #expect(run.segments.allSatisfy { $0.language == "en" })
            reference.append(recording.transcript)
            heard.append(Self.text(run.segments))
        }
        let wer = WordErrorRate(reference: reference.joined(separator: " "), hypothesis: heard.joined(separator: " "))
        #expect(wer.words == 71)
        #expect(wer.rate <= 0.10, "WER \(wer) with \(model): \(heard)")
    }

    /// The five recordings joined with pauses, fed in 1 s chunks to tiny.en with 10 s windows.
    static let streaming = Result { () throws -> (input: [Message], parameters: [String: String], run: StageRun) in
        var samples: [Float] = []
        for recording in try Audio.librivoxRecordings() { samples += try Audio.samples(recording.path) + Audio.silence(0.7) }
        let input = Audio.messages(samples)
        let parameters = ["model": "tiny.en", "language": "en", "window_seconds": "10", "threads": "2"]
        return (input, parameters, try BuiltStage("vtrans-recognizer").run(parameters: parameters, input: input, timeout: 900))
    }

    @Test func streamsWindowsAsTheAudioArrivesAndCheckpointsAfterEachWindow() throws {
        let run = try Self.streaming.get().run
        #expect(run.status == 0, "\(run.standardError.suffix(3000))")
        let wer = WordErrorRate(reference: try Audio.librivoxRecordings().map(\.transcript).joined(separator: " "), hypothesis: Self.text(run.segments))
        #expect(wer.rate <= 0.10, "WER \(wer) across windows: \(Self.text(run.segments))")
        #expect(run.segments.map(\.id) == Array(1...UInt64(run.segments.count)))
        for (before, after) in zip(run.segments, run.segments.dropFirst()) {
            #expect(before.end <= after.start, "segments overlap: \(before) \(after)")
        }
        let checkpoints = Self.checkpoints(run.messages)
        #expect(checkpoints.count >= 3, "a checkpoint after each window: 10 s windows over 31 s of audio")
        // Segments come out window by window, before the input ends: some precede the first checkpoint.
        let firstCheckpoint = run.messages.firstIndex { if case .checkpoint = $0 { true } else { false } } ?? run.messages.endIndex
        #expect(run.messages[..<firstCheckpoint].contains { if case .segment = $0 { true } else { false } })
        for checkpoint in checkpoints {
            // Input frame 1 is the stream description, frame n + 2 the 1 s chunk starting at n seconds:
            // everything before the chunk holding the next window's first sample is covered.
            #expect(checkpoint.inputSequence == UInt64(checkpoint.mediaTime.rounded(.down)) + 1, "\(checkpoint)")
        }
        #expect(zip(checkpoints, checkpoints.dropFirst()).allSatisfy { $0.mediaTime < $1.mediaTime })
        let progress = run.progress.filter { $0.fraction >= 0 }
        #expect(progress.count >= 3 && progress.last?.fraction == 1)
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.fraction <= $1.fraction })
    }

    @Test func aCopyRestartedFromACheckpointRepeatsTheOutputAfterIt() throws {
        let (input, parameters, first) = try Self.streaming.get()
        let checkpoint = try #require(Self.checkpoints(first.messages).dropFirst().first, "two checkpoints or more")
        let position = try #require(first.messages.firstIndex(of: .checkpoint(checkpoint)))
        let before = first.messages[..<position].filter { if case .segment = $0 { true } else { false } }.count

        // The supervisor replays the frames after the checkpoint's input sequence (input frame n is
        // input[n - 1]) and numbers the new copy's output on from the checkpoint's own sequence:
        // after one stream_info and `before` segments.
        let restarted = try stage.run(
            parameters: parameters, input: Array(input[Int(checkpoint.inputSequence)...]),
            environment: ["VTRANS_FIRST_SEQUENCE": "\(before + 2)", "VTRANS_RESUME_MEDIA_TIME": "\(checkpoint.mediaTime)"], timeout: 900)
        #expect(restarted.status == 0, "\(restarted.standardError.suffix(3000))")
        #expect(restarted.segments == Array(first.segments.dropFirst(before)))
        #expect(restarted.segments.first?.id == UInt64(before + 1))
        #expect(Self.checkpoints(restarted.messages).count >= 1, "a restarted copy checkpoints too")
    }

    // MARK: Languages

    static let spanish = "Hola, me llamo Pedro. Vivo en una casa grande con mi familia. Mañana vamos a la playa con mis amigos."

    @Test func detectsSpanishAndReportsItsProbability() throws {
        let run = try recognize(try Audio.speech(Self.spanish, voice: "es"))
        #expect(!run.segments.isEmpty)
        #expect(run.segments.allSatisfy { $0.language == "es" }, "\(run.segments)")
        let note = try #require(run.progress.last?.note)
        #expect(note.hasPrefix("detected language es (p=0."), "\(note)")
        let text = Self.text(run.segments).lowercased()
        #expect(["playa", "amigos", "familia", "grande"].filter(text.contains).count >= 3, "\(text)")
    }

    @Test func translatesSpanishSpeechIntoEnglish() throws {
        let run = try recognize(try Audio.speech(Self.spanish, voice: "es"), ["task": "translate"])
        #expect(!run.segments.isEmpty)
        #expect(run.segments.allSatisfy { $0.language == "en" })
        let text = Self.text(run.segments).lowercased()
        #expect(["house", "family", "beach", "friends"].filter(text.contains).count >= 3, "\(text)")
        #expect(!text.contains("playa") && !text.contains("amigos"), "\(text)")
    }

    // MARK: Times, silence and music

    @Test func segmentTimesFollowTheSpeechBetweenSilences() throws {
        let sentences = ["The quick brown fox jumps over the lazy dog.", "Please call me tomorrow morning at the office.", "We will meet again next week in Paris."]
        let pauses = [2.0, 3.0, 4.5, 2.5]
        var samples = Audio.silence(pauses[0])
        var spans: [(start: Double, end: Double)] = []
        for (sentence, pause) in zip(sentences, pauses.dropFirst()) {
            let speech = try Audio.speech(sentence, voice: "en")
            let start = Double(samples.count) / Double(Audio.rate)
            spans.append((start, start + Double(speech.count) / Double(Audio.rate)))
            samples += speech + Audio.silence(pause)
        }
        let run = try recognize(samples, ["window_seconds": "10"])
        #expect(Self.text(run.segments).lowercased().contains("tomorrow morning"))
        for span in spans {
            let inside = run.segments.filter { $0.end > span.start && $0.start < span.end }
            let first = try #require(inside.first, "no segment for the speech at \(span.start)–\(span.end): \(run.segments)")
            let last = try #require(inside.last)
            #expect(abs(first.start - span.start) <= 0.5, "starts at \(first.start), speech at \(span.start)")
            #expect(abs(last.end - span.end) <= 0.5, "ends at \(last.end), speech until \(span.end)")
        }
        for segment in run.segments {
            #expect(spans.contains { segment.start >= $0.start - 0.5 && segment.end <= $0.end + 0.5 }, "\(segment) lies over a silence")
        }
    }

    @Test func twentySecondsOfSilenceYieldNoSegments() throws {
        let run = try recognize(Audio.silence(20))
        #expect(run.segments.isEmpty, "\(run.segments)")
        #expect(run.progress.last?.fraction == 1)
    }

    /// A melody of decaying notes over a bass, a chord with a tremolo, a pure tone.
    @Test(arguments: [
        "aevalsrc=0.3*sin(2*PI*t*220*pow(2\\,floor(mod(t*4\\,8))*2/12))*(1-mod(t*4\\,1))+0.1*sin(2*PI*t*110):s=16000",
        "aevalsrc=0.2*sin(2*PI*440*t)+0.15*sin(2*PI*554.37*t)+0.12*sin(2*PI*659.25*t)*(0.5+0.5*sin(2*PI*2*t)):s=16000",
        "sine=frequency=440:sample_rate=16000",
    ])
    func musicLikeTonesYieldNoSegments(source: String) throws {
        let run = try recognize(try Audio.generated(source, seconds: 12))
        #expect(run.segments.isEmpty, "\(run.segments)")
    }

    @Test func wordTimestampsAreMonotonicAndInsideTheirSegments() throws {
        let recording = try #require(try Audio.librivoxRecordings().first)
        let run = try recognize(try Audio.samples(recording.path), ["word_timestamps": "true", "language": "en"])
        #expect(!run.segments.isEmpty)
        for segment in run.segments {
            #expect(!segment.words.isEmpty, "\(segment)")
            #expect(segment.words.map(\.text).joined(separator: " ") == segment.text)
            for word in segment.words {
                #expect(segment.start <= word.start && word.start <= word.end && word.end <= segment.end, "\(word) in \(segment.start)–\(segment.end)")
                #expect((0...1).contains(word.probability))
            }
            for (before, after) in zip(segment.words, segment.words.dropFirst()) {
                #expect(before.end <= after.start, "\(before.text) ends after \(after.text) starts")
            }
        }
        let words = run.segments.flatMap(\.words)
        #expect(words.count >= 15, "one entry per spoken word: \(words.map(\.text))")
        #expect(words.contains { $0.end - $0.start > 0.1 }, "words take time")
    }
}
