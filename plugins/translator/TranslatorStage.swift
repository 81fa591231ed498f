import Foundation
import Logging
import StageKit
import StageProtocol
import Translation

/// Translates transcript segments into one or more languages, whole sentences at a time, and
/// puts each translation on its source segment's times.
///
/// Segments are held until their sentence is complete (``SegmentGrouper``); each completed run
/// then goes at once to every target's ``TranscriptTranslator`` (targets in parallel: one
/// long-lived Apertium child per mode). Runs are emitted in order as their translations finish,
/// and all of them before the stage waits for more input: while input keeps coming, up to
/// ``maximumRunsInFlight`` runs are translated together (``BatchingBackend``), so a file of
/// segments goes through Apertium as fast as a plain text does; when input pauses, what is
/// complete goes out then. For each source segment, in order, the stage emits the segment
/// itself (the subtitles stage writes the original language too), then one `translated_segment`
/// per target with id ``translatedID(source:targetIndex:)``, `source_id` the source's id, the
/// source's times and `language` the target. A segment without words gets no translation.
/// A `stream_info` goes out after the runs in flight; kinds the stage does not consume are
/// forwarded by StageKit as they arrive, possibly ahead of them.
///
/// After each run a checkpoint covers every input before the segment still held, so a restarted
/// copy is replayed from there and repeats its output exactly: what the stage emits depends on
/// nothing but the input after the checkpoint.
///
/// Apertium's modes are read from `$VTRANS_APERTIUM_DIR` (as the server's language list does),
/// else `/usr/share/apertium`.
struct TranslatorStage: Stage {
    static let manifest = StageManifest(
        name: "translator",
        summary: "Translate transcript segments sentence by sentence (Apertium), keeping every segment's times",
        executable: "vtrans-translator",
        consumes: [.streamInfo, .segment],
        produces: [.streamInfo, .segment, .translatedSegment],
        parameters: [
            .init("source", .language, default: "auto", summary: "Language of the segments; auto: each segment's own language"),
            .init("targets", .list, required: true, summary: "Languages to translate into, such as es or es,pt (pivots such as en→es→pt are found)"),
            .init("backend", .choice, default: "apertium", choices: ["apertium"], summary: "Translation engine"),
            .init("glossary", .list, summary: "Terms to keep as written (term) or to translate one fixed way (source=target)"),
            .init("glossary_file", .path, summary: "A file of glossary terms, one per line: term or source=target; # starts a comment"),
            .init("max_gap", .number, default: "1.5", summary: "A silence this long (seconds) between segments ends a sentence even without punctuation"),
            .init("protect_names", .boolean, default: "true", summary: "Keep capitalised words inside a sentence (names) as written"),
        ],
        limits: ResourceLimits(memoryBytes: 1 << 30),
        checkpoints: true)

    /// Completed runs translated at the same time, at most; past that the stage waits for the oldest.
    static let maximumRunsInFlight = 256

    private let settings: TranslatorSettings
    private let backend: ApertiumBackend
    private let batching: BatchingBackend
    private let routes: LanguageRoutes
    private let logger: Logger
    /// One translator per target, in the order of the targets, by source language.
    private var translators: [LanguageCode: [TranscriptTranslator]] = [:]
    private var tallies: [RouteTally] = []
    private var grouper: SegmentGrouper
    /// The segments the grouper holds, as they arrived.
    private var held: [Segment] = []
    private var heldLanguage: LanguageCode?
    private var inFlight: [PendingRun] = []
    private var mediaDuration = -1.0
    private var mediaTime = 0.0
    private var segmentsDone = 0

    init(context: StageContext) throws {
        settings = try TranslatorSettings(context.parameters)
        logger = context.logger
        do {
            let directory = ProcessInfo.processInfo.environment["VTRANS_APERTIUM_DIR"] ?? ApertiumBackend.Configuration().dataDirectory
            backend = try ApertiumBackend(configuration: .init(dataDirectory: directory), logger: context.logger)
        } catch {
            throw StageFailure(error)
        }
        batching = BatchingBackend(backend)
        routes = LanguageRoutes(pairs: backend.modes.map(\.pair))
        grouper = SegmentGrouper(rules: settings.options.sentenceRules)
        if let source = settings.source {
            translators[source] = try Self.translators(from: source, settings: settings, routes: routes, backend: batching, logger: logger)
        } else {
            try Self.checkReachable(settings.targets, routes: routes)
        }
    }

