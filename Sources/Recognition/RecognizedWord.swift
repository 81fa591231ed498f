/// A word of a ``RecognizedSegment`` with its time, from whisper.cpp's DTW token alignment.
public struct RecognizedWord: Sendable, Hashable {
    /// Start, in seconds from the start of the audio given to ``WhisperModel/transcribe(_:options:)``.
    public var start: Double
    /// End, in the same seconds.
    public var end: Double
    /// The word with the punctuation that follows it, without surrounding spaces.
    public var text: String
    /// Mean probability of its tokens, 0…1.
    public var probability: Float

    /// Creates a word.
    public init(start: Double, end: Double, text: String, probability: Float) {
        self.start = start
        self.end = end
        self.text = text
        self.probability = probability
    }
}
