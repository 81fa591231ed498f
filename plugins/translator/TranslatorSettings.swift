import StageKit
import StageProtocol
import Translation

/// The translator's parameters, read and checked.
struct TranslatorSettings {
    /// The language of every segment, or `nil` to take each segment's own (`source: auto`).
    let source: LanguageCode?
    /// The languages to translate into, in the order given, without repeats.
    let targets: [LanguageCode]
    /// Sentence rules, glossary and name protection.
    let options: TranscriptTranslator.Options

    /// Reads the stage's parameters.
    /// - Throws: ``StageFailure`` `bad_parameter` for a value that is not a language, a negative
    ///   gap or no target; `invalid_glossary` for a glossary entry or file that cannot be read.
    init(_ parameters: StageParameters) throws(StageFailure) {
        let sourceText = parameters.string("source")
        source = sourceText.isEmpty || sourceText == "auto" ? nil : try Self.language(sourceText, parameter: "source")
        var targets: [LanguageCode] = []
        for item in parameters.list("targets") {
            let target = try Self.language(item, parameter: "targets")
            if !targets.contains(target) { targets.append(target) }
        }
        guard !targets.isEmpty else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'targets' is empty; name at least one language to translate into, such as es or es,pt")
        }
        self.targets = targets
        _ = try parameters.choice("backend")

        let maximumGap = try parameters.number("max_gap") ?? SentenceRules().maximumGap
        guard maximumGap >= 0 else {
            throw StageFailure(code: "bad_parameter", message: "parameter 'max_gap' is \(maximumGap); expected a silence in seconds, 0 or more")
        }
        let glossary: Glossary
        do {
            let listed = try Glossary(lines: parameters.list("glossary"))
            let file = parameters.string("glossary_file")
            let filed = file.isEmpty ? Glossary() : try Glossary(contentsOfFile: file)
            glossary = Glossary(entries: listed.entries + filed.entries)
        } catch {
            throw StageFailure(error)
        }
        options = TranscriptTranslator.Options(
            sentenceRules: SentenceRules(maximumGap: maximumGap),
            glossary: glossary,
            protectsNames: try parameters.boolean("protect_names"))
    }

    private static func language(_ text: String, parameter: String) throws(StageFailure) -> LanguageCode {
        do {
            return try LanguageCode(text)
        } catch {
            throw StageFailure(code: "bad_parameter", message: "parameter '\(parameter)' has '\(text)': \(error.message)")
        }
    }
}
