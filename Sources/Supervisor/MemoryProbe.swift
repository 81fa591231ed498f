import Foundation

/// Reads a live process's memory figures from /proc.
enum MemoryProbe {
    /// Peak virtual size and peak resident set, in bytes, or nil once the process is gone.
    static func peaks(pid: Int32) -> (virtual: UInt64, resident: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var virtual: UInt64 = 0
        var resident: UInt64 = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("VmPeak:") { virtual = kilobytes(line) }
            else if line.hasPrefix("VmHWM:") { resident = kilobytes(line) }
        }
        return (virtual, resident)
    }

    private static func kilobytes(_ line: Substring) -> UInt64 {
        let digits = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? ""
        return (UInt64(digits) ?? 0) * 1024
    }

    /// Whether stderr lines show an allocation failure (Swift runtime, C++, glibc, Python).
    static func mentionsAllocationFailure(_ lines: [String]) -> Bool {
        let markers = ["failed to allocate", "could not allocate", "Cannot allocate memory", "std::bad_alloc", "MemoryError", "out of memory"]
        return lines.contains { line in markers.contains { line.contains($0) } }
    }
}
