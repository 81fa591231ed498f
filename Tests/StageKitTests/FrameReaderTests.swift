import StageKit
import StageProtocol
import StageTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `FrameReader` on a connected socket (like a pipe, but close-on-exec from birth, so no child a
/// parallel test starts holds it open): whether the next frame would have to wait.
@Suite struct FrameReaderTests {
    static let segments = (1...3).map { Message.segment(Segment(id: UInt64($0), start: Double($0), end: Double($0) + 1, text: "Segment \($0).", language: "en")) }

    /// A connected pair: read from the first, write to the second.
    private static func channel() -> [Int32] {
        var fds: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0)
        return fds
    }

    private static func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>) {
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        #expect(written == bytes.count)
    }

    /// What the reader says, then the message of the frame it gives next.
    private static func step(_ reader: inout FrameReader) throws -> (wouldWait: Bool, next: Message?) {
        let wouldWait = reader.wouldWait()
        return (wouldWait, try reader.next()?.message())
    }

    @Test func waitsOnlyWhenNoWholeFrameIsBufferedAndNothingIsReadable() throws {
        let fds = Self.channel()
        defer { close(fds[0]) }
        var reader = FrameReader(fd: fds[0])
        let empty = reader.wouldWait()
        #expect(empty, "nothing sent yet")

        let bytes = FrameBytes.encode(Self.segments)
        let firstTwo = FrameBytes.encode(Array(Self.segments.prefix(2))).count
        Self.write(fds[1], bytes[..<(firstTwo + 10)])
        let first = try Self.step(&reader)
        #expect(!first.wouldWait && first.next == Self.segments[0], "bytes to read")
        let second = try Self.step(&reader)
        #expect(!second.wouldWait && second.next == Self.segments[1], "a whole frame is buffered")
        let partial = reader.wouldWait()
        #expect(partial, "only part of a frame is buffered")

        Self.write(fds[1], bytes[(firstTwo + 10)...])
        close(fds[1])
        let third = try Self.step(&reader)
        #expect(!third.wouldWait && third.next == Self.segments[2])
        let end = try Self.step(&reader)
        #expect(!end.wouldWait && end.next == nil, "the end of input is no wait")
    }

    @Test func anErrorFoundWhileLookingAheadComesFromNext() throws {
        let fds = Self.channel()
        defer { close(fds[0]) }
        let good = FrameBytes.encode([Self.segments[0]])
        var bad = FrameBytes.encode([Self.segments[1]])
        bad[0] = UInt8(ascii: "X")
        Self.write(fds[1], (good + bad)[...])
        close(fds[1])
        var reader = FrameReader(fd: fds[0])
        #expect(try reader.next()?.message() == Self.segments[0])
        let known = reader.wouldWait()
        #expect(!known, "the next frame is known: it is an error")
        #expect(throws: ProtocolError.self) { try reader.next() }
    }
}
