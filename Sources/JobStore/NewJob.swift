import Foundation

/// What a client asks for: a job before it is queued.
public struct NewJob: Sendable, Hashable {
    /// The job's id (chosen by the caller, so uploads can be stored under it first).
    public var id: String
    /// Name of the pipeline to run.
    public var pipeline: String
    /// Language spoken in the input (`en`), or `nil` to detect it.
    public var sourceLanguage: String?
    /// Languages to produce subtitles in.
    public var targetLanguages: [String]
    /// Whether subtitles are burned into the picture.
    public var burnIn: Bool
    /// `stage.param=value` overrides, as given.
    public var overrides: [String]
    /// A client's key that makes a repeated submission return the first job.
    public var idempotencyKey: String?
    /// Higher runs first; equal priorities run in submission order.
    public var priority: Int
    /// Who submitted it (an address), for logs.
    public var client: String?
    /// The uploaded input.
    public var input: InputFile
    /// An uploaded subtitle file, for pipelines that import subtitles instead of recognising speech.
    public var subtitles: InputFile?

    public init(
        id: String = UUID().uuidString.lowercased(), pipeline: String, sourceLanguage: String? = nil, targetLanguages: [String] = [],
        burnIn: Bool = false, overrides: [String] = [], idempotencyKey: String? = nil, priority: Int = 0, client: String? = nil,
        input: InputFile, subtitles: InputFile? = nil
    ) {
        self.id = id
        self.pipeline = pipeline
        self.sourceLanguage = sourceLanguage
        self.targetLanguages = targetLanguages
        self.burnIn = burnIn
        self.overrides = overrides
        self.idempotencyKey = idempotencyKey
        self.priority = priority
        self.client = client
        self.input = input
        self.subtitles = subtitles
    }
}
