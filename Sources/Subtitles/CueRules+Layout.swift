import StageProtocol

extension CueRules {
    /// Lays `segments` (one language) out as cues that follow these rules.
    ///
    /// Long segments are split at word boundaries, timed by their word timestamps when they
    /// have matching ones and in proportion to text length otherwise; cues too short to read
    /// are merged with a neighbour or extended into the silence around them; overlaps are
    /// removed and every cue gets its lines balanced. It never fails: what it cannot honour
    /// (a segment without usable times, word timings that do not match the text, speech too
    /// fast for the reading speed) is said in ``CueLayout/warnings``. Every word of the input
    /// appears once, in time order; a word longer than a line is cut into line-sized pieces.
    public func layout(_ segments: [Segment]) -> CueLayout {
        let rules = effective
        let breaker = LineBreaker(maxLineLength: rules.maxLineLength, maxLines: rules.maxLines)
        let splitter = CueSplitter(rules: rules, breaker: breaker)
        var untimed: [UInt64] = []
        var mismatched: [UInt64] = []
        var drafts: [CueDraft] = []
        for segment in Self.inTimeOrder(segments, start: \.start) {
            let words = Self.words(of: segment.text, maxLength: rules.maxLineLength)
            guard !words.isEmpty else { continue }
            let start = segment.start.isFinite ? max(0, segment.start) : (drafts.last?.end ?? 0)
            var end = segment.end
            if !end.isFinite || end <= start {
                end = start + rules.readingTime(characters: words.joinedLength)
                untimed.append(segment.id)
            }
            var timed = WordTiming.proportional(words, start: start, end: end)
            if !segment.words.isEmpty {
                if let aligned = WordTiming.aligned(words, timings: segment.words, start: start) {
                    timed = aligned
                } else {
                    mismatched.append(segment.id)
                }
            }
            for piece in splitter.pieces(timed) {
                let first = timed[piece.lowerBound]
                let last = timed[piece.upperBound - 1]
                drafts.append(CueDraft(start: first.start, end: max(last.end, first.start), words: timed[piece].map(\.text)))
            }
        }
        drafts = Self.inTimeOrder(drafts, start: \.start)
        rules.mergeTinyCues(&drafts, breaker: breaker)
        rules.retime(&drafts, breaker: breaker)

        var warnings: [String] = []
        if !untimed.isEmpty {
            warnings.append("\(Self.segments(untimed)) no usable end time; shown for the time it takes to read them")
        }
        if !mismatched.isEmpty {
            warnings.append("\(Self.segments(mismatched)) word timings that do not match the text; timed in proportion to text length instead")
        }
        let cues = drafts.map { Cue(start: $0.start, end: $0.end, lines: breaker.lines($0.words)) }
        let fast = cues.filter { Double($0.text.count) > rules.maxCharactersPerSecond * $0.duration + 1e-6 }.count
        if fast > 0 {
            warnings.append("\(fast) of \(cues.count) cues are faster than \(Self.number(rules.maxCharactersPerSecond)) characters per second: the speech leaves no time to show them longer")
        }
        return CueLayout(cues: cues, warnings: warnings)
    }

    /// Seconds a cue of `characters` needs on screen: enough to read it, at least the shortest
    /// and at most the longest duration.
    func readingTime(characters: Int) -> Double {
        min(maxDuration, max(minDuration, Double(characters) / maxCharactersPerSecond))
    }

    /// The shortest time a cue is squeezed to when the next one follows at once.
    private var shortestVisible: Double { min(max(minDuration / 2, 0.1), maxDuration) }

    /// Merges each cue shorter than ``minDuration`` that the silence after it cannot make long
    /// enough into the next cue, or else into a previous cue that ends just before it, where
    /// the result still fits.
    private func mergeTinyCues(_ drafts: inout [CueDraft], breaker: LineBreaker) {
        var i = 0
        while i < drafts.count {
            let draft = drafts[i]
            let roomEnd = i + 1 < drafts.count ? drafts[i + 1].start - minGap : .infinity
            guard draft.duration < minDuration, roomEnd - draft.start < minDuration else {
                i += 1
                continue
            }
            if i + 1 < drafts.count, let merged = merging(draft, drafts[i + 1], breaker: breaker) {
                drafts[i] = merged
                drafts.remove(at: i + 1)
            } else if i > 0, draft.start - drafts[i - 1].end < minDuration, let merged = merging(drafts[i - 1], draft, breaker: breaker) {
                drafts[i - 1] = merged
                drafts.remove(at: i)
            } else {
                i += 1
            }
        }
    }

    /// Makes cues readable and apart: extends each short one into the silence after it and, up
    /// to ``minDuration``, before it; caps it at ``maxDuration``; ends it ``minGap`` before the
    /// next. Where the next starts too soon for the cue to be seen, merges the two or moves the
    /// next one later.
    private func retime(_ drafts: inout [CueDraft], breaker: LineBreaker) {
        var i = 0
        while i < drafts.count {
            var draft = drafts[i]
            let earliest = i > 0 ? drafts[i - 1].end + minGap : 0
            let limit = i + 1 < drafts.count ? drafts[i + 1].start - minGap : .infinity
            let needed = readingTime(characters: draft.words.joinedLength)
            if draft.duration < needed { draft.end = draft.start + needed }
            draft.end = min(draft.end, limit, draft.start + maxDuration)
            if draft.duration < minDuration { draft.start = max(earliest, min(draft.start, draft.end - minDuration)) }
            if draft.duration < shortestVisible, i + 1 < drafts.count {
                if let merged = merging(drafts[i], drafts[i + 1], breaker: breaker) {
                    drafts[i] = merged
                    drafts.remove(at: i + 1)
                    continue
                }
                draft.end = draft.start + shortestVisible
                drafts[i + 1].start = max(drafts[i + 1].start, draft.end + minGap)
                drafts[i + 1].end = max(drafts[i + 1].end, drafts[i + 1].start + shortestVisible)
            }
            drafts[i] = draft
            i += 1
        }
    }

    /// `first` and `second` as one cue, if their words fit the lines and the time span fits
    /// ``maxDuration``.
    private func merging(_ first: CueDraft, _ second: CueDraft, breaker: LineBreaker) -> CueDraft? {
        let words = first.words + second.words
        let end = max(first.end, second.end)
        guard end - first.start <= maxDuration, breaker.fits(words.map(\.count)[...]) else { return nil }
        return CueDraft(start: first.start, end: end, words: words)
    }

    /// The whitespace-separated words of `text`, each longer than `maxLength` cut into pieces.
    private static func words(of text: String, maxLength: Int) -> [String] {
        text.split(whereSeparator: \.isWhitespace).flatMap { word -> [String] in
            guard word.count > maxLength else { return [String(word)] }
            let characters = Array(word)
            return stride(from: 0, to: characters.count, by: maxLength).map { String(characters[$0..<min($0 + maxLength, characters.count)]) }
        }
    }

    /// `items` sorted by start time, keeping the given order among equal starts.
    private static func inTimeOrder<T>(_ items: [T], start: (T) -> Double) -> [T] {
        items.enumerated().sorted { (start($0.element), $0.offset) < (start($1.element), $1.offset) }.map(\.element)
    }

    /// "segment 4 has" or "3 segments (4, 9, 12) have", naming at most five.
    private static func segments(_ ids: [UInt64]) -> String {
        guard ids.count > 1 else { return "segment \(ids[0]) has" }
        let named = ids.prefix(5).map(String.init).joined(separator: ", ")
        return "\(ids.count) segments (\(named)\(ids.count > 5 ? ", …" : "")) have"
    }

    private static func number(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
