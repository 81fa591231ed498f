/// A machine-translation engine that translates sentences one step, between the language pairs
/// it has installed.
///
/// The interface is `async` because every engine worth having runs out of the caller's thread:
/// Apertium as child processes, Whisper's translate task on its own threads, a Marian model in
/// a plugin process. Implementations must be safe to call from several tasks at once; they may
/// serialise the work internally.
///
/// Pivots, glossaries and re-timing are not a backend's business: ``TranscriptTranslator``
/// chains steps along a ``TranslationRoute`` and hands each step whole sentences.
public protocol TranslationBackend: Sendable {
    /// A short name for logs and job metadata (`apertium`).
    var name: String { get }

    /// The pairs this backend translates in one step.
    func availablePairs() async throws -> [LanguagePair]

    /// Translates a batch of sentences from `pair.source` to `pair.target`.
    ///
    /// - Parameters:
    ///   - sentences: whole sentences; the result has one entry per sentence, in the same order.
    ///   - pair: one of ``availablePairs()``.
    /// - Throws: ``TranslationError`` when the pair is not installed or the engine failed even
    ///   after the retry it owes the caller.
    func translate(_ sentences: [TranslatableText], pair: LanguagePair) async throws -> [BackendTranslation]
}
