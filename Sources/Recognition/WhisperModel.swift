import CWhisper
import Foundation
import Logging

/// A Whisper model loaded by whisper.cpp, ready to recognise speech.
///
/// Owns the `whisper_context` (the weights) and frees it when released; every whisper.cpp
/// failure becomes a ``RecognitionError``. Load it once per process: loading reads the whole file.
///
/// Each call decodes with a fresh `whisper_state` (about 10 ms to make), freed before it returns,
/// so that the same audio always gives the same text: whisper.cpp's beam search draws its
/// candidates from a random generator that lives in the state and is seeded once, so a state
/// that has decoded before decodes the same audio differently. Not for concurrent use.
public final class WhisperModel {
    /// The file the weights came from.
    public let file: ModelFile
    /// Seconds it took to load the weights.
    public let loadSeconds: Double
    /// Whether segments come with words and their times (DTW on the model's alignment heads).
    public let alignsWords: Bool
    private let context: OpaquePointer
    /// The alignment heads handed to whisper.cpp, kept for the context's lifetime.
    private let heads: UnsafeMutableBufferPointer<whisper_ahead>
    private let logger: Logger

    /// Loads the model in `file`.
    /// - Parameters:
    ///   - alignWords: give each segment its words with times (costs a little decoding time and
    ///     turns flash attention off, which whisper.cpp's DTW cannot work with).
    ///   - logger: where whisper.cpp's own log lines go from now on.
    /// - Throws: ``RecognitionError`` `model_load_failed` when whisper.cpp cannot create a context.
    public init(file: ModelFile, alignWords: Bool, logger: Logger) throws(RecognitionError) {
        WhisperLog.route(to: logger)
        _ = Self.backends
        guard ggml_backend_dev_count() > 0 else {
            throw RecognitionError(.modelLoadFailed, "whisper.cpp found no compute backend (libggml-cpu-*.so under /opt/vtrans/lib/ggml); reinstall it with scripts/install-whisper.sh --force")
        }
        var parameters = whisper_context_default_params()
        parameters.use_gpu = false
        let heads = UnsafeMutableBufferPointer<whisper_ahead>.allocate(capacity: max(1, file.alignmentHeads.count))
        if alignWords {
            parameters.flash_attn = false
            parameters.dtw_token_timestamps = true
            if !file.alignmentHeads.isEmpty {
                for (index, head) in file.alignmentHeads.enumerated() {
                    heads[index] = whisper_ahead(n_text_layer: Int32(head.layer), n_head: Int32(head.head))
                }
                parameters.dtw_aheads_preset = WHISPER_AHEADS_CUSTOM
                parameters.dtw_aheads = whisper_aheads(n_heads: file.alignmentHeads.count, heads: UnsafePointer(heads.baseAddress))
            } else if let preset = Self.preset(for: file) {
                parameters.dtw_aheads_preset = preset
            } else {
                logger.notice("no model card with alignment heads beside the model; aligning words on every head of the top decoder layers", metadata: ["model": "\(file.path)"])
                parameters.dtw_aheads_preset = WHISPER_AHEADS_N_TOP_MOST
                parameters.dtw_n_top = Int32(max(1, file.textLayers / 2))
            }
        }
        let started = DispatchTime.now()
        guard let context = whisper_init_from_file_with_params_no_state(file.path, parameters) else {
            heads.deallocate()
            throw RecognitionError(.modelLoadFailed, "whisper.cpp could not load \(file.path) (its log lines above say why); reinstall it with: vtrans models install")
        }
        self.context = context
        self.heads = heads
        self.file = file
        self.alignsWords = alignWords
        self.logger = logger
        loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    }

    deinit {
        whisper_free(context)
        heads.deallocate()
    }

    /// The language spoken in the first 30 seconds of `samples` (16 kHz mono), with its
    /// probability. An English-only model answers English without looking.
    /// - Throws: ``RecognitionError`` `inference_failed` when whisper.cpp fails.
    public func detectLanguage(_ samples: UnsafeBufferPointer<Float>, threads: Int) throws(RecognitionError) -> LanguageGuess {
        guard file.isMultilingual else { return LanguageGuess(code: "en", probability: 1) }
        return try withState { state throws(RecognitionError) in
            let status = whisper_pcm_to_mel_with_state(context, state, samples.baseAddress, Int32(samples.count), Int32(threads))
            guard status == 0 else {
                throw RecognitionError(.inferenceFailed, "whisper.cpp could not compute the mel spectrogram (status \(status))", isRetryable: true)
            }
            var probabilities = [Float](repeating: 0, count: Int(whisper_lang_max_id()) + 1)
            let id = whisper_lang_auto_detect_with_state(context, state, 0, Int32(threads), &probabilities)
            guard id >= 0, Int(id) < probabilities.count, let name = whisper_lang_str(id) else {
                throw RecognitionError(.inferenceFailed, "whisper.cpp could not detect the language (status \(id))", isRetryable: true)
            }
            return LanguageGuess(code: String(cString: name), probability: probabilities[Int(id)])
        }
    }

