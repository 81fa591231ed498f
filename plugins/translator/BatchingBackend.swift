import Translation

/// Gathers the sentences that several runs ask for at the same time into one batch per pair, so
/// the Apertium pipeline works on many sentences at once instead of one round trip per sentence.
///
/// A call that finds its pair idle goes out at once; calls that arrive while a batch for the
/// pair is out wait and leave together as the next batch. Each sentence is translated on its
/// own, so what a call gets back does not depend on what it was batched with.
actor BatchingBackend: TranslationBackend {
    private struct Request {
        let sentences: [TranslatableText]
        let continuation: CheckedContinuation<[BackendTranslation], any Error>
    }

    nonisolated let name: String
    private let backend: any TranslationBackend
    private var waiting: [LanguagePair: [Request]] = [:]
    private var busy: Set<LanguagePair> = []

    /// Batches calls to `backend`.
    init(_ backend: any TranslationBackend) {
        self.backend = backend
        self.name = backend.name
    }

    nonisolated func availablePairs() async throws -> [LanguagePair] {
        try await backend.availablePairs()
    }

    func translate(_ sentences: [TranslatableText], pair: LanguagePair) async throws -> [BackendTranslation] {
        try await withCheckedThrowingContinuation { continuation in
            waiting[pair, default: []].append(Request(sentences: sentences, continuation: continuation))
            if busy.insert(pair).inserted {
                Task { await send(pair) }
            }
        }
    }

    /// Sends what waits for `pair`, batch after batch, until nothing does.
    private func send(_ pair: LanguagePair) async {
        while let batch = waiting.removeValue(forKey: pair) {
            do {
                var results = try await backend.translate(batch.flatMap(\.sentences), pair: pair)[...]
                for request in batch {
                    request.continuation.resume(returning: Array(results.prefix(request.sentences.count)))
                    results = results.dropFirst(request.sentences.count)
                }
            } catch {
                for request in batch { request.continuation.resume(throwing: error) }
            }
        }
        busy.remove(pair)
    }
}
