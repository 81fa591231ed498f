import Foundation
import StageKit
import StageProtocol
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct JSONLinesReaderTests {
    /// Reads `text` as a JSON lines file, returning the frames read and the error that stopped it.
    static func read(_ text: String) throws -> (frames: [Frame], error: StageFailure?) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-jsonl-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        var reader = JSONLinesReader(fd: fd)
        var frames: [Frame] = []
        do {
            while let frame = try reader.next() { frames.append(frame) }
        } catch let error as StageFailure {
            return (frames, error)
        }
        return (frames, nil)
    }

    @Test("messages come out as numbered frames; blank lines are skipped; the last line needs no newline")
    func readsFrames() throws {
        let lines = MessageJSONTests.messages.prefix(3).map { MessageJSON.line(for: $0) }
        let result = try Self.read(lines[0] + "\n\n   \n" + lines[1] + "\r\n" + lines[2])
        #expect(result.error == nil)
        #expect(result.frames.map(\.sequence) == [1, 2, 3])
        #expect(try result.frames.map { try $0.message() } == Array(MessageJSONTests.messages.prefix(3)))
    }

    @Test("an error names its line, counting blank ones")
    func lineNumbers() throws {
        let good = MessageJSON.line(for: .endOfStream)
        let result = try Self.read("\(good)\n\n\(good)\n{\"kind\": \"segment\", \"id\": 1}\n\(good)\n")
        #expect(result.frames.count == 2)
        #expect(result.error?.code == "bad_input")
        #expect(result.error?.message.hasPrefix("line 4: field \"start\" should be a number") == true, "\(result.error?.message ?? "")")
    }

    @Test("an error on a last line without a newline still names it")
    func lastLine() throws {
        let result = try Self.read("\n\nnot json")
        #expect(result.error?.message.hasPrefix("line 3: not a JSON object") == true, "\(result.error?.message ?? "")")
    }
}