    /// Whether a model, multilingual or not, knows `language` (a whisper.cpp code such as `es`);
    /// callable before loading one.
    public static func knows(language: String, multilingual: Bool) -> Bool {
        guard multilingual else { return language == "en" }
        let id = whisper_lang_id(language)
        return id >= 0 && whisper_lang_str(id).map { String(cString: $0) } == language
    }

    /// Recognises what Whisper hears in one pass over `samples` (16 kHz mono float32): up to 30
    /// seconds, decoded as far as the last complete segment; audio after it is left for the
    /// caller to give again with what follows.
    ///
    /// Each segment carries the pass's no-speech probability as OpenAI's Whisper computes it (the
    /// probability of the no-speech token right after start-of-transcript). whisper.cpp 1.8.5
    /// reads it after the whole prompt instead, where it is always near 0, so this asks the
    /// decoder once more for it: one token, a few milliseconds.
    /// - Returns: the segments, with times in seconds from the first sample.
    /// - Throws: ``RecognitionError`` `inference_failed` when whisper.cpp fails.
    public func transcribe(_ samples: UnsafeBufferPointer<Float>, options: DecodingOptions) throws(RecognitionError) -> [RecognizedSegment] {
        var parameters = whisper_full_default_params(options.beamSize > 1 ? WHISPER_SAMPLING_BEAM_SEARCH : WHISPER_SAMPLING_GREEDY)
        parameters.n_threads = Int32(options.threads)
        if options.beamSize > 1 { parameters.beam_search.beam_size = Int32(options.beamSize) }
        parameters.translate = options.translate
        parameters.no_context = true
        parameters.detect_language = false
        parameters.print_progress = false
        parameters.print_realtime = false
        parameters.print_timestamps = false
        parameters.print_special = false
        parameters.suppress_blank = true
        parameters.suppress_nst = true
        parameters.no_speech_thold = options.noSpeechThreshold
        // Called before each encoder pass; saying no to the second stops whisper_full cleanly.
        parameters.encoder_begin_callback = { _, _, passes in
            guard let passes = passes?.assumingMemoryBound(to: Int.self) else { return true }
            passes.pointee += 1
            return passes.pointee == 1
        }
        let passes = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        passes.initialize(to: 0)
        defer { passes.deallocate() }
        parameters.encoder_begin_callback_user_data = UnsafeMutableRawPointer(passes)
        return try withState { state throws(RecognitionError) in
            let status = options.language.withCString { language in
                options.initialPrompt.withCString { prompt in
                    parameters.language = language
                    parameters.initial_prompt = options.initialPrompt.isEmpty ? nil : prompt
                    return whisper_full_with_state(context, state, parameters, samples.baseAddress, Int32(samples.count))
                }
            }
            guard status == 0 else {
                throw RecognitionError(.inferenceFailed, "whisper.cpp failed to recognise \(String(format: "%.1f", Double(samples.count) / 16000)) s of audio (whisper_full status \(status))", isRetryable: true)
            }
            var segments = (0..<whisper_full_n_segments_from_state(state)).map { segment($0, in: state) }
            guard !segments.isEmpty else { return [] }
            let noSpeech = try noSpeechProbability(in: state, threads: options.threads)
            for index in segments.indices { segments[index].noSpeechProbability = noSpeech }
            return segments
        }
    }

    /// Runs `body` with a fresh decoding state, freed afterwards.
    private func withState<R>(_ body: (OpaquePointer) throws(RecognitionError) -> R) throws(RecognitionError) -> R {
        guard let state = whisper_init_state(context) else {
            throw RecognitionError(.inferenceFailed, "whisper.cpp could not allocate a decoding state (out of memory?)", isRetryable: true)
        }
        defer { whisper_free_state(state) }
        return try body(state)
    }

    /// The probability of the no-speech token right after start-of-transcript, for the audio the
    /// encoder last heard in `state`.
    private func noSpeechProbability(in state: OpaquePointer, threads: Int) throws(RecognitionError) -> Float {
        var start = whisper_token_sot(context)
        let status = whisper_decode_with_state(context, state, &start, 1, 0, Int32(threads))
        guard status == 0, let logits = whisper_get_logits_from_state(state) else {
            throw RecognitionError(.inferenceFailed, "whisper.cpp failed to decode the start of a transcript (status \(status))", isRetryable: true)
        }
        let vocabulary = UnsafeBufferPointer(start: logits, count: Int(whisper_n_vocab(context)))
        let noSpeech = Int(whisper_token_nosp(context))
        guard let largest = vocabulary.max(), vocabulary.indices.contains(noSpeech) else { return 0 }
        let total = vocabulary.reduce(Float(0)) { $0 + exp($1 - largest) }
        return exp(vocabulary[noSpeech] - largest) / total
    }

