import Dispatch
import Foundation
import Logging
import Recognition
import StageKit
import StageProtocol

/// Recognises speech in the audio it receives with Whisper (whisper.cpp) and emits transcript
/// segments as they become final.
///
/// Audio is recognised a window at a time (`window_seconds`, 30 by default) as soon as enough has
/// arrived, not after the whole stream: the segments that end well before the window does are
/// emitted, and the window's rest is heard again at the start of the next one (``WindowCut``).
/// The model is loaded once, when the first window with sound is ready, so `--validate` only reads
/// the model file's header.
///
/// **Silence and music.** A window with nothing above -50 dBFS is not given to Whisper at all.
/// Of what Whisper returns, ``TranscriptFilter`` drops sound annotations, text without words,
/// passes the model thinks hold no speech and phrases looping on themselves. Segment times are
/// then tightened to the sound inside them (``AudioLevels``), since Whisper stretches a segment
/// over the silence before the next one.
///
/// **Checkpoints.** Whisper is run with `no_context` (no text carried between windows), so what a
/// window yields depends on its audio alone. After each window the stage checkpoints the input
/// frame before the chunk holding the next window's first sample, with that sample's time: a
/// restarted copy is replayed from that chunk, told the time (`VTRANS_RESUME_MEDIA_TIME`), drops
/// the samples before it, starts its first window there, and repeats the output that followed
/// exactly. (It skips a checkpoint in the rare case that the last segment written ends after
/// the next window starts, since the copy would not know to keep segments after it.) Segment
/// ids continue across a restart from the first output sequence the supervisor gives
/// (`VTRANS_FIRST_SEQUENCE`): the stage only checkpoints while its output has been one
/// `stream_info` and then segments, so the segment written as output frame n has id n - 1. A
/// detected language is detected again by the restarted copy, on its own first window.
struct RecognizerStage: Stage {
    static let manifest = StageManifest(
        name: "recognizer",
        summary: "Recognise speech with Whisper (whisper.cpp) and emit transcript segments as the audio arrives",
        executable: "vtrans-recognizer",
        consumes: [.streamInfo, .audioChunk],
        produces: [.streamInfo, .segment],
        parameters: [
            .init("model", .string, default: "base", summary: "Model name, found as $VTRANS_MODELS_DIR/ggml-NAME.bin (default directory /opt/vtrans/models): base (multilingual), base-q4_0 (4-bit: fastest, as accurate in English, weaker at translating), tiny.en, NAME-q8_0 ...; or the path of a ggml model file"),
            .init("language", .language, default: "auto", summary: "Spoken language as an ISO 639-1 code; auto: detect it from the first windows with sound and report it"),
            .init("task", .choice, default: "transcribe", choices: ["transcribe", "translate"], summary: "transcribe: text in the spoken language; translate: English text (Whisper's own translation)"),
            .init("beam_size", .integer, default: "5", summary: "Beams of the beam search (1: greedy decoding)"),
            .init("threads", .integer, summary: "CPU threads for Whisper; default: the number of cores, at most 4"),
            .init("initial_prompt", .string, summary: "Text shown to Whisper before each window, to suggest names, spelling and style"),
            .init("word_timestamps", .boolean, default: "false", summary: "Give each segment its words with start, end and probability (DTW on the model's alignment heads)"),
            .init("no_speech_threshold", .number, default: "0.6", summary: "Drop text from a window whose no-speech probability is above this and whose average log probability is below -1"),
            .init("window_seconds", .number, default: "30", summary: "Audio recognised at a time, in seconds (5 to 30); segments are emitted after each window"),
        ],
        limits: ResourceLimits(memoryBytes: 2 << 30),
        checkpoints: true)

    private static let sampleRate = 16000

