import CWhisper
import Foundation
import Logging
import Synchronization

/// Sends whisper.cpp's and ggml's own log lines through a swift-log `Logger` (structured, on
/// stderr) instead of the library printing them to stderr itself.
///
/// whisper.cpp's warnings and errors keep their level; its informational lines (the model
/// dump at load time, buffer sizes) become debug. The one error whisper.cpp logs when
/// ``WhisperModel`` stops it after the first 30-second pass on purpose is logged at trace.
enum WhisperLog {
    /// Routes whisper.cpp's messages to `logger` from now on.
    static func route(to logger: Logger) {
        router.withLock { $0 = WhisperLogRouter(logger: logger) }
        whisper_log_set(forward, nil)
    }

    /// Behind a lock: ggml may log from its worker threads.
    fileprivate static let router = Mutex<WhisperLogRouter?>(nil)

    /// Part of the message whisper.cpp logs when the encoder callback declines a pass.
    static let declinedPass = "encoder_begin_callback returned false"
}

/// Joins the library's line pieces (a message may come in several calls) and logs whole lines.
private struct WhisperLogRouter {
    var logger: Logger
    var pending = ""
    var pendingLevel: Logger.Level = .debug

    mutating func append(_ text: String, level: ggml_log_level) {
        if level != GGML_LOG_LEVEL_CONT { pendingLevel = Self.level(level) }
        pending += text
        guard pending.hasSuffix("\n") else { return }
        let line = pending.trimmingCharacters(in: .whitespacesAndNewlines)
        pending = ""
        guard !line.isEmpty else { return }
        let level = line.contains(WhisperLog.declinedPass) ? .trace : pendingLevel
        logger.log(level: level, "\(line)", metadata: ["source": "whisper.cpp"])
    }

    private static func level(_ level: ggml_log_level) -> Logger.Level {
        switch level {
        case GGML_LOG_LEVEL_ERROR: .error
        case GGML_LOG_LEVEL_WARN: .warning
        case GGML_LOG_LEVEL_INFO: .debug
        default: .trace
        }
    }
}

private func forward(_ level: ggml_log_level, _ text: UnsafePointer<CChar>?, _ userData: UnsafeMutableRawPointer?) {
    guard let text else { return }
    WhisperLog.router.withLock { $0?.append(String(cString: text), level: level) }
}
