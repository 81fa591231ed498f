import Foundation

/// What ffprobe and ffmpeg say about a file, for checking the muxer's outputs.
enum Probe {
    /// One subtitle cue.
    struct Cue: Equatable {
        var start: Double
        var end: Double
        var text: String
    }

    /// MD5 of every packet of `stream` (an ffprobe stream specifier such as `v:0`), in order.
    static func packetHashes(_ path: String, stream: String) throws -> [String] {
        let data = try Tool.run([
            "ffprobe", "-v", "error", "-select_streams", stream, "-show_packets", "-show_data_hash", "MD5",
            "-show_entries", "packet=data_hash", "-of", "csv=p=0", path,
        ])
        // Side data (such as AAC priming's "Skip Samples") may print on the same lines: keep the hashes.
        return String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "," })
            .filter { $0.hasPrefix("MD5:") }.map(String.init)
    }

    /// Codec name, language and title (or MP4 handler name) of each stream of `type` (`s`, `v`, `a`).
    static func streams(_ path: String, type: String) throws -> [(codec: String, language: String, title: String)] {
        let data = try Tool.run(["ffprobe", "-v", "error", "-select_streams", type, "-show_streams", "-of", "json", path])
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let streams = root?["streams"] as? [[String: Any]] ?? []
        return streams.map { stream in
            let tags = stream["tags"] as? [String: String] ?? [:]
            return (stream["codec_name"] as? String ?? "", tags["language"] ?? "", tags["title"] ?? tags["handler_name"] ?? "")
        }
    }

    /// Stream index of every packet in file order.
    static func packetOrder(_ path: String) throws -> [Int] {
        let data = try Tool.run(["ffprobe", "-v", "error", "-show_packets", "-show_entries", "packet=stream_index,pos", "-of", "csv=p=0", path])
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .compactMap { line -> (Int, Int)? in
                let fields = line.split(separator: ",")
                guard fields.count == 2, let index = Int(fields[0]), let pos = Int(fields[1]) else { return nil }
                return (pos, index)
            }
            .sorted { $0.0 < $1.0 }
            .map(\.1)
    }

    /// The cues of subtitle stream `index`, as ffmpeg converts them to SRT.
    static func cues(_ path: String, subtitleStream index: Int) throws -> [Cue] {
        parseSRT(String(decoding: try Tool.run(["ffmpeg", "-v", "error", "-i", path, "-map", "0:s:\(index)", "-f", "srt", "-"]), as: UTF8.self))
    }

    /// Parses SRT (or the cue blocks of WebVTT) text.
    static func parseSRT(_ text: String) -> [Cue] {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        return blocks.compactMap { block in
            let lines = block.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard let timing = lines.firstIndex(where: { $0.contains("-->") }) else { return nil }
            let parts = lines[timing].components(separatedBy: "-->").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let start = seconds(parts[0]), let end = seconds(parts[1]) else { return nil }
            return Cue(start: start, end: end, text: lines[(timing + 1)...].joined(separator: "\n"))
        }
    }

    private static func seconds(_ text: String) -> Double? {
        let fields = text.replacingOccurrences(of: ",", with: ".").split(separator: ":").compactMap { Double($0) }
        guard (2...3).contains(fields.count) else { return nil }
        return fields.reduce(0) { $0 * 60 + $1 }
    }
}
