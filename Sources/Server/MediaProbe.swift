import Foundation
import Logging
import Pipeline
import StageProtocol
import Supervisor

/// Checks that an upload is media the pipelines can read, by its content: the `decoder` stage
/// opens it with `probe_only=true` (the product ships no ffprobe), under the supervisor like any
/// stage.
struct MediaProbe: Sendable {
    /// The installed plugins (the `decoder` plugin is used).
    let registry: PluginRegistry
    /// Finds stage executables.
    let locator: ExecutableLocator
    /// The server's logger.
    let logger: Logger

    /// Probes the file at `path`.
    /// - Throws: ``APIError`` 415 with the decoder's reason when the file is not readable media,
    ///   500 when the decoder itself cannot run.
    func check(path: String, fileName: String) async throws(APIError) {
        guard let decoder = registry.plugins["decoder"] else {
            throw APIError(.internalServerError, code: "decoder_missing", message: "the decoder plugin is not installed, so uploads cannot be checked")
        }
        var limits = decoder.manifest.limits
        limits.wallSeconds = 60
        let launch: StageLaunch
        do {
            launch = StageLaunch(
                name: "probe", executablePath: try locator.locate(decoder), parameters: ["path": path, "probe_only": "true"],
                limits: limits, restart: RestartPolicy(mode: .never))
        } catch {
            throw APIError(.internalServerError, code: error.code.description, message: error.message)
        }
        var options = SupervisorOptions(logger: logger)
        options.stopGraceSeconds = 1
        do {
            _ = try await PipelineRun(stages: [launch], options: options).run()
        } catch {
            guard let termination = error.termination, case .reportedFailure(let failure) = termination.cause else {
                throw APIError(.internalServerError, code: "probe_failed", message: "the upload could not be checked: \(error.message)")
            }
            throw APIError(.unsupportedMediaType, code: "unsupported_media",
                           message: "'\(fileName)' is not a video or audio file vtrans can read: \(failure.message.replacingOccurrences(of: path, with: fileName))")
        }
    }
}
