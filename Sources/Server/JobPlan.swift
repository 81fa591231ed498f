import Pipeline

/// A job's pipeline ready to run: the checked definition, and warnings about choices the
/// pipeline could not honour in full.
struct JobPlan: Sendable {
    /// The pipeline with every override and variable applied.
    var definition: PipelineDefinition
    /// Things the client asked for that the pipeline only partly does.
    var warnings: [String]
}