    /// Segment `index` of what `state` decoded.
    private func segment(_ index: Int32, in state: OpaquePointer) -> RecognizedSegment {
        let endOfText = whisper_token_eot(context)
        var logProbabilities: Float = 0
        var textTokens = 0
        var words: [RecognizedWord] = []
        var word = WordBuilder()
        for tokenIndex in 0..<whisper_full_n_tokens_from_state(state, index) {
            let token = whisper_full_get_token_data_from_state(state, index, tokenIndex)
            guard token.id < endOfText, let text = whisper_full_get_token_text_from_state(context, state, index, tokenIndex) else { continue }
            logProbabilities += token.plog
            textTokens += 1
            guard alignsWords else { continue }
            let bytes = Array(UnsafeBufferPointer(start: text, count: strlen(text)).map { UInt8(bitPattern: $0) })
            if bytes.first == UInt8(ascii: " "), let finished = word.finish(after: words.last?.end) { words.append(finished) }
            word.add(bytes, probability: token.p, time: token.t_dtw >= 0 ? Double(token.t_dtw) / 100 : nil)
        }
        let start = Double(whisper_full_get_segment_t0_from_state(state, index)) / 100
        let end = Double(whisper_full_get_segment_t1_from_state(state, index)) / 100
        if let finished = word.finish(after: words.last?.end) { words.append(finished) }
        return RecognizedSegment(
            start: start, end: end,
            text: String(cString: whisper_full_get_segment_text_from_state(state, index)).trimmingCharacters(in: .whitespacesAndNewlines),
            noSpeechProbability: whisper_full_get_segment_no_speech_prob_from_state(state, index),
            averageLogProbability: textTokens > 0 ? logProbabilities / Float(textTokens) : 0,
            words: words.map { word in
                var word = word
                word.start = min(max(word.start, start), end)
                word.end = min(max(word.end, word.start), end)
                return word
            })
    }

    /// whisper.cpp's alignment-head preset for a model without a card, from its shape.
    private static func preset(for file: ModelFile) -> whisper_alignment_heads_preset? {
        switch (file.audioLayers, file.textLayers, file.isMultilingual) {
        case (4, 4, false): WHISPER_AHEADS_TINY_EN
        case (4, 4, true): WHISPER_AHEADS_TINY
        case (6, 6, false): WHISPER_AHEADS_BASE_EN
        case (6, 6, true): WHISPER_AHEADS_BASE
        case (12, 12, false): WHISPER_AHEADS_SMALL_EN
        case (12, 12, true): WHISPER_AHEADS_SMALL
        case (24, 24, false): WHISPER_AHEADS_MEDIUM_EN
        case (24, 24, true): WHISPER_AHEADS_MEDIUM
        case (32, 4, true): WHISPER_AHEADS_LARGE_V3_TURBO
        default: nil
        }
    }

    /// ggml's CPU backends are loadable modules: load the best one for this CPU, once per process,
    /// before any context is created.
    private static let backends: Void = ggml_backend_load_all()
}

/// Collects the tokens of one word: its bytes (a character may span tokens), the time of its
/// last spoken token and its tokens' probabilities.
private struct WordBuilder {
    private var bytes: [UInt8] = []
    private var end: Double?
    private var probabilities: [Float] = []

    mutating func add(_ tokenBytes: [UInt8], probability: Float, time: Double?) {
        bytes += tokenBytes
        probabilities.append(probability)
        // DTW places a token where it ends; a punctuation token's time is noise.
        if let time, tokenBytes.contains(where: { Self.isSpoken($0) }) { end = max(end ?? time, time) }
    }

    /// The word collected so far, starting where the previous one ended; then starts afresh.
    mutating func finish(after previousEnd: Double?) -> RecognizedWord? {
        defer { self = WordBuilder() }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !probabilities.isEmpty else { return nil }
        let end = max(end ?? previousEnd ?? 0, previousEnd ?? 0)
        return RecognizedWord(start: min(previousEnd ?? 0, end), end: end, text: text, probability: probabilities.reduce(0, +) / Float(probabilities.count))
    }

    /// Letters and digits of any script (bytes of multi-byte UTF-8 sequences count as spoken).
    private static func isSpoken(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }
}