    private let settings: RecognizerSettings
    private let logger: Logger
    private let filter: TranscriptFilter
    private var model: WhisperModel?
    /// The language segments are recognised in, once known.
    private var spoken: LanguageGuess?
    private var window: AudioWindow
    private var nextSegmentID: UInt64
    /// The id this process gave or will give its first segment.
    private let firstSegmentID: UInt64
    /// Data frames written that are not segments (`stream_info`, frames passed through).
    private var otherOutputs: Int
    private var lastInputSequence: UInt64?
    private let isRestart: Bool
    private var mediaDuration = -1.0
    private var lastEnd = 0.0
    private var inferenceSeconds = 0.0
    private var recognizedSeconds = 0.0
    private var reportedRepairs = (gap: 0, overlap: 0)

    init(context: StageContext) throws {
        let environment = ProcessInfo.processInfo.environment
        settings = try RecognizerSettings(context.parameters, environment: environment)
        logger = context.logger
        filter = TranscriptFilter(noSpeechThreshold: settings.noSpeechThreshold)
        if let language = settings.language { spoken = LanguageGuess(code: language, probability: 1) }
        let firstSequence = environment["VTRANS_FIRST_SEQUENCE"].flatMap(UInt64.init) ?? 1
        isRestart = firstSequence > 1
        let resumeTime = isRestart ? environment["VTRANS_RESUME_MEDIA_TIME"].flatMap(Double.init) : nil
        let resumeSample = resumeTime.map { UInt64(($0 * Double(Self.sampleRate)).rounded()) } ?? 0
        window = AudioWindow(keepingFrom: resumeSample)
        lastEnd = resumeTime ?? 0
        nextSegmentID = max(1, firstSequence - 1)
        firstSegmentID = nextSegmentID
        otherOutputs = isRestart ? 1 : 0
    }

    mutating func handle(_ message: Message, output: StageOutput) throws {
        countPassedThrough(before: output.currentInputSequence)
        switch message {
        case .streamInfo(let info):
            mediaDuration = info.duration
            try output.emit(message)
            otherOutputs += 1
        case .audioChunk(let chunk):
            guard chunk.sampleRate == UInt32(Self.sampleRate), chunk.channels == 1 else {
                throw StageFailure(code: "unsupported_audio", message: "audio arrives at \(chunk.sampleRate) Hz with \(chunk.channels) channel(s); the recognizer needs 16000 Hz mono (the decoder's default sample_rate)")
            }
            window.append(chunk, sequence: output.currentInputSequence)
            reportRepairs()
            while window.samples.count >= settings.windowSamples {
                try recognizeWindow(isLast: false, output: output)
            }
        default:
            try output.emit(message)
            otherOutputs += 1
        }
    }

    mutating func finish(output: StageOutput) throws {
        // Under 0.1 s is too short for Whisper to hear anything (it warns and pads).
        while window.samples.count >= Self.sampleRate / 10 {
            try recognizeWindow(isLast: true, output: output)
        }
        let done = Double(window.origin + UInt64(window.samples.count)) / Double(Self.sampleRate)
        logger.info("recognized the stream", metadata: [
            "audio_seconds": "\(Self.rounded(recognizedSeconds))", "inference_seconds": "\(Self.rounded(inferenceSeconds))",
            "real_time_factor": "\(recognizedSeconds > 0 ? Self.rounded(inferenceSeconds / recognizedSeconds, places: 3) : 0)",
            "segments": "\(nextSegmentID - 1)",
        ])
        try output.progress(fraction: 1, done: done, total: mediaDuration > 0 ? mediaDuration : done, unit: "s", note: languageNote)
    }