    /// The id of a segment's translation into the target at `targetIndex`: the source id in the
    /// low 48 bits, the target's position plus one above them, so ids stay unique within a job
    /// (as long as upstream ids stay below 2⁴⁸) and are the same on every run.
    static func translatedID(source: UInt64, targetIndex: Int) -> UInt64 {
        UInt64(targetIndex + 1) << 48 | source & (1 << 48 - 1)
    }

    mutating func handle(_ message: Message, output: StageOutput) throws {
        switch message {
        case .streamInfo(let info):
            // After the runs in flight, so where it comes out does not depend on how fast they finish.
            try idle(output: output)
            mediaDuration = info.duration
            try output.emit(message)
        case .segment(let segment):
            try accept(segment, output: output)
        default:
            try output.emit(message)
        }
    }

    mutating func idle(output: StageOutput) throws {
        while !inFlight.isEmpty { try emitOldest(output: output) }
    }

    mutating func finish(output: StageOutput) throws {
        if let language = heldLanguage, let run = grouper.finish() {
            try translate(run, from: language, output: output, checkpoint: nil)
        }
        try idle(output: output)
        try output.checkpoint(mediaTime: mediaTime)
        let backend = backend
        try BackgroundTask { await backend.shutdown() }.wait()
        guard !tallies.isEmpty else {
            logger.warning("no segments arrived; nothing translated")
            try output.progress(fraction: 1, unit: "segments", note: "no segments to translate")
            return
        }
        let summary = tallies.map(\.summary).joined(separator: "; ")
        let segments = "\(segmentsDone) segment\(segmentsDone == 1 ? "" : "s")"
        logger.info("translated \(segments): \(summary)", metadata: [
            "routes": "\(tallies.map(\.route.description).joined(separator: ","))",
            "unknown_word_share": "\(tallies.map { "\($0.route)=\($0.unknownWordShare)" }.joined(separator: ","))",
            "warnings": "\(tallies.reduce(0) { $0 + $1.warnings })",
        ])
        try output.progress(fraction: 1, done: Double(segmentsDone), total: Double(segmentsDone), unit: "segments",
                            note: "translated \(segments); \(summary)")
    }

    /// Holds `segment` until its sentence is complete, translating whatever run that completes.
    private mutating func accept(_ segment: Segment, output: StageOutput) throws {
        let language = try sourceLanguage(of: segment)
        if translators[language] == nil {
            translators[language] = try Self.translators(from: language, settings: settings, routes: routes, backend: batching, logger: logger)
        }
        if !tallies.contains(where: { $0.route.source == language }) {
            let started = translators[language, default: []].map { RouteTally(route: $0.route) }
            tallies += started
            let list = started.map(\.route.description).joined(separator: ", ")
            logger.info("translating \(list)", metadata: ["backend": "\(backend.name)"])
            try output.progress(fraction: -1, note: "translating \(list) with \(backend.name)")
        }
        // Every input before this segment is in the output once the runs before it are.
        let before = output.currentInputSequence > 0 ? output.currentInputSequence - 1 : nil
        if let current = heldLanguage, current != language, let run = grouper.finish() {
            try translate(run, from: current, output: output, checkpoint: before)
        }
        heldLanguage = language
        held.append(segment)
        if let run = grouper.append(TimedSegment(segment)) {
            try translate(run, from: language, output: output, checkpoint: before)
        }
    }

