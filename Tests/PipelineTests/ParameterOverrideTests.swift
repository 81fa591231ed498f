import Testing

@testable import Pipeline

@Suite struct ParameterOverrideTests {
    @Test(arguments: [
        ("translator.target_language=es", "translator", "target_language", "es"),
        ("muxer.output_dir=/out/a=b.c", "muxer", "output_dir", "/out/a=b.c"),
        ("import.path=", "import", "path", ""),
        ("subtitles.formats=srt, vtt", "subtitles", "formats", "srt, vtt"),
    ])
    func parses(_ text: String, stage: String, parameter: String, value: String) throws {
        let override = try ParameterOverride(parsing: text)
        #expect(override == ParameterOverride(stage: stage, parameter: parameter, value: value))
        #expect(override.description == text)
    }

    @Test(arguments: ["translator", "translator.target_language", "=es", ".target_language=es", "translator.=es", "target_language=es"])
    func rejectsTextWithoutStageParameterAndValue(_ text: String) throws {
        let error = try #require(throws: PipelineError.self) { try ParameterOverride(parsing: text) }
        #expect(error.code == .invalidOverride)
        #expect(
            error.diagnostics == [
                Diagnostic(
                    file: "<command line>", line: 0, column: 0,
                    message: "--set \(text): expected STAGE.PARAMETER=VALUE, as in translator.target_language=es")
            ])
    }
}