    /// Recognises the window at the start of the held audio (`isLast`: no more audio will come),
    /// emits its final segments, moves on and checkpoints when it can.
    private mutating func recognizeWindow(isLast: Bool, output: StageOutput) throws {
        let count = min(window.samples.count, settings.windowSamples)
        let start = Double(window.origin) / Double(Self.sampleRate)
        let (levels, segments) = try window.samples.withUnsafeBufferPointer { all in
            let samples = UnsafeBufferPointer(rebasing: all[0..<count])
            let levels = AudioLevels(samples, sampleRate: Self.sampleRate)
            guard !levels.isSilent else {
                logger.debug("window is silent; not recognized", metadata: ["start": "\(Self.rounded(start))", "peak": "\(levels.peak)"])
                return (levels, [RecognizedSegment]())
            }
            return (levels, try recognize(samples, start: start, output: output))
        }
        let cut = WindowCut.plan(segments: segments, windowSamples: count, levels: levels, isLast: isLast)
        let carried = Double(cut.carrySample) / Double(Self.sampleRate)
        let looping = TranscriptFilter.loopingTexts(in: segments)
        let noSpeech = filter.holdsNoSpeech(segments)
        if noSpeech {
            logger.debug("dropped a pass that holds no speech", metadata: [
                "start": "\(Self.rounded(start))", "segments": "\(segments.count)",
                "no_speech_probability": "\(Self.rounded(Double(segments.first?.noSpeechProbability ?? 0), places: 3))",
            ])
        }
        for segment in segments.prefix(cut.finalCount) where !noSpeech {
            if TranscriptFilter.isLooping(segment, in: looping) {
                logger.debug("dropped a looping segment", metadata: ["text": "\(segment.text)", "start": "\(Self.rounded(start + segment.start))"])
                continue
            }
            try emit(segment, windowStart: start, before: carried, levels: levels, output: output)
        }
        window.consume(cut.carrySample)
        let reached = Double(window.origin) / Double(Self.sampleRate)
        logger.debug("cut the window", metadata: [
            "start": "\(Self.rounded(start))", "final_segments": "\(cut.finalCount)", "held_segments": "\(segments.count - cut.finalCount)",
            "next_start": "\(Self.rounded(reached))", "in_chunk": "\(window.originSequence.map { "\($0)" } ?? "none")",
        ])
        if let chunk = window.originSequence, otherOutputs == 1, lastEnd <= reached {
            try output.checkpoint(inputSequence: chunk - 1, mediaTime: reached)
        }
        let fraction = mediaDuration > 0 ? min(isLast ? 1 : 0.99, reached / mediaDuration) : -1
        try output.progress(fraction: fraction, done: reached, total: max(mediaDuration, 0), unit: "s", note: languageNote)
    }

