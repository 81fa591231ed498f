/// How good a place the end of a word is to end a line or a cue.
enum BreakQuality {
    /// After a sentence: `.`, `?`, `!`, `…` and their CJK forms.
    case sentence
    /// After a clause: `,`, `;`, `:`, dashes and their CJK and Arabic forms.
    case clause
    /// Inside a clause.
    case none

    /// The quality of a break after `word`, looking through closing quotes and brackets.
    init(after word: String) {
        let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»", "」", "』"]
        guard let last = word.reversed().first(where: { !closers.contains($0) }) else {
            self = .none
            return
        }
        switch last {
        case ".", "?", "!", "…", "。", "？", "！": self = .sentence
        case ",", ";", ":", "—", "–", "，", "、", "；", "：", "،": self = .clause
        default: self = .none
        }
    }
}
