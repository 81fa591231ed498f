import StageProtocol
import Logging

/// The command line every stage executable understands.
struct StageArguments {
    var describe = false
    var validate = false
    var help = false
    var parameters: [String: String] = [:]
    var inputPath: String?
    var outputPath: String?
    var inputIsJSON = false
    var outputIsJSON = false
    var logLevel: Logger.Level = .info
    var maximumFrameBytes = WireFormat.defaultMaximumPayloadLength

    struct UsageError: Error { var message: String }

    init<C: Collection<String>>(_ argv: C, manifest: StageManifest) throws(UsageError) {
        var inputFormat: String?
        var outputFormat: String?
        var rest = Array(argv)[...]
        func value(_ flag: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--describe": describe = true
            case "--validate": validate = true
            case "--help", "-h": help = true
            case "--param", "-p":
                let pair = try value(argument)
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                    throw UsageError(message: "\(argument) takes NAME=VALUE, got '\(pair)'")
                }
                parameters[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            case "--input", "-i": inputPath = try value(argument)
            case "--output", "-o": outputPath = try value(argument)
            case "--input-format": inputFormat = try value(argument)
            case "--output-format": outputFormat = try value(argument)
            case "--log-level":
                let text = try value(argument)
                guard let level = Logger.Level(rawValue: text) else {
                    throw UsageError(message: "--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                logLevel = level
            case "--max-frame-bytes":
                let text = try value(argument)
                guard let bytes = Quantity.bytes(text), bytes > 0, bytes <= UInt64(UInt32.max) else {
                    throw UsageError(message: "--max-frame-bytes takes a size such as 16MiB, got '\(text)'")
                }
                maximumFrameBytes = Int(bytes)
            default:
                throw UsageError(message: "unknown argument '\(argument)'")
            }
        }
        inputIsJSON = try Self.isJSON(format: inputFormat, path: inputPath, flag: "--input-format")
        outputIsJSON = try Self.isJSON(format: outputFormat, path: outputPath, flag: "--output-format")
    }

    private static func isJSON(format: String?, path: String?, flag: String) throws(UsageError) -> Bool {
        switch format {
        case "jsonl": return true
        case "frames": return false
        case nil: return path?.hasSuffix(".jsonl") ?? false
        case let other?: throw UsageError(message: "\(flag) must be 'frames' or 'jsonl', got '\(other)'")
        }
    }

    static func usage(_ manifest: StageManifest) -> String {
        var text = """
            \(manifest.executable): \(manifest.summary)

            USAGE: \(manifest.executable) [--param NAME=VALUE ...] [--input FILE] [--output FILE]

            Runs as a vtrans pipeline stage: framed messages on stdin/stdout, logs on stderr.
            Standalone, --input and --output take files of frames, or of JSON lines when the
            name ends in .jsonl (or with --input-format/--output-format jsonl).

            OPTIONS:
              -p, --param NAME=VALUE   Set a parameter (repeatable).
              -i, --input FILE         Read messages from FILE instead of stdin.
              -o, --output FILE        Write messages to FILE instead of stdout.
              --input-format FORMAT    frames or jsonl.
              --output-format FORMAT   frames or jsonl.
              --log-level LEVEL        trace, debug, info, notice, warning, error, critical.
              --max-frame-bytes SIZE   Largest frame payload accepted (default 16MiB).
              --describe               Print the stage manifest as JSON and exit.
              --validate               Check the parameters as the stage would start with them, then
                                       exit: 0 and no output when it would start, else 1 and the
                                       error as one JSON line on stdout.
              -h, --help               Show this help.

            CONSUMES: \(manifest.consumes.isEmpty ? "(nothing: a source)" : manifest.consumes.joined(separator: ", "))
            PRODUCES: \(manifest.produces.joined(separator: ", "))

            PARAMETERS:

            """
        for p in manifest.parameters {
            var line = "  \(p.name) (\(p.type.rawValue)\(p.required ? ", required" : ""))"
            if let d = p.defaultValue { line += " [default: \(d)]" }
            if !p.choices.isEmpty { line += " {\(p.choices.joined(separator: "|"))}" }
            text += line + "\n      \(p.summary)\n"
        }
        return text
    }
}
