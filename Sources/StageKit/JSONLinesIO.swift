import Foundation
import StageProtocol

/// Reads messages written one JSON object per line and hands them out as frames.
public struct JSONLinesReader: FrameSource {
    private let handle: FileHandle
    private var pending = Data()
    private var atEnd = false
    private var sequence: UInt64 = 0
    private var lineNumber = 0

    public init(fd: Int32) { handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false) }

    public mutating func next() throws -> Frame? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                lineNumber += 1
                if line.allSatisfy(\.isWhitespace) { continue }
                return try frame(line)
            }
            if atEnd {
                guard !pending.isEmpty else { return nil }
                let line = String(decoding: pending, as: UTF8.self)
                pending.removeAll()
                lineNumber += 1
                return line.allSatisfy(\.isWhitespace) ? nil : try frame(line)
            }
            let data = handle.readData(ofLength: 1 << 16)
            if data.isEmpty { atEnd = true } else { pending.append(data) }
        }
    }

    private mutating func frame(_ line: String) throws -> Frame {
        let message: Message
        do { message = try MessageJSON.message(from: line) } catch {
            throw StageFailure(code: error.code, message: "line \(lineNumber): \(error.message)")
        }
        var writer = PayloadWriter()
        message.encodePayload(into: &writer)
        sequence += 1
        return Frame(kind: message.kind, sequence: sequence, payload: writer.finish())
    }
}

/// Writes messages one JSON object per line.
public final class JSONLinesWriter: FrameSink {
    private let fd: Int32
    private var sequence: UInt64 = 0
    private var buffer: [UInt8] = []

    public init(fd: Int32) { self.fd = fd }

    @discardableResult
    public func write(_ message: Message) throws -> UInt64 {
        sequence += 1
        buffer.append(contentsOf: MessageJSON.line(for: message).utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count > 1 << 16 { try flush() }
        return sequence
    }

    @discardableResult
    public func forward(_ frame: Frame) throws -> UInt64 {
        try write(try frame.message())
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { raw in try FileDescriptorIO.write(fd, raw) }
        buffer.removeAll(keepingCapacity: true)
    }
}
