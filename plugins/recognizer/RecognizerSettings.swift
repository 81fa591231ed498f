import Foundation
import Recognition
import StageKit
import StageProtocol

/// The recognizer's parameters, checked: the model file found and readable, the language and
/// task possible with it, every number in range.
struct RecognizerSettings {
    /// The model, read from its header (not loaded).
    let model: ModelFile
    /// The model as the user named it (`base`, or a path).
    let modelName: String
    /// The spoken language (a whisper.cpp code), or `nil` to detect it.
    let language: String?
    /// Translate into English instead of transcribing.
    let translate: Bool
    let beamSize: Int
    let threads: Int
    let initialPrompt: String
    let wordTimestamps: Bool
    let noSpeechThreshold: Float
    /// Samples per window (16 kHz).
    let windowSamples: Int

    /// Where models are looked for by name when `$VTRANS_MODELS_DIR` is not set.
    static let defaultModelsDirectory = "/opt/vtrans/models"

    /// The command that installs model `name`: `base-q4_0` is `base` quantized to q4_0.
    static func installCommand(for name: String) -> String {
        let parts = name.split(separator: "-")
        if parts.count >= 2, let last = parts.last, last.first == "q", last.contains("_") {
            return "vtrans models install \(parts.dropLast().joined(separator: "-")) --quantize \(last)"
        }
        return "vtrans models install \(name)"
    }

    /// Reads and checks `parameters`; model names are looked up in `environment["VTRANS_MODELS_DIR"]`.
    /// - Throws: ``StageFailure`` `bad_parameter`, `model_missing` or `model_invalid`.
    init(_ parameters: StageParameters, environment: [String: String]) throws(StageFailure) {
        let name = parameters.string("model")
        guard !name.isEmpty else { throw StageFailure(code: "bad_parameter", message: "parameter 'model' is empty; expected a model name such as base or tiny.en, or the path of a ggml file") }
        let directory = environment["VTRANS_MODELS_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultModelsDirectory
        let isPath = name.contains("/") || name.hasSuffix(".bin")
        let path = isPath ? name : (directory as NSString).appendingPathComponent("ggml-\(name).bin")
        do {
            model = try ModelFile(path: path)
        } catch where error.code == .modelMissing {
            let message = isPath
                ? "model file \(path) does not exist; give the path of a ggml model, or a model name such as base (install one with: vtrans models install base)"
                : "model '\(name)' is not installed (looked for \(path)); install it with: \(Self.installCommand(for: name))"
            throw StageFailure(code: error.code.description, message: message)
        } catch {
            throw StageFailure(error)
        }
        modelName = name

        translate = try parameters.choice("task") == "translate"
        let language = parameters.string("language").lowercased()
        if language.isEmpty || language == "auto" {
            self.language = nil
        } else {
            guard WhisperModel.knows(language: language, multilingual: true) else {
                throw StageFailure(code: "bad_parameter", message: "parameter 'language' is '\(language)'; Whisper does not know it (give an ISO 639-1 code such as en, es, de, or auto)")
            }
            guard model.isMultilingual || language == "en" else {
                throw StageFailure(code: "bad_parameter", message: "model '\(name)' knows only English, and parameter 'language' is '\(language)'; use a multilingual model such as base")
            }
            self.language = language
        }
        if translate && !model.isMultilingual {
            throw StageFailure(code: "bad_parameter", message: "model '\(name)' knows only English and cannot translate; use a multilingual model such as base for task translate")
        }

        beamSize = try Self.integer(parameters, "beam_size", in: 1...16, default: 5)
        threads = try Self.integer(parameters, "threads", in: 1...256, default: min(4, ProcessInfo.processInfo.activeProcessorCount))
        initialPrompt = parameters.string("initial_prompt")
        wordTimestamps = try parameters.boolean("word_timestamps")
        let threshold = try parameters.number("no_speech_threshold") ?? 0.6
        guard (0...1).contains(threshold) else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'no_speech_threshold' is \(threshold); expected a probability from 0 to 1")
        }
        noSpeechThreshold = Float(threshold)
        let window = try parameters.number("window_seconds") ?? 30
        guard (5...30).contains(window) else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'window_seconds' is \(window); expected 5 to 30 (Whisper hears at most 30 seconds at a time)")
        }
        windowSamples = Int(window * 16000)
    }

    private static func integer(_ parameters: StageParameters, _ name: String, in range: ClosedRange<Int>, default value: Int) throws(StageFailure) -> Int {
        let value = try parameters.integer(name) ?? value
        guard range.contains(value) else {
            throw StageFailure(code: "bad_parameter", message: "parameter '\(name)' is \(value); expected \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
