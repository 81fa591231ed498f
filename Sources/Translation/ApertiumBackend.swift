import Dispatch
import Foundation
import Logging

/// Translates with Apertium, keeping one long-lived null-flush child per mode.
///
/// Each mode (`eng-spa`, `es-pt`) starts on first use as the null-flush pipeline that
/// `apertium -z -f none MODE` runs (see ``ApertiumProcess`` for why not through that script) and
/// stays up until ``shutdown()``, so no sentence pays for a process start. Calls for the
/// same mode are served one batch at a time on that mode's own thread; different modes run in
/// parallel. Unknown-word marks are stripped and reported in ``BackendTranslation/unknownWords``.
public final class ApertiumBackend: TranslationBackend, @unchecked Sendable {
    /// Where Apertium lives and how long to wait for it.
    public struct Configuration: Sendable {
        /// The directory holding `modes/` (`apertium -d`).
        public var dataDirectory: String
        /// The program that writes a mode out as a null-flush pipeline, by path or on `PATH`.
        public var pipelineTool: String
        /// The shell that runs the pipeline.
        public var shell: String
        /// How long a child may stay silent while it owes answers before it is restarted.
        public var responseTimeout: Duration

        /// Creates a configuration; the defaults match Debian's packages.
        public init(
            dataDirectory: String = "/usr/share/apertium",
            pipelineTool: String = "apertium-wblank-mode",
            shell: String = "/bin/bash",
            responseTimeout: Duration = .seconds(60)
        ) {
            self.dataDirectory = dataDirectory
            self.pipelineTool = pipelineTool
            self.shell = shell
            self.responseTimeout = responseTimeout
        }
    }

    public let name = "apertium"
    /// The installed modes this backend uses, one per pair.
    public let modes: [ApertiumMode]
    private let configuration: Configuration
    private let logger: Logger
    private let modesByPair: [LanguagePair: ApertiumMode]
    private let lock = NSLock()
    private var workers: [String: Worker] = [:]

    private struct Worker {
        let process: ApertiumProcess
        let queue: DispatchQueue
    }

    /// Finds the installed modes; starts no process yet.
    /// - Throws: ``TranslationError`` with code ``TranslationError/Code/backendUnavailable``
    ///   when the modes directory cannot be read.
    public init(configuration: Configuration = Configuration(), logger: Logger) throws(TranslationError) {
        self.configuration = configuration
        self.logger = logger
        self.modes = try ApertiumMode.installed(in: configuration.dataDirectory)
        self.modesByPair = Dictionary(uniqueKeysWithValues: modes.map { ($0.pair, $0) })
    }

    public func availablePairs() async -> [LanguagePair] {
        modes.map(\.pair)
    }

    public func translate(_ sentences: [TranslatableText], pair: LanguagePair) async throws -> [BackendTranslation] {
        guard let mode = modesByPair[pair] else {
            throw TranslationError(.noRoute, "no Apertium mode translates \(pair); installed: \(modes.map(\.name).joined(separator: ", "))")
        }
        guard !sentences.isEmpty else { return [] }
        let worker = try worker(for: mode)
        let encoded = sentences.map(ApertiumStream.encode)
        let answers: [[UInt8]] = try await withCheckedThrowingContinuation { continuation in
            worker.queue.async {
                do {
                    continuation.resume(returning: try worker.process.translate(encoded.map(\.bytes)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        return zip(sentences, zip(encoded, answers)).map { source, exchange in
            var decoded = ApertiumStream.decode(exchange.1, verbatim: exchange.0.verbatim)
            if !decoded.missingVerbatim.isEmpty {
                logger.warning("apertium dropped protected text; appended it", metadata: ["mode": "\(mode)", "missing": "\(decoded.missingVerbatim)"])
                decoded.text.pieces += decoded.missingVerbatim.flatMap { [.text(" "), .verbatim($0)] }
            }
            let text = Self.matchingCase(decoded.text, source: source)
            return BackendTranslation(text: text, wordCount: ApertiumStream.wordCount(text.plainText), unknownWords: decoded.unknownWords)
        }
    }

    /// Stops every child: closes its input, lets it finish and reaps it. A later call to
    /// ``translate(_:pair:)`` starts them again.
    public func shutdown() async {
        let stopping = lock.withLock {
            defer { workers.removeAll() }
            return Array(workers.values)
        }
        for worker in stopping {
            await withCheckedContinuation { continuation in
                worker.queue.async {
                    worker.process.stop()
                    continuation.resume()
                }
            }
        }
    }

    /// Process ids of the running children by mode, for diagnostics and tests.
    var childProcessIDs: [String: Int32] {
        lock.withLock { workers.mapValues { worker in worker.queue.sync { worker.process.processID } } }
    }

    private func worker(for mode: ApertiumMode) throws(TranslationError) -> Worker {
        if let worker = lock.withLock({ workers[mode.name] }) { return worker }
        let pipeline = try mode.nullFlushPipeline(dataDirectory: configuration.dataDirectory, tool: configuration.pipelineTool)
        return lock.withLock {
            if let worker = workers[mode.name] { return worker }
            let process = ApertiumProcess(
                mode: mode.name,
                shell: configuration.shell,
                pipeline: pipeline,
                responseTimeout: configuration.responseTimeout,
                logger: logger
            )
            let worker = Worker(process: process, queue: DispatchQueue(label: "vtrans.apertium.\(mode.name)"))
            workers[mode.name] = worker
            return worker
        }
    }

    /// Apertium capitalises the word after a protected run when it takes that word for the start
    /// of a sentence (at the very start, or after "Dr." whose name it no longer sees). Where the
    /// word after the same protected run was lower-case in the source, lower-case it again.
    private static func matchingCase(_ text: TranslatableText, source: TranslatableText) -> TranslatableText {
        func lowercaseFollowers(_ pieces: [TranslatableText.Piece]) -> [String: [Bool]] {
            var followers: [String: [Bool]] = [:]
            for (index, piece) in pieces.enumerated() {
                guard case .verbatim(let original) = piece else { continue }
                var isLower = false
                if index + 1 < pieces.count, case .text(let next) = pieces[index + 1], let letter = next.first(where: \.isLetter) {
                    isLower = letter.isLowercase
                }
                followers[original, default: []].append(isLower)
            }
            return followers
        }
        let sourceFollowers = lowercaseFollowers(source.pieces)
        var seen: [String: Int] = [:]
        var pieces = text.pieces
        for index in pieces.indices {
            guard case .verbatim(let original) = pieces[index] else { continue }
            let occurrence = seen[original, default: 0]
            seen[original] = occurrence + 1
            guard let expected = sourceFollowers[original], occurrence < expected.count, expected[occurrence],
                  index + 1 < pieces.count, case .text(let next) = pieces[index + 1],
                  let letterIndex = next.firstIndex(where: \.isLetter), next[letterIndex].isUppercase,
                  next[next.startIndex..<letterIndex].allSatisfy(\.isWhitespace)
            else { continue }
            pieces[index + 1] = .text(next.replacingCharacters(in: letterIndex...letterIndex, with: next[letterIndex].lowercased()))
        }
        return TranslatableText(pieces)
    }
}
