import Foundation
import JobStore
import Logging

/// Stops stage processes a previous run of the server left behind (it was killed before it
/// could stop them; normally they die with it through `PR_SET_PDEATHSIG`).
///
/// A recorded process is ours when its process group (whose id is the stage's pid) still has
/// members and, if the leader itself is alive, its `/proc/<pid>/cmdline` starts with the recorded
/// executable. A group id cannot be reused while the group has members, so members of a group
/// whose leader is gone are the stage's own children.
enum LeftoverProcesses {
    /// Kills the process groups of `processes` that still exist and are ours; returns their ids.
    static func stop(_ processes: [StageProcess], logger: Logger) -> [Int32] {
        var killed: [Int32] = []
        for process in processes where process.pid > 1 {
            let members = groupMembers(process.pid)
            guard !members.isEmpty else { continue }
            if members.contains(process.pid) {
                guard let command = commandLine(process.pid).first, command == process.executable || process.executable.isEmpty && command.contains("vtrans-") else {
                    logger.warning("recorded stage pid now belongs to another program; left alone", metadata: ["pid": "\(process.pid)", "stage": "\(process.stage)"])
                    continue
                }
            }
            logger.warning("stopping a stage process left by the previous server", metadata: [
                "pid": "\(process.pid)", "stage": "\(process.stage)", "job": "\(process.jobID)", "group_members": "\(members.count)",
            ])
            kill(-process.pid, SIGKILL)
            killed.append(process.pid)
        }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, killed.contains(where: { !groupMembers($0).isEmpty }) {
            usleep(20_000)
        }
        return killed
    }

    /// Ids of the live processes whose process group is `group` (zombies excluded).
    static func groupMembers(_ group: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // After "pid (comm) ": state, ppid, pgrp, ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }
    }

    /// The arguments of a live process, from `/proc/<pid>/cmdline`.
    static func commandLine(_ pid: Int32) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
