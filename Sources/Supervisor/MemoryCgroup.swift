import Foundation

/// A memory cgroup of its own for one stage process, made under the supervisor's cgroup when
/// the hierarchy is writable (cgroup v2, or v1's memory controller).
///
/// The kernel then limits the stage's resident memory (not just its address space) and counts
/// OOM kills, which tells "over its memory limit" from any other SIGKILL.
final class MemoryCgroup: @unchecked Sendable {
    /// The cgroup directory.
    let directory: String
    private let version: Int

    private init(directory: String, version: Int) {
        self.directory = directory
        self.version = version
    }

    /// Where a process writes its pid to join.
    var procsPath: String { directory + "/cgroup.procs" }

    /// Creates `name` under the supervisor's own memory cgroup with `limit` bytes, or nil when
    /// no writable memory cgroup hierarchy is there.
    static func create(name: String, limit: UInt64) -> MemoryCgroup? {
        guard let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let own = String(fields[2])
            if fields[1].split(separator: ",").contains("memory") {
                let group = MemoryCgroup(directory: "/sys/fs/cgroup/memory\(own == "/" ? "" : own)/\(name)", version: 1)
                if group.make(limitFile: "memory.limit_in_bytes", limit: limit) { return group }
            } else if fields[0] == "0", fields[1].isEmpty,
                      FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers") {
                let group = MemoryCgroup(directory: "/sys/fs/cgroup\(own == "/" ? "" : own)/\(name)", version: 2)
                if group.make(limitFile: "memory.max", limit: limit) { return group }
            }
        }
        return nil
    }

    private func make(limitFile: String, limit: UInt64) -> Bool {
        guard mkdir(directory, 0o755) == 0 else { return false }
        // Without the memory controller the limit file is missing: not usable.
        guard write(limitFile, "\(limit)") else {
            remove()
            return false
        }
        if version == 1 { _ = write("memory.memsw.limit_in_bytes", "\(limit)") }
        if version == 2 { _ = write("memory.swap.max", "0") }
        return true
    }

    /// How many times the kernel's OOM killer acted in this cgroup.
    var oomKills: Int {
        let file = version == 2 ? "memory.events" : "memory.oom_control"
        guard let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
            return Int(line.split(separator: " ").last ?? "") ?? 0
        }
        return 0
    }

    /// Peak memory charged to the cgroup, in bytes, when the kernel reports it.
    var peakBytes: UInt64? {
        let file = version == 2 ? "memory.peak" : "memory.max_usage_in_bytes"
        guard let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8) else { return nil }
        return UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the cgroup once its last process is gone (a dying grandchild can hold it a moment).
    func remove() {
        for _ in 0..<100 {
            if rmdir(directory) == 0 || errno != EBUSY { return }
            usleep(10_000)
        }
    }

    private func write(_ file: String, _ value: String) -> Bool {
        let fd = open(directory + "/" + file, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return value.withCString { Glibc.write(fd, $0, strlen($0)) } == value.utf8.count
    }
}
