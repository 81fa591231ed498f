// Words per second through the Translation module's Apertium backend against the bare
// `apertium MODE` command on the same text, in one run; and what one process per segment costs.
//
// Usage: vtrans-bench-mt TEXT_FILE [SOURCE TARGET MODE]   (defaults: en es eng-spa)
import Foundation
import Logging
import Translation

let arguments = CommandLine.arguments
guard arguments.count == 2 || arguments.count == 5 else {
    FileHandle.standardError.write(Data("usage: vtrans-bench-mt TEXT_FILE [SOURCE TARGET MODE]\n".utf8))
    exit(2)
}
let textFile = arguments[1]
let (sourceCode, targetCode, mode) = arguments.count == 5 ? (arguments[2], arguments[3], arguments[4]) : ("en", "es", "eng-spa")
let text = try String(contentsOfFile: textFile, encoding: .utf8)
let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
let runs = 3
let segmentWords = 8
let perSegmentSample = 20

var logger = Logger(label: "vtrans.bench.mt")
logger.logLevel = .warning
let clock = ContinuousClock()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func best(_ label: String, _ body: () async throws -> Void) async rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<runs {
        let start = clock.now
        try await body()
        fastest = min(fastest, seconds(clock.now - start))
    }
    return fastest
}

/// Runs `apertium MODE` once with `input` on stdin; returns its output.
func bareApertium(_ input: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["apertium", mode]
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    let writer = Thread {
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return output
}

let segments = stride(from: 0, to: words.count, by: segmentWords).map { first in
    let slice = words[first..<min(first + segmentWords, words.count)]
    return TimedSegment(id: UInt64(first / segmentWords), start: Double(first) * 0.4, end: Double(first + slice.count) * 0.4 - 0.1, text: slice.joined(separator: " "))
}
let source = try LanguageCode(sourceCode)
let target = try LanguageCode(targetCode)
let backend = try ApertiumBackend(logger: logger)
let routes = LanguageRoutes(pairs: await backend.availablePairs(), maximumSteps: 1)
let route = try routes.route(from: source, to: target)
let translator = TranscriptTranslator(backend: backend, route: route, options: .init(protectsNames: false), logger: logger)
// Whole sentences for the backend: cut after words ending in . ? ! (the translator cuts better).
let sentences: [String] = {
    var result: [String] = []
    var current: [String] = []
    for word in words {
        current.append(word)
        if let last = word.last, ".?!".contains(last), current.count > 2 {
            result.append(current.joined(separator: " "))
            current = []
        }
    }
    if !current.isEmpty { result.append(current.joined(separator: " ")) }
    return result
}()

let fileData = Data(text.utf8)
let bareSeconds = try await best("bare") { _ = try bareApertium(fileData) }

let coldStart = clock.now
_ = try await backend.translate(sentences.map { TranslatableText($0) }, pair: route.steps[0])
let coldSeconds = seconds(clock.now - coldStart)
let backendSeconds = try await best("backend") {
    _ = try await backend.translate(sentences.map { TranslatableText($0) }, pair: route.steps[0])
}
var unknownShare = 0.0
let translatorSeconds = try await best("translator") {
    unknownShare = try await translator.translate(segments).unknownWordShare
}
await backend.shutdown()

let sample = segments.prefix(perSegmentSample)
let sampleWords = sample.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
let perSegmentStart = clock.now
for segment in sample { _ = try bareApertium(Data(segment.text.utf8)) }
let perSegmentSeconds = seconds(clock.now - perSegmentStart)

func rate(_ wordCount: Int, _ time: Double) -> String { String(format: "%8.0f words/s", Double(wordCount) / time) }
func line(_ label: String, _ time: Double, _ wordCount: Int = words.count) -> String {
    label.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: "%7.3f s  ", time) + rate(wordCount, time)
}
let bareRate = Double(words.count) / bareSeconds
print("text: \(textFile): \(words.count) words, \(segments.count) segments of \(segmentWords) words, \(sentences.count) sentences; mode \(mode); best of \(runs) runs")
print(line("bare `apertium \(mode)` on the whole text", bareSeconds))
print(line("ApertiumBackend, first batch (includes child start)", coldSeconds))
print(line("ApertiumBackend, sentences, warm child", backendSeconds))
print(line("TranscriptTranslator (join, translate, re-time)", translatorSeconds))
print(line("one `apertium` process per segment (\(sample.count) segments)", perSegmentSeconds, sampleWords))
print(String(format: "ratio backend/bare: %.2fx   translator/bare: %.2fx   first batch/bare: %.2fx   process per segment/bare: %.3fx",
             Double(words.count) / backendSeconds / bareRate, Double(words.count) / translatorSeconds / bareRate,
             Double(words.count) / coldSeconds / bareRate, Double(sampleWords) / perSegmentSeconds / bareRate))
print(String(format: "process per segment: %.0f ms per segment; the whole text would take %.0f s", perSegmentSeconds / Double(sample.count) * 1000, perSegmentSeconds / Double(sample.count) * Double(segments.count)))
print(String(format: "unknown-word share: %.1f%%", unknownShare * 100))
