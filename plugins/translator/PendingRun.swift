import StageProtocol
import Translation

/// A completed run of segments on its way through the translators, with what goes out after it.
struct PendingRun {
    /// The source segments, as they arrived.
    let sources: [Segment]
    /// One translation per target, in the order of the targets.
    let translations: BackgroundTask<[TranscriptTranslation]>
    /// The input sequence to checkpoint once the run is out, if any.
    let checkpoint: UInt64?
    /// The end of the run's last segment, in seconds.
    let mediaTime: Double
}