    /// Starts translating a completed run into every target; emits the runs whose translations
    /// are done, oldest first, waiting for the oldest while too many are in flight.
    private mutating func translate(_ run: [TimedSegment], from language: LanguageCode, output: StageOutput, checkpoint: UInt64?) throws {
        let sources = Array(held.prefix(run.count))
        held.removeFirst(run.count)
        let translators = translators[language, default: []]
        let translations = BackgroundTask {
            try await withThrowingTaskGroup(of: (Int, TranscriptTranslation).self) { group in
                for (index, translator) in translators.enumerated() {
                    group.addTask { (index, try await translator.translate(run)) }
                }
                var results = [TranscriptTranslation?](repeating: nil, count: translators.count)
                for try await (index, result) in group { results[index] = result }
                return results.compactMap { $0 }
            }
        }
        let reached = max(mediaTime, run.map(\.end).max() ?? 0)
        inFlight.append(PendingRun(sources: sources, translations: translations, checkpoint: checkpoint, mediaTime: reached))
        mediaTime = reached
        while let oldest = inFlight.first, oldest.translations.isFinished || inFlight.count > Self.maximumRunsInFlight {
            try emitOldest(output: output)
        }
    }

    /// Emits the oldest run in flight once translated, source segment by source segment; then
    /// reports progress and checkpoints when the run says so.
    private mutating func emitOldest(output: StageOutput) throws {
        let run = inFlight.removeFirst()
        let results: [TranscriptTranslation]
        do {
            results = try run.translations.wait()
        } catch let error as TranslationError {
            throw StageFailure(error)
        }
        for (position, source) in run.sources.enumerated() {
            try output.emit(.segment(source))
            for (targetIndex, result) in results.enumerated() where !result.segments[position].text.isEmpty {
                let translated = result.segments[position]
                try output.emit(.translatedSegment(Segment(
                    id: Self.translatedID(source: source.id, targetIndex: targetIndex), sourceID: source.id,
                    start: translated.start, end: translated.end, text: translated.text,
                    language: settings.targets[targetIndex].identifier)))
            }
        }
        for result in results {
            if let index = tallies.firstIndex(where: { $0.route == result.route }) { tallies[index].add(result) }
        }
        segmentsDone += run.sources.count
        if mediaDuration > 0 {
            try output.progress(fraction: min(0.99, run.mediaTime / mediaDuration), done: run.mediaTime, total: mediaDuration, unit: "s")
        } else {
            try output.progress(fraction: -1, done: Double(segmentsDone), unit: "segments")
        }
        if let checkpoint = run.checkpoint { try output.checkpoint(inputSequence: checkpoint, mediaTime: run.mediaTime) }
    }

    /// The language to translate `segment` from: the `source` parameter, else its own.
    private func sourceLanguage(of segment: Segment) throws(StageFailure) -> LanguageCode {
        if let source = settings.source { return source }
        guard !segment.language.isEmpty else {
            throw StageFailure(code: "unknown_language", message: "segment \(segment.id) has no language, so there is nothing to translate from; set the translator's 'source' parameter (such as source=en) or the language of the stage before it")
        }
        do {
            return try LanguageCode(segment.language)
        } catch {
            throw StageFailure(code: "unknown_language", message: "segment \(segment.id) has language '\(segment.language)': \(error.message); set the translator's 'source' parameter")
        }
    }

    /// A translator from `source` into each target, in order.
    /// - Throws: ``StageFailure`` `no_route` naming the targets `source` does reach.
    private static func translators(
        from source: LanguageCode, settings: TranslatorSettings, routes: LanguageRoutes, backend: any TranslationBackend, logger: Logger
    ) throws(StageFailure) -> [TranscriptTranslator] {
        var translators: [TranscriptTranslator] = []
        for target in settings.targets {
            do {
                let route = try routes.route(from: source, to: target)
                translators.append(TranscriptTranslator(backend: backend, route: route, options: settings.options, logger: logger))
            } catch {
                throw StageFailure(error)
            }
        }
        return translators
    }

    /// With `source: auto`, fails early for a target that no installed language reaches.
    private static func checkReachable(_ targets: [LanguageCode], routes: LanguageRoutes) throws(StageFailure) {
        let reachable = Set(routes.allRoutes.map(\.target))
        for target in targets where !reachable.contains(target) && !reachable.contains(target.withoutRegion) {
            let listing = reachable.map(\.identifier).sorted().joined(separator: ", ")
            throw StageFailure(code: "no_route", message: "cannot translate into '\(target)' from any language: available targets: \(listing.isEmpty ? "none (install Apertium pairs)" : listing)")
        }
    }
}
