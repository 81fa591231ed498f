import ArgumentParser
import Foundation
import Logging
import Pipeline
import Server
import Supervisor

/// `vtrans serve`: the HTTP API, WebSocket progress, the web page and the job queue.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service (REST API, live progress, web page, job queue).",
        discussion: """
            Settings come from VTRANS_* environment variables, then a .env file in the working \
            directory (for variables the environment does not set), then these flags. \
            See docs/api.md for the API and every variable.

            Example:
              vtrans serve --port 8000 --data-dir ./data
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Address to listen on (VTRANS_HOST; default 127.0.0.1).", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on, 0 for any free port (VTRANS_PORT; default 8000).", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("Directory for uploads/, output/ and logs/ (VTRANS_DATA_DIR; default ./data).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("Job database URL, sqlite:///path (VTRANS_DATABASE_URL; default sqlite://<data>/vtrans.sqlite).", valueName: "url"))
    var databaseURL: String?

    @Option(help: ArgumentHelp("Jobs run at the same time (VTRANS_WORKERS; default 2).", valueName: "n"))
    var workers: Int?

    @Option(help: ArgumentHelp("A .env file to read (default: .env in the working directory, if present).", valueName: "file"))
    var envFile: String = ".env"

    func run() async throws {
        let fileValues = EnvironmentFile.read(path: envFile)
        for (name, value) in fileValues where ProcessInfo.processInfo.environment[name] == nil {
            // Stages inherit the environment, and plugin search paths read it: apply the file to it.
            setenv(name, value, 0)
        }
        var configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration()
        } catch {
            throw ValidationError(error.description)
        }
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
            configuration.port = port
        }
        if let dataDir {
            configuration.dataDirectory = URL(fileURLWithPath: dataDir).standardizedFileURL.path
            if databaseURL == nil, ProcessInfo.processInfo.environment["VTRANS_DATABASE_URL"] == nil {
                configuration.databaseURL = "sqlite://\(configuration.dataDirectory)/vtrans.sqlite"
            }
        }
        if let databaseURL { configuration.databaseURL = databaseURL }
        if let workers {
            guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
            configuration.workers = workers
        }

        var logger = Logger(label: "vtrans.server") { StreamLogHandler.standardError(label: $0) }
        // --log-level (whose default is "error" for the other commands) wins when given another value.
        logger.logLevel = global.logLevel == "error" ? configuration.logLevel : Logger.Level(rawValue: global.logLevel) ?? configuration.logLevel
        let server = VTransServer(
            configuration: configuration, registry: try global.registry(),
            pipelineDirectories: global.pipelinePaths + PipelineCatalog.defaultDirectories(executableDirectory: GlobalOptions.executableDirectory),
            locator: .standard(), logger: logger)
        let host = configuration.host
        try await server.run { port in
            // One line on stdout, written at once, so scripts and tests can read the port.
            FileHandle.standardOutput.write(Data("vtrans: listening on http://\(host):\(port)\n".utf8))
        }
    }
}
