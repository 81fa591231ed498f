import Testing

@testable import Pipeline

@Suite struct DiagnosticTests {
    @Test func describesFileLineColumnAndMessage() {
        let diagnostic = Diagnostic(file: "pipelines/x.yaml", line: 12, column: 5, message: "stage 'translator': unknown parameter")
        #expect(diagnostic.description == "pipelines/x.yaml:12:5: stage 'translator': unknown parameter")
    }

    @Test func leavesOutAMissingPosition() {
        let diagnostic = Diagnostic(file: Diagnostic.commandLine, line: 0, column: 0, message: "--set a.b=c: no stage is named 'a'")
        #expect(diagnostic.description == "<command line>: --set a.b=c: no stage is named 'a'")
    }

    @Test func errorListsItsDiagnosticsOnePerLine() {
        let error = PipelineError(
            .invalidPipeline,
            diagnostics: [
                Diagnostic(file: "a.yaml", line: 1, column: 1, message: "one"), Diagnostic(file: "a.yaml", line: 2, column: 3, message: "two"),
            ])
        #expect(error.description == "a.yaml:1:1: one\na.yaml:2:3: two")
        #expect(error.code.description == "invalid_pipeline")
        #expect(
            [PipelineError.Code.unreadableFile, .invalidPlugin, .invalidOverride].map(\.description) == [
                "unreadable_file", "invalid_plugin", "invalid_override",
            ])
    }
}
