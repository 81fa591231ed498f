import Foundation
import Logging

/// Everything `vtrans serve` can be told, with a laptop's defaults.
///
/// Read from `VTRANS_*` environment variables by ``init(environment:currentDirectory:)``; the CLI
/// applies its flags on top. docs/api.md lists every variable.
public struct ServerConfiguration: Sendable {
    /// Address to listen on (`VTRANS_HOST`, default `127.0.0.1`).
    public var host: String = "127.0.0.1"
    /// Port to listen on (`VTRANS_PORT`, default 8000; 0 picks a free port).
    public var port: Int = 8000
    /// Root of uploads/, output/ and logs/ (`VTRANS_DATA_DIR`, default `./data`).
    public var dataDirectory: String
    /// The job store (`VTRANS_DATABASE_URL`, default `sqlite://<data>/vtrans.sqlite`).
    public var databaseURL: String
    /// Largest accepted upload in bytes (`VTRANS_MAX_UPLOAD_BYTES`, default 2 GiB).
    public var maxUploadBytes: Int64 = 2 << 30
    /// Largest accepted subtitle file in bytes.
    public var maxSubtitlesBytes: Int64 = 20 << 20
    /// Jobs run at the same time (`VTRANS_WORKERS`, default 2).
    public var workers: Int = 2
    /// Attempts a job gets when the server restarts under it (2: retried once).
    public var maxAttempts: Int = 2
    /// Origins allowed by CORS (`VTRANS_CORS_ORIGINS`, comma-separated; empty: CORS off).
    public var corsOrigins: [String] = []
    /// Level of the server's own log (`VTRANS_LOG_LEVEL`, default `info`).
    public var logLevel: Logger.Level = .info
    /// Job submissions per client per minute (`VTRANS_RATE_LIMIT_PER_MINUTE`, default 30; 0: no limit).
    public var rateLimitPerMinute: Int = 30
    /// Whether the client address is taken from `X-Forwarded-For` (`VTRANS_TRUST_FORWARDED_FOR`),
    /// for a server behind nginx or a load balancer.
    public var trustForwardedFor: Bool = false
    /// Where Whisper models are (`VTRANS_MODELS_DIR`); `nil`: `/opt/vtrans/models`, as the recognizer.
    public var modelsDirectory: String?
    /// Free disk below which `/health` reports the disk as a problem (`VTRANS_MIN_FREE_BYTES`, default 1 GiB).
    public var minimumFreeBytes: Int64 = 1 << 30
    /// Directory of the web page's files; `nil`: the copy shipped with the binary.
    public var publicDirectory: String?
    /// Apertium's data directory, for the language list.
    public var apertiumDirectory: String = "/usr/share/apertium"

    /// The defaults, overridden by the `VTRANS_*` variables in `environment`.
    /// - Throws: ``ServerConfigurationError`` naming a variable whose value cannot be used.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, currentDirectory: String = FileManager.default.currentDirectoryPath)
        throws(ServerConfigurationError)
    {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        }
        func integer(_ name: String, minimum: Int64) throws(ServerConfigurationError) -> Int64? {
            guard let text = value(name) else { return nil }
            guard let number = Int64(text), number >= minimum else {
                throw ServerConfigurationError(variable: name, message: "'\(text)' is not a whole number of at least \(minimum)")
            }
            return number
        }
        let data = value("VTRANS_DATA_DIR") ?? "data"
        dataDirectory = URL(fileURLWithPath: data, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true)).standardizedFileURL.path
        databaseURL = value("VTRANS_DATABASE_URL") ?? "sqlite://\(dataDirectory)/vtrans.sqlite"
        host = value("VTRANS_HOST") ?? host
        port = try integer("VTRANS_PORT", minimum: 0).map { Int($0) } ?? port
        guard port <= 65535 else { throw ServerConfigurationError(variable: "VTRANS_PORT", message: "\(port) is not a port number") }
        maxUploadBytes = try integer("VTRANS_MAX_UPLOAD_BYTES", minimum: 1) ?? maxUploadBytes
        workers = try integer("VTRANS_WORKERS", minimum: 1).map { Int($0) } ?? workers
        rateLimitPerMinute = try integer("VTRANS_RATE_LIMIT_PER_MINUTE", minimum: 0).map { Int($0) } ?? rateLimitPerMinute
        minimumFreeBytes = try integer("VTRANS_MIN_FREE_BYTES", minimum: 0) ?? minimumFreeBytes
        corsOrigins = (value("VTRANS_CORS_ORIGINS") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let level = value("VTRANS_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ServerConfigurationError(variable: "VTRANS_LOG_LEVEL", message: "'\(level)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            logLevel = parsed
        }
        trustForwardedFor = ["1", "true", "yes", "on"].contains(value("VTRANS_TRUST_FORWARDED_FOR")?.lowercased() ?? "")
        modelsDirectory = value("VTRANS_MODELS_DIR")
        publicDirectory = value("VTRANS_PUBLIC_DIR")
        apertiumDirectory = value("VTRANS_APERTIUM_DIR") ?? apertiumDirectory
    }
}
