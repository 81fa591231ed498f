@testable import StageKit
import StageProtocol
import Testing

@Suite struct StageArgumentsTests {
    static let manifest = StageParametersTests.manifest

    static func parse(_ argv: [String]) throws(StageArguments.UsageError) -> StageArguments {
        try StageArguments(argv, manifest: manifest)
    }

    @Test func defaults() throws {
        let a = try Self.parse([])
        #expect(!a.describe && !a.validate && !a.help)
        #expect(a.parameters.isEmpty && a.inputPath == nil && a.outputPath == nil)
        #expect(!a.inputIsJSON && !a.outputIsJSON)
        #expect(a.logLevel == .info)
        #expect(a.maximumFrameBytes == WireFormat.defaultMaximumPayloadLength)
    }

    @Test func everyOption() throws {
        let a = try Self.parse([
            "--param", "count=4", "-p", "expr=a=b", "-i", "in.jsonl", "--output", "out.frames", "--log-level", "debug",
            "--max-frame-bytes", "1MiB", "--describe", "--validate", "-h",
        ])
        #expect(a.parameters == ["count": "4", "expr": "a=b"])
        #expect(a.inputPath == "in.jsonl" && a.outputPath == "out.frames")
        #expect(a.inputIsJSON && !a.outputIsJSON, "the format follows the file name")
        #expect(a.logLevel == .debug && a.maximumFrameBytes == 1 << 20)
        #expect(a.describe && a.validate && a.help)
    }

    @Test func explicitFormatsOverrideTheName() throws {
        let a = try Self.parse(["--input", "x.jsonl", "--input-format", "frames", "--output-format", "jsonl"])
        #expect(!a.inputIsJSON && a.outputIsJSON)
    }

    @Test("usage errors say what is wrong", arguments: [
        (["--param"], "--param needs a value"),
        (["-p", "novalue"], "-p takes NAME=VALUE, got 'novalue'"),
        (["-p", "=x"], "-p takes NAME=VALUE, got '=x'"),
        (["--input"], "--input needs a value"),
        (["--input-format", "yaml"], "--input-format must be 'frames' or 'jsonl', got 'yaml'"),
        (["--output-format", "csv"], "--output-format must be 'frames' or 'jsonl', got 'csv'"),
        (["--log-level", "loud"], "--log-level must be one of trace, debug, info, notice, warning, error, critical"),
        (["--max-frame-bytes", "lots"], "--max-frame-bytes takes a size such as 16MiB, got 'lots'"),
        (["--max-frame-bytes", "0"], "--max-frame-bytes takes a size such as 16MiB, got '0'"),
        (["--max-frame-bytes", "8GiB"], "--max-frame-bytes takes a size such as 16MiB, got '8GiB'"),
        (["--verbose"], "unknown argument '--verbose'"),
    ])
    func usageErrors(argv: [String], message: String) {
        let error = #expect(throws: StageArguments.UsageError.self) { try Self.parse(argv) }
        #expect(error?.message == message)
    }

    @Test func usageListsParametersWithTypesAndDefaults() {
        let usage = StageArguments.usage(Self.manifest)
        #expect(usage.hasPrefix("vtrans-demo: a demo\n"))
        #expect(usage.contains("  count (integer) [default: 3]\n      How many\n"))
        #expect(usage.contains("  mode (choice) [default: fast] {fast|slow}\n"))
        #expect(usage.contains("  path (path, required)\n"))
        #expect(usage.contains("CONSUMES: segment\nPRODUCES: segment\n"))
    }
}
