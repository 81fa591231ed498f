import Foundation
import Logging
import StageProtocol

#if canImport(Glibc)
import Glibc
#endif

/// The skeleton every stage executable runs: argv, handshake, frame loop, `--describe`,
/// standalone mode, signals and logging.
///
/// Exit status: 0 done, 1 the stage failed (an `error` frame was sent first), 2 protocol error
/// on input, 64 bad command line.
///
/// `--validate` checks a job before it starts: it reads the parameters and runs the stage's
/// `init(context:)`, reads no input and writes no frame. It exits 0 with nothing on stdout when
/// the stage would start, else 1 with the failure as one JSON line on stdout (an `error`
/// message as ``MessageJSON`` writes it: `{"code":…,"kind":"error","message":…,"retryable":…}`).
public enum StageMain {
    /// Runs a stage that consumes messages. Never returns.
    public static func run<S: Stage>(_ stage: S.Type) -> Never {
        let invocation = setUp(manifest: S.manifest) { context in _ = try S(context: context) }
        var instance: S
        do {
            instance = try S(context: try invocation.context(S.manifest))
        } catch {
            fail(error, invocation)
        }
        var input: any FrameSource = invocation.input
        let consumes = Set(S.manifest.consumes.compactMap(MessageKind.init(name:)))
        do {
            while true {
                // Before waiting for input, let the stage finish what it holds and push it downstream.
                if input.wouldWait() {
                    try instance.idle(output: invocation.output)
                    try invocation.output.flush()
                }
                guard let frame = try input.next() else { break }
                switch frame.kind {
                case .endOfStream:
                    break
                case .hello:
                    let hello = try frame.message()
                    if case .hello(let h) = hello {
                        invocation.logger.debug("upstream hello", metadata: ["upstream": "\(h.stage)"])
                    }
                    continue
                case .progress, .log, .checkpoint, .error:
                    continue
                case let kind where consumes.contains(kind):
                    invocation.output.currentInputSequence = frame.sequence
                    try instance.handle(try frame.message(), output: invocation.output)
                    continue
                default:
                    invocation.output.currentInputSequence = frame.sequence
                    try invocation.output.forward(frame)
                    continue
                }
                break
            }
            try instance.finish(output: invocation.output)
            try endStream(invocation.output)
        } catch {
            fail(error, invocation)
        }
        exit(0)
    }

    /// Runs a stage that produces messages from elsewhere. Never returns.
    public static func run<S: SourceStage>(_ stage: S.Type) -> Never {
        let invocation = setUp(manifest: S.manifest) { context in _ = try S(context: context) }
        do {
            var instance = try S(context: try invocation.context(S.manifest))
            try instance.produce(output: invocation.output)
            try endStream(invocation.output)
        } catch {
            fail(error, invocation)
        }
        exit(0)
    }

    /// Sends end of stream and pushes everything out.
    private static func endStream(_ output: StageOutput) throws {
        try output.emit(.endOfStream)
        try output.flush()
    }

    struct Invocation {
        var parameters: [String: String]
        var logger: Logger
        var input: any FrameSource
        var output: StageOutput

        func context(_ manifest: StageManifest) throws(StageFailure) -> StageContext {
            StageContext(manifest: manifest, parameters: try StageParameters(given: parameters, manifest: manifest), logger: logger)
        }
    }

    /// Parses argv and answers `--describe`, `--help` and `--validate` (with `validate`, which
    /// creates the stage); otherwise opens input and output and says hello.
    private static func setUp(manifest: StageManifest, validate: (StageContext) throws -> Void) -> Invocation {
        signal(SIGPIPE, SIG_IGN)
        let arguments: StageArguments
        do {
            arguments = try StageArguments(CommandLine.arguments.dropFirst(), manifest: manifest)
        } catch {
            FileHandle.standardError.write(Data("\(manifest.executable): \(error.message)\nRun '\(manifest.executable) --help' for usage.\n".utf8))
            exit(64)
        }
        if arguments.describe {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(manifest)) ?? Data()
            FileHandle.standardOutput.write(data + Data("\n".utf8))
            exit(0)
        }
        if arguments.help {
            FileHandle.standardOutput.write(Data(StageArguments.usage(manifest).utf8))
            exit(0)
        }
        let level = arguments.logLevel
        LoggingSystem.bootstrap { label in StructuredLogHandler(label: label, level: level) }
        let logger = Logger(label: manifest.name)
        if arguments.validate {
            do {
                try validate(StageContext(manifest: manifest, parameters: try StageParameters(given: arguments.parameters, manifest: manifest), logger: logger))
            } catch {
                FileHandle.standardOutput.write(Data((MessageJSON.line(for: .error(Self.failure(for: error).failure)) + "\n").utf8))
                exit(1)
            }
            exit(0)
        }

        let output: StageOutput
        let input: any FrameSource
        do {
            let outputFD = try arguments.outputPath.map { try open(path: $0, writing: true) } ?? STDOUT_FILENO
            let inputFD = try arguments.inputPath.map { try open(path: $0, writing: false) } ?? STDIN_FILENO
            let firstSequence = ProcessInfo.processInfo.environment["VTRANS_FIRST_SEQUENCE"].flatMap(UInt64.init) ?? 1
            let sink: FrameSink = arguments.outputIsJSON ? JSONLinesWriter(fd: outputFD) : FrameWriter(fd: outputFD, firstSequence: firstSequence)
            output = StageOutput(sink: sink)
            input = arguments.inputIsJSON
                ? JSONLinesReader(fd: inputFD) : FrameReader(fd: inputFD, maximumPayloadLength: arguments.maximumFrameBytes)
            try sink.write(.hello(Hello(
                stage: manifest.name,
                consumes: manifest.consumes.compactMap(MessageKind.init(name:)),
                produces: manifest.produces.compactMap(MessageKind.init(name:)))))
        } catch {
            logger.error("cannot start: \(error)")
            exit(1)
        }
        return Invocation(parameters: arguments.parameters, logger: logger, input: input, output: output)
    }

    private static func open(path: String, writing: Bool) throws(StageFailure) -> Int32 {
        let fd = writing ? Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) : Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StageFailure(code: "io_error", message: "cannot open \(path) for \(writing ? "writing" : "reading"): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// Reports `error` downstream and on stderr, then exits 1 (2 for a protocol error).
    private static func fail(_ error: any Error, _ invocation: Invocation) -> Never {
        let (failure, status) = Self.failure(for: error)
        invocation.logger.error("\(failure.message)", metadata: ["code": "\(failure.code)", "retryable": "\(failure.retryable)"])
        try? invocation.output.emit(.error(failure))
        try? invocation.output.flush()
        exit(status)
    }

    /// The failure to report for `error`, and the exit status that goes with it.
    private static func failure(for error: any Error) -> (failure: StageFailure, status: Int32) {
        switch error {
        case let error as StageFailure: (error, 1)
        case let error as ProtocolError: (StageFailure(code: "protocol_error", message: error.description), 2)
        default: (StageFailure(code: "internal_error", message: "\(error)"), 1)
        }
    }
}
