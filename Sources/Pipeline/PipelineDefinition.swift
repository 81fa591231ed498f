/// A checked pipeline: its stages in order, each with a known plugin and resolved settings.
///
/// Only ``PipelineLoader`` produces one from YAML; every value in it has passed validation.
public struct PipelineDefinition: Sendable {
    /// The pipeline's name (`name:`, else the file name without extension).
    public var name: String
    /// One line saying what the pipeline does.
    public var summary: String
    /// The file the pipeline was read from, as given.
    public var file: String
    /// The stages, upstream first: each stage's stdout feeds the next one's stdin.
    public var stages: [StageDefinition]

    public init(name: String, summary: String, file: String, stages: [StageDefinition]) {
        self.name = name
        self.summary = summary
        self.file = file
        self.stages = stages
    }
}
