/// How ``WhisperModel`` decodes a stretch of audio.
public struct DecodingOptions: Sendable, Hashable {
    /// The spoken language as whisper.cpp names it (`en`, `es`, `yue`); it must be known to the model.
    public var language: String
    /// Translate into English (Whisper's `translate` task) instead of transcribing.
    public var translate: Bool
    /// Beams of the beam search; 1 decodes greedily.
    public var beamSize: Int
    /// CPU threads for the encoder and decoder.
    public var threads: Int
    /// Text shown to the decoder before each window, to suggest spelling and style; empty for none.
    public var initialPrompt: String
    /// whisper.cpp drops a pass whose no-speech probability is above this and whose average log
    /// probability is below -1.
    public var noSpeechThreshold: Float

    /// Options with the defaults of the recognizer stage's manifest.
    public init(language: String, translate: Bool = false, beamSize: Int = 5, threads: Int = 4, initialPrompt: String = "", noSpeechThreshold: Float = 0.6) {
        self.language = language
        self.translate = translate
        self.beamSize = beamSize
        self.threads = threads
        self.initialPrompt = initialPrompt
        self.noSpeechThreshold = noSpeechThreshold
    }
}