    /// Runs Whisper on one window, loading the model and detecting the language first if needed.
    private mutating func recognize(_ samples: UnsafeBufferPointer<Float>, start: Double, output: StageOutput) throws -> [RecognizedSegment] {
        let model = try loadedModel()
        let language = try spokenLanguage(in: samples, model: model, output: output)
        let options = DecodingOptions(
            language: language, translate: settings.translate, beamSize: settings.beamSize, threads: settings.threads,
            initialPrompt: settings.initialPrompt, noSpeechThreshold: settings.noSpeechThreshold)
        let started = DispatchTime.now()
        let segments: [RecognizedSegment]
        do {
            segments = try model.transcribe(samples, options: options)
        } catch {
            throw StageFailure(error)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let audio = Double(samples.count) / Double(Self.sampleRate)
        inferenceSeconds += seconds
        recognizedSeconds += audio
        logger.info("recognized a window", metadata: [
            "start": "\(Self.rounded(start))", "audio_seconds": "\(Self.rounded(audio))", "inference_seconds": "\(Self.rounded(seconds))",
            "real_time_factor": "\(Self.rounded(seconds / audio, places: 3))", "segments": "\(segments.count)",
        ])
        return segments
    }

    /// Emits `segment` (times from the window's start) unless it is not speech, with its times
    /// tightened to the sound inside it before `limit` (where the next window starts), and kept
    /// after the previous segment's end.
    private mutating func emit(_ segment: RecognizedSegment, windowStart: Double, before limit: Double, levels: AudioLevels, output: StageOutput) throws {
        var heard = segment
        heard.end = max(min(segment.end, limit), segment.start)
        if let sound = levels.soundSpan(from: heard.start, to: heard.end) {
            heard.start = sound.start
            heard.end = sound.end
        }
        let verdict = filter.verdict(for: heard)
        let reason = if case .drop(let reason) = verdict { reason } else { "" }
        logger.debug(verdict == .keep ? "kept a segment" : "dropped a segment", metadata: [
            "text": "\(segment.text)", "start": "\(Self.rounded(windowStart + heard.start))", "end": "\(Self.rounded(windowStart + heard.end))",
            "whisper_start": "\(Self.rounded(windowStart + segment.start))", "whisper_end": "\(Self.rounded(windowStart + segment.end))",
            "no_speech_probability": "\(Self.rounded(Double(segment.noSpeechProbability), places: 3))",
            "average_log_probability": "\(Self.rounded(Double(segment.averageLogProbability), places: 3))",
            "reason": "\(reason)",
        ])
        guard verdict == .keep else { return }
        let start = max(windowStart + heard.start, lastEnd)
        let end = max(windowStart + heard.end, start + 0.01)
        let words = segment.words.map { word in
            let wordStart = min(max(windowStart + word.start, start), end)
            return Word(start: wordStart, end: min(max(windowStart + word.end, wordStart), end), text: word.text, probability: word.probability)
        }
        let language = settings.translate ? "en" : spoken?.code ?? ""
        try output.emit(.segment(Segment(id: nextSegmentID, start: start, end: end, text: segment.text, language: language, words: words)))
        nextSegmentID += 1
        lastEnd = end
    }

    private mutating func loadedModel() throws -> WhisperModel {
        if let model { return model }
        let loaded: WhisperModel
        do {
            loaded = try WhisperModel(file: settings.model, alignWords: settings.wordTimestamps, logger: logger)
        } catch {
            throw StageFailure(error)
        }
        logger.info("loaded the model", metadata: [
            "model": "\(settings.modelName)", "path": "\(settings.model.path)", "load_seconds": "\(Self.rounded(loaded.loadSeconds, places: 3))",
            "multilingual": "\(settings.model.isMultilingual)", "threads": "\(settings.threads)", "beam_size": "\(settings.beamSize)",
        ])
        model = loaded
        return loaded
    }

    /// The language to decode in: given, or detected from the first window with sound. A guess
    /// under 50% (music before the speech, say) is made again on the next window with sound,
    /// until one is sure enough or a segment has been emitted in it: a stream gets one language.
    private mutating func spokenLanguage(in samples: UnsafeBufferPointer<Float>, model: WhisperModel, output: StageOutput) throws -> String {
        if let spoken, spoken.probability >= 0.5 || nextSegmentID > firstSegmentID { return spoken.code }
        let started = DispatchTime.now()
        let guess: LanguageGuess
        do {
            guess = try model.detectLanguage(samples, threads: settings.threads)
        } catch {
            throw StageFailure(error)
        }
        if let spoken, spoken.probability > guess.probability {
            logger.info("kept language \(spoken.code)", metadata: ["probability": "\(Self.rounded(Double(spoken.probability), places: 3))", "other": "\(guess.code)"])
            return spoken.code
        }
        spoken = guess
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        logger.info("detected language \(guess.code)", metadata: [
            "probability": "\(Self.rounded(Double(guess.probability), places: 3))", "detect_seconds": "\(Self.rounded(seconds, places: 3))",
        ])
        return guess.code
    }

    /// `detected language es (p=0.97)` once the language is detected, else empty.
    private var languageNote: String {
        guard settings.language == nil, let spoken else { return "" }
        return "detected language \(spoken.code) (p=\(String(format: "%.2f", spoken.probability)))"
    }

    /// Counts data frames the stage skeleton passed through between the last input handled and
    /// the one with `sequence` (input data frames are numbered without gaps).
    private mutating func countPassedThrough(before sequence: UInt64) {
        if let last = lastInputSequence {
            otherOutputs += Int(sequence > last + 1 ? sequence - last - 1 : 0)
        } else if !isRestart {
            otherOutputs += Int(sequence > 1 ? sequence - 1 : 0)
        }
        lastInputSequence = sequence
    }

    private mutating func reportRepairs() {
        guard window.repaired != reportedRepairs else { return }
        logger.warning("audio chunks are not contiguous; filled gaps with silence and dropped overlaps", metadata: [
            "gap_samples": "\(window.repaired.gap)", "overlap_samples": "\(window.repaired.overlap)",
        ])
        reportedRepairs = window.repaired
    }

    private static func rounded(_ value: Double, places: Int = 2) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
