#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import StageProtocol

/// Blocking reads and writes on a file descriptor, retrying on EINTR.
public enum FileDescriptorIO {
    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(StageFailure) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw StageFailure(code: "io_error", message: "reading input failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes all of `bytes`.
    /// - Throws: ``StageFailure`` `downstream_closed` when the reader went away (EPIPE).
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(StageFailure) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 {
                offset += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if errno == EPIPE {
                throw StageFailure(code: "downstream_closed", message: "the next stage closed its input before this stage finished", retryable: true)
            }
            throw StageFailure(code: "io_error", message: "writing output failed: \(String(cString: strerror(errno)))")
        }
    }
}
