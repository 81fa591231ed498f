/// Tells recognised speech from what Whisper is known to invent over silence, noise and music.
///
/// Dropped: text without words (`♪♪`), sound annotations (`[Music]`), segments from a pass the
/// model thinks holds no speech and that it decoded with little confidence (OpenAI's rule),
/// phrases looping on themselves (what OpenAI's compression-ratio check finds), and, where the
/// no-speech probability is even half the threshold, the stock phrases Whisper puts on
/// non-speech (`Thank you.`) and segments with far too few words for how long they sound.
public struct TranscriptFilter: Sendable {
    /// What to do with a segment.
    public enum Verdict: Hashable, Sendable {
        /// Real speech: keep it.
        case keep
        /// Not speech, for the reason given.
        case drop(String)
    }

    /// A segment whose pass has a no-speech probability above this and whose average log
    /// probability is below ``logProbabilityThreshold`` is dropped; half of it is the bar for the
    /// stock-phrase and speaking-rate checks.
    public var noSpeechThreshold: Float
    /// See ``noSpeechThreshold``; Whisper's default is -1.
    public var logProbabilityThreshold: Float

    /// A filter with Whisper's usual thresholds.
    public init(noSpeechThreshold: Float = 0.6, logProbabilityThreshold: Float = -1) {
        self.noSpeechThreshold = noSpeechThreshold
        self.logProbabilityThreshold = logProbabilityThreshold
    }

    /// Whether `segment` is speech; its times should span the sound it was heard in.
    public func verdict(for segment: RecognizedSegment) -> Verdict {
        let text = segment.text
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.count
        guard letters > 0 else { return .drop("no words") }
        if let first = text.first, let last = text.last, Self.annotationBrackets[first] == last {
            return .drop("sound annotation")
        }
        if segment.noSpeechProbability > noSpeechThreshold && segment.averageLogProbability < logProbabilityThreshold {
            return .drop("no speech and unsure")
        }
        if Self.loops(text) {
            return .drop("repeats itself")
        }
        if segment.noSpeechProbability > noSpeechThreshold / 2 {
            if Self.stockPhrases.contains(Self.normalized(text)) { return .drop("stock phrase over likely non-speech") }
            let duration = segment.end - segment.start
            if duration >= 4, Double(letters) / duration < 1.5 { return .drop("too few words for \(Int(duration)) s of sound") }
        }
        return .keep
    }

    /// Openings and closings of the annotations Whisper writes for sounds.
    private static let annotationBrackets: [Character: Character] = ["[": "]", "(": ")", "*": "*", "♪": "♪", "♫": "♫"]

    /// What Whisper is known to write over silence, noise and music (subtitle credits and
    /// sign-offs it learned from), lowercased with only letters, digits and single spaces.
    static let stockPhrases: Set<String> = [
        "thank you", "thank you very much", "thanks", "thanks for watching", "thank you for watching",
        "thank you so much for watching", "please subscribe", "subscribe", "bye", "bye bye", "you", "so", "oh",
        "i m sorry", "subtitles by the amara org community", "gracias", "gracias por ver", "gracias por ver el video",
        "sous titres réalisés par la communauté d amara org", "merci", "untertitel im auftrag des zdf", "vielen dank",
        "obrigado", "grazie",
    ]

    /// Whether a whole pass is what the model thinks is not speech, by OpenAI's own rule: its
    /// no-speech probability above ``noSpeechThreshold`` and the mean of its segments' average
    /// log probabilities below ``logProbabilityThreshold``. Stronger than the same rule segment by
    /// segment: one confident invention among unsure ones goes with them.
    public func holdsNoSpeech(_ pass: [RecognizedSegment]) -> Bool {
        guard let first = pass.first, first.noSpeechProbability > noSpeechThreshold else { return false }
        return pass.map(\.averageLogProbability).reduce(0, +) / Float(pass.count) < logProbabilityThreshold
    }

    /// Texts that three or more segments of one window repeat word for word: Whisper looping on
    /// a tone or noise ("I'm wearing a jeans and jeans." again and again), not speech.
    public static func loopingTexts(in segments: [RecognizedSegment]) -> Set<String> {
        var counts: [String: Int] = [:]
        for segment in segments { counts[normalized(segment.text), default: 0] += 1 }
        return Set(counts.filter { !$0.key.isEmpty && $0.value >= 3 }.keys)
    }

    /// Whether `segment`'s text is one of `looping`.
    public static func isLooping(_ segment: RecognizedSegment, in looping: Set<String>) -> Bool {
        looping.contains(normalized(segment.text))
    }

    /// `text` lowercased, with every run of characters other than letters and digits made one space.
    static func normalized(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }

    /// Whether a run of one to four words repeated back to back at least three times (four for a
    /// single word) makes up at least half of the text's words and at least six of them.
    static func loops(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map(String.init)
        guard words.count >= 6 else { return false }
        for size in 1...4 {
            var start = 0
            while start + size <= words.count {
                let unit = words[start..<start + size]
                var repeats = 1
                while start + (repeats + 1) * size <= words.count, words[start + repeats * size..<start + (repeats + 1) * size] == unit { repeats += 1 }
                let covered = repeats * size
                if repeats >= (size == 1 ? 4 : 3), covered >= 6, 2 * covered >= words.count { return true }
                start += 1
            }
        }
        return false
    }
}
