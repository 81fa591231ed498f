import Logging
import StageProtocol

/// A pipeline stage that turns input messages into output messages.
///
/// A stage's `main.swift` is one call: `StageMain.run(MyStage.self)`. ``StageMain`` owns argv,
/// the handshake, the frame loop, `--describe`, standalone mode, signals and logging. Messages
/// of kinds the stage does not consume are forwarded downstream unchanged.
public protocol Stage {
    /// The stage's self-description, printed by `--describe`.
    static var manifest: StageManifest { get }

    /// Creates the stage with its validated parameters.
    /// - Throws: ``StageFailure`` (for example `bad_parameter`) to stop before any work.
    init(context: StageContext) throws

    /// Handles one input message of a kind listed in the manifest's `consumes`.
    mutating func handle(_ message: Message, output: StageOutput) throws

    /// Called once after the last input message; emit whatever is still pending.
    mutating func finish(output: StageOutput) throws

    /// Called when the input has nothing more for the moment, before the stage waits for it:
    /// emit what was held back to be worked on in batches. Input read from a file never waits.
    mutating func idle(output: StageOutput) throws
}

extension Stage {
    public mutating func finish(output: StageOutput) throws {}

    public mutating func idle(output: StageOutput) throws {}
}

/// A stage that reads no messages and produces them from elsewhere (a file, a device).
public protocol SourceStage {
    /// The stage's self-description, printed by `--describe`.
    static var manifest: StageManifest { get }

    /// Creates the stage with its validated parameters.
    init(context: StageContext) throws

    /// Produces every output message.
    mutating func produce(output: StageOutput) throws
}
