/// A stretch of recognised speech as whisper.cpp returns it, with what the stage needs to judge
/// whether it is real speech.
public struct RecognizedSegment: Sendable, Hashable {
    /// Start, in seconds from the start of the audio given to ``WhisperModel/transcribe(_:options:)``.
    public var start: Double
    /// End, in the same seconds.
    public var end: Double
    /// The text, without surrounding spaces.
    public var text: String
    /// The model's probability that the pass it came from holds no speech.
    public var noSpeechProbability: Float
    /// Mean log probability of the segment's text tokens (0 when it has none).
    public var averageLogProbability: Float
    /// Its words with times, when the model was loaded to align words (``WhisperModel/alignsWords``).
    public var words: [RecognizedWord]

    /// Creates a segment.
    public init(start: Double, end: Double, text: String, noSpeechProbability: Float = 0, averageLogProbability: Float = 0, words: [RecognizedWord] = []) {
        self.start = start
        self.end = end
        self.text = text
        self.noSpeechProbability = noSpeechProbability
        self.averageLogProbability = averageLogProbability
        self.words = words
    }
}
