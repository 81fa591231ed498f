/// The language a model hears in some audio, and how sure it is.
public struct LanguageGuess: Sendable, Hashable {
    /// whisper.cpp's code for it (`es`; ISO 639-1 where there is one).
    public var code: String
    /// The model's probability for it, 0…1.
    public var probability: Float

    /// Creates a guess.
    public init(code: String, probability: Float) {
        self.code = code
        self.probability = probability
    }
}
