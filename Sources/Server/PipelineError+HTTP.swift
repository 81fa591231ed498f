import Hummingbird
import Pipeline

extension PipelineError {
    /// 422 for a pipeline or override the client chose badly; 500 for a broken installation.
    var apiError: APIError {
        let lines = diagnostics.map(\.description)
        let summary = diagnostics.first?.message ?? "the pipeline cannot be used"
        switch code {
        case .invalidOverride:
            return APIError(.unprocessableContent, code: "invalid_override", message: summary, details: lines)
        case .invalidPipeline:
            return APIError(.unprocessableContent, code: "invalid_pipeline", message: summary, details: lines)
        default:
            return APIError(.internalServerError, code: code.description, message: "the server's pipelines or plugins are broken: \(summary)", details: lines)
        }
    }
}
