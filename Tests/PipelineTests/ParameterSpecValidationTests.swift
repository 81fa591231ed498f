import StageProtocol
import Testing

@testable import Pipeline

@Suite struct ParameterSpecValidationTests {
    static let formats = ParameterSpec("formats", .list, choices: ["srt", "vtt"], summary: "")
    static let backend = ParameterSpec("backend", .choice, choices: ["apertium", "whisper"], summary: "")

    @Test(arguments: [
        (ParameterSpec("s", .string, summary: ""), " any text ", " any text "),
        (ParameterSpec("p", .path, summary: ""), "", ""),
        (ParameterSpec("i", .integer, summary: ""), " 007 ", "7"),
        (ParameterSpec("i", .integer, summary: ""), "-3", "-3"),
        (ParameterSpec("n", .number, summary: ""), "0.25", "0.25"),
        (ParameterSpec("n", .number, summary: ""), "1e3", "1e3"),
        (ParameterSpec("b", .boolean, summary: ""), "Yes", "true"),
        (ParameterSpec("b", .boolean, summary: ""), "off", "false"),
        (ParameterSpec("l", .language, summary: ""), "en", "en"),
        (ParameterSpec("l", .language, summary: ""), "deu", "deu"),
        (ParameterSpec("l", .language, summary: ""), "auto", "auto"),
        (backend, "whisper", "whisper"),
        (formats, " vtt ,, srt ", "vtt,srt"),
        (ParameterSpec("free", .list, summary: ""), "a, b", "a,b"),
    ] as [(ParameterSpec, String, String)])
    func acceptsAndCanonicalises(_ spec: ParameterSpec, value: String, canonical: String) throws {
        #expect(try spec.canonicalValue(value) == canonical)
    }

    @Test(arguments: [
        (ParameterSpec("i", .integer, summary: ""), "1.5", "must be a whole number, not '1.5'"),
        (ParameterSpec("i", .integer, summary: ""), "", "must be a whole number, not ''"),
        (ParameterSpec("n", .number, summary: ""), "inf", "must be a number, not 'inf'"),
        (ParameterSpec("b", .boolean, summary: ""), "maybe", "must be true or false, not 'maybe'"),
        (ParameterSpec("l", .language, summary: ""), "en-US", "or 'auto', not 'en-US'"),
        (ParameterSpec("l", .language, summary: ""), "De", "not 'De'; did you mean 'de'?"),
        (backend, "Whisper", "must be one of apertium, whisper, not 'Whisper'; did you mean 'whisper'?"),
        (formats, "srt,ass", "items must be one of srt, vtt, not 'ass'"),
    ] as [(ParameterSpec, String, String)])
    func rejects(_ spec: ParameterSpec, value: String, reason: String) throws {
        let error = try #require(throws: ParameterSpec.InvalidValue.self) { try spec.canonicalValue(value) }
        #expect(error.reason.contains(reason), "\(error.reason)")
    }
}
