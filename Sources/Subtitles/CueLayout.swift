/// Cues laid out from segments by ``CueRules/layout(_:)``, with what the caller should report.
public struct CueLayout: Hashable, Sendable {
    /// The cues in time order: none overlapping, each within the line limits.
    public var cues: [Cue]
    /// What could not be done as asked (word timings that do not match the text, cues faster
    /// than the reading speed), one sentence each, for the job's warnings.
    public var warnings: [String]

    /// Creates a layout.
    public init(cues: [Cue], warnings: [String]) {
        self.cues = cues
        self.warnings = warnings
    }
}
