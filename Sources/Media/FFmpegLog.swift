import CFFmpeg
import Foundation
import Logging
import Synchronization

/// Sends libav*'s own log lines through a swift-log `Logger` (structured, on stderr) instead
/// of FFmpeg writing them to stderr itself.
public enum FFmpegLog {
    /// Routes FFmpeg's messages to `logger` from now on. FFmpeg's errors and warnings keep their
    /// level; its informational lines become debug, its verbose and debug lines trace.
    public static func route(to logger: Logger) {
        router.withLock { $0 = Router(logger: logger) }
        av_log_set_level(logger.logLevel <= .debug ? AV_LOG_DEBUG : AV_LOG_WARNING)
        av_log_set_callback(forward)
    }

    /// Behind a lock: FFmpeg may log from its worker threads.
    fileprivate static let router = Mutex<Router?>(nil)
}

/// Joins FFmpeg's line pieces (one message may come in several calls) and logs whole lines.
private struct Router {
    var logger: Logger
    var pending = ""

    mutating func append(_ text: String, level: Int32, component: String) {
        pending += text
        guard pending.hasSuffix("\n") else { return }
        let line = pending.trimmingCharacters(in: .whitespacesAndNewlines)
        pending = ""
        guard !line.isEmpty else { return }
        logger.log(level: Self.level(level), "\(line)", metadata: ["source": "ffmpeg", "component": "\(component)"])
    }

    private static func level(_ level: Int32) -> Logger.Level {
        switch level {
        case ...AV_LOG_ERROR: .error
        case ...AV_LOG_WARNING: .warning
        case ...AV_LOG_INFO: .debug
        default: .trace
        }
    }
}

private func forward(_ object: UnsafeMutableRawPointer?, _ level: Int32, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) {
    guard level <= av_log_get_level(), let format, let arguments else { return }
    var line = [CChar](repeating: 0, count: 1024)
    var printPrefix: Int32 = 0
    guard av_log_format_line2(object, level, format, arguments, &line, Int32(line.count), &printPrefix) >= 0 else { return }
    let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let component = object.flatMap { object in
        let itemName = object.assumingMemoryBound(to: UnsafePointer<AVClass>?.self).pointee?.pointee.item_name
        return itemName?(object).map { String(cString: $0) }
    }
    FFmpegLog.router.withLock { $0?.append(text, level: level, component: component ?? "") }
}
