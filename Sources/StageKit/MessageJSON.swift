import Foundation
import StageProtocol

/// The human-readable form of messages: one JSON object per line, `{"kind": "segment", ...}`.
///
/// Used by standalone mode (`--input x.jsonl`, `--output x.jsonl`) and `vtrans stage`.
/// Audio samples travel as base64 of their little-endian float32 bytes.
public enum MessageJSON {
    /// The JSON object for a message.
    public static func object(for message: Message) -> [String: Any] {
        var o: [String: Any] = ["kind": message.kind.name]
        switch message {
        case .hello(let m):
            o["stage"] = m.stage
            o["protocol"] = "\(m.protocolMajor).\(m.protocolMinor)"
            o["consumes"] = m.consumes.map(\.name)
            o["produces"] = m.produces.map(\.name)
        case .streamInfo(let m):
            o["source_path"] = m.sourcePath
            o["format_name"] = m.formatName
            o["duration"] = m.duration
            o["selected_audio_stream"] = Int(m.selectedAudioStream)
            o["streams"] = m.streams.map { s in
                [
                    "index": Int(s.index), "type": s.type, "codec": s.codec, "language": s.language, "title": s.title,
                    "sample_rate": Int(s.sampleRate), "channels": Int(s.channels), "width": Int(s.width), "height": Int(s.height),
                ] as [String: Any]
            }
        case .audioChunk(let m):
            o["start_sample"] = Int(m.startSample)
            o["sample_rate"] = Int(m.sampleRate)
            o["channels"] = Int(m.channels)
            o["samples_base64"] = Data(m.sampleBytes).base64EncodedString()
        case .segment(let m), .translatedSegment(let m):
            o["id"] = Int(m.id)
            if m.sourceID != 0 { o["source_id"] = Int(m.sourceID) }
            o["start"] = m.start
            o["end"] = m.end
            o["text"] = m.text
            o["language"] = m.language
            if !m.words.isEmpty {
                o["words"] = m.words.map { ["start": $0.start, "end": $0.end, "text": $0.text, "probability": Double($0.probability)] as [String: Any] }
            }
        case .fileReady(let m):
            o["role"] = m.role
            o["path"] = m.path
            o["language"] = m.language
            o["format"] = m.format
        case .progress(let m):
            o["fraction"] = m.fraction
            o["done"] = m.done
            o["total"] = m.total
            o["unit"] = m.unit
            o["note"] = m.note
        case .log(let m):
            o["level"] = m.level
            o["message"] = m.message
            o["metadata"] = Dictionary(m.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        case .error(let m):
            o["code"] = m.code
            o["message"] = m.message
            o["retryable"] = m.retryable
        case .endOfStream:
            break
        case .checkpoint(let m):
            o["input_sequence"] = Int(m.inputSequence)
            o["media_time"] = m.mediaTime
        case .unknown(let kind, let payload):
            o["kind"] = Int(kind.rawValue)
            o["payload_base64"] = Data(payload).base64EncodedString()
        }
        return o
    }

    /// One line of JSON for a message (no trailing newline).
    public static func line(for message: Message) -> String {
        let data = try? JSONSerialization.data(withJSONObject: object(for: message), options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Parses one line of JSON into a message.
    /// - Throws: ``StageFailure`` `bad_input` saying which field is missing or wrong.
    public static func message(from line: String) throws(StageFailure) -> Message {
        guard let data = line.data(using: .utf8),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { throw StageFailure(code: "bad_input", message: "not a JSON object: \(line.prefix(80))") }
        let o = Fields(object: object)
        if let code = object["kind"] as? NSNumber { return try message(code: code, fields: o) }
        guard let kindName = object["kind"] as? String, let kind = MessageKind(name: kindName) else {
            throw StageFailure(code: "bad_input", message: "line has no known \"kind\" (one of \(MessageKind.allKnown.map(\.name).joined(separator: ", ")))")
        }
        switch kind {
        case .hello:
            let version = try o.string("protocol", default: "\(WireFormat.majorVersion).\(WireFormat.minorVersion)").split(separator: ".")
            guard version.count == 2, let major = UInt8(version[0]), let minor = UInt8(version[1]) else {
                throw StageFailure(code: "bad_input", message: "field \"protocol\" should be MAJOR.MINOR, such as \"1.0\"")
            }
            return .hello(Hello(
                stage: try o.string("stage"),
                consumes: try o.strings("consumes").compactMap(MessageKind.init(name:)),
                produces: try o.strings("produces").compactMap(MessageKind.init(name:)),
                protocolMajor: major, protocolMinor: minor))
        case .streamInfo:
            let streams = try o.objects("streams").map { s throws(StageFailure) in
                MediaStream(
                    index: UInt32(try s.int("index")), type: try s.string("type"), codec: try s.string("codec"),
                    language: try s.string("language", default: ""), title: try s.string("title", default: ""),
                    sampleRate: UInt32(try s.int("sample_rate", default: 0)), channels: UInt32(try s.int("channels", default: 0)),
                    width: UInt32(try s.int("width", default: 0)), height: UInt32(try s.int("height", default: 0)))
            }
            return .streamInfo(StreamInfo(
                sourcePath: try o.string("source_path"), formatName: try o.string("format_name", default: ""),
                duration: try o.double("duration", default: -1), streams: streams,
                selectedAudioStream: Int32(try o.int("selected_audio_stream", default: -1))))
        case .audioChunk:
            guard let bytes = Data(base64Encoded: try o.string("samples_base64")) else {
                throw StageFailure(code: "bad_input", message: "audio_chunk: samples_base64 is not base64")
            }
            return .audioChunk(AudioChunk(
                startSample: UInt64(try o.int("start_sample")), sampleRate: UInt32(try o.int("sample_rate", default: 16000)),
                channels: UInt16(try o.int("channels", default: 1)), sampleBytes: [UInt8](bytes)))
        case .segment, .translatedSegment:
            let words = try o.objects("words", required: false).map { w throws(StageFailure) in
                Word(start: try w.double("start"), end: try w.double("end"), text: try w.string("text"),
                     probability: Float(try w.double("probability", default: 1)))
            }
            let segment = Segment(
                id: UInt64(try o.int("id")), sourceID: UInt64(try o.int("source_id", default: 0)),
                start: try o.double("start"), end: try o.double("end"), text: try o.string("text"),
                language: try o.string("language", default: ""), words: words)
            return kind == .segment ? .segment(segment) : .translatedSegment(segment)
        case .fileReady:
            return .fileReady(FileReady(
                role: try o.string("role"), path: try o.string("path"), language: try o.string("language", default: ""),
                format: try o.string("format")))
        case .progress:
            return .progress(Progress(
                fraction: try o.double("fraction"), done: try o.double("done", default: 0), total: try o.double("total", default: 0),
                unit: try o.string("unit", default: ""), note: try o.string("note", default: "")))
        case .log:
            let metadata = (object["metadata"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { KeyValue($0.key, $0.value) }
            return .log(LogRecord(level: try o.string("level"), message: try o.string("message"), metadata: metadata))
        case .error:
            return .error(StageFailure(code: try o.string("code"), message: try o.string("message"), retryable: (object["retryable"] as? Bool) ?? false))
        case .checkpoint:
            return .checkpoint(Checkpoint(inputSequence: UInt64(try o.int("input_sequence")), mediaTime: try o.double("media_time", default: 0)))
        default:
            return .endOfStream
        }
    }

    /// A message written by its kind code and base64 payload, as kinds this version does not know are.
    private static func message(code: NSNumber, fields o: Fields) throws(StageFailure) -> Message {
        let value = code.doubleValue
        guard value >= 0, value <= 255, value.rounded() == value else {
            throw StageFailure(code: "bad_input", message: "a numeric \"kind\" must be a kind code from 0 to 255, not \(code)")
        }
        guard let payload = Data(base64Encoded: try o.string("payload_base64")) else {
            throw StageFailure(code: "bad_input", message: "kind \(code): payload_base64 is not base64")
        }
        do {
            return try Message(kind: MessageKind(rawValue: UInt8(value)), payload: [UInt8](payload))
        } catch {
            throw StageFailure(code: "bad_input", message: error.message)
        }
    }

    /// Typed field access on a JSON object with errors that name the field.
    private struct Fields {
        let object: [String: Any]

        func string(_ key: String, default fallback: String? = nil) throws(StageFailure) -> String {
            if let value = object[key] as? String { return value }
            if object[key] == nil, let fallback { return fallback }
            throw missing(key, "a string")
        }
        func double(_ key: String, default fallback: Double? = nil) throws(StageFailure) -> Double {
            if let value = object[key] as? NSNumber { return value.doubleValue }
            if object[key] == nil, let fallback { return fallback }
            throw missing(key, "a number")
        }
        func int(_ key: String, default fallback: Int? = nil) throws(StageFailure) -> Int {
            if let value = object[key] as? NSNumber, value.doubleValue >= 0, value.doubleValue.rounded() == value.doubleValue { return value.intValue }
            if object[key] == nil, let fallback { return fallback }
            throw missing(key, "a non-negative whole number")
        }
        func strings(_ key: String) throws(StageFailure) -> [String] {
            if let value = object[key] as? [String] { return value }
            if object[key] == nil { return [] }
            throw missing(key, "a list of strings")
        }
        func objects(_ key: String, required: Bool = true) throws(StageFailure) -> [Fields] {
            if let value = object[key] as? [[String: Any]] { return value.map(Fields.init(object:)) }
            if object[key] == nil && !required { return [] }
            throw missing(key, "a list of objects")
        }
        private func missing(_ key: String, _ expected: String) -> StageFailure {
            StageFailure(code: "bad_input", message: "field \"\(key)\" should be \(expected)")
        }
    }
}
