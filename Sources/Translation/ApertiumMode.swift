import Foundation

/// An installed Apertium translation mode (`eng-spa`, `es-pt_BR`) and the pair it translates.
public struct ApertiumMode: Hashable, Sendable, CustomStringConvertible {
    /// The mode's name as `apertium` takes it on its command line.
    public let name: String
    /// The languages it translates between.
    public let pair: LanguagePair

    /// Reads a mode name: `SOURCE-TARGET`, where the target may carry a region (`es-pt_BR`).
    ///
    /// Returns `nil` for names that are not a plain translation direction: debugging and
    /// alternative pipelines (`en-eo-bytecode`, `eo-en-j`) and dialect variants that are not
    /// regions (`eng-cat_valencia`).
    public init?(name: String) {
        let sides = name.split(separator: "-", omittingEmptySubsequences: false)
        guard sides.count == 2, !sides[0].contains("_") else { return nil }
        let target = sides[1].split(separator: "_", omittingEmptySubsequences: false)
        guard target.count <= 2, target.count == 1 || target[1].count == 2 else { return nil }
        guard let source = try? LanguageCode(String(sides[0])),
              let targetCode = try? LanguageCode(target.joined(separator: "-"))
        else { return nil }
        self.name = name
        self.pair = LanguagePair(source: source, target: targetCode)
    }

    public var description: String { name }

    /// The mode's programs as one null-flush shell pipeline, as `apertium-wblank-mode -z` writes it.
    /// - Throws: ``TranslationError`` with code ``TranslationError/Code/backendUnavailable``
    ///   when the tool or the mode file is missing.
    func nullFlushPipeline(dataDirectory: String, tool: String) throws(TranslationError) -> String {
        let modeFile = (dataDirectory as NSString).appendingPathComponent("modes/\(name).mode")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool, "-z", modeFile]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw TranslationError(.backendUnavailable, "cannot run \(tool) for mode \(name): \(error.localizedDescription)")
        }
        let pipeline = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let trimmed = pipeline.trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !trimmed.isEmpty else {
            throw TranslationError(.backendUnavailable, "\(tool) -z \(modeFile) failed (status \(process.terminationStatus)): \(problem.trimmingCharacters(in: .whitespacesAndNewlines)); install the 'apertium' package and the pair's package")
        }
        return trimmed
    }

    /// The modes installed under `dataDirectory/modes`, one per pair.
    ///
    /// When two modes translate the same pair (`en-es` and `eng-spa`), the alphabetically first
    /// one is kept.
    /// - Throws: ``TranslationError`` with code ``TranslationError/Code/backendUnavailable``
    ///   when the directory cannot be read.
    public static func installed(in dataDirectory: String) throws(TranslationError) -> [ApertiumMode] {
        let modesDirectory = (dataDirectory as NSString).appendingPathComponent("modes")
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: modesDirectory)
        } catch {
            throw TranslationError(.backendUnavailable, "cannot list Apertium modes in \(modesDirectory): \(error.localizedDescription); install the 'apertium' package and a pair such as 'apertium-eng-spa'")
        }
        var byPair: [LanguagePair: ApertiumMode] = [:]
        for file in files.sorted() where file.hasSuffix(".mode") {
            guard let mode = ApertiumMode(name: String(file.dropLast(".mode".count))), byPair[mode.pair] == nil else { continue }
            byPair[mode.pair] = mode
        }
        return byPair.values.sorted { $0.pair < $1.pair }
    }
}
