import Foundation
import StageTesting

/// The plain Apertium commands, to compare the stage's output with, and its children.
enum Apertium {
    /// What `apertium -u MODE | apertium -u MODE2 …` prints for `text`, with whitespace runs
    /// made single spaces.
    static func direct(_ text: String, modes: [String]) throws -> String {
        var current = text
        for mode in modes {
            let outcome = try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/env"), arguments: ["apertium", "-u", mode], standardInput: Array(current.utf8), timeout: 30)
            guard outcome.status == 0 else { throw StageTestError("apertium \(mode) failed: \(outcome.standardError)") }
            current = String(decoding: outcome.standardOutput, as: UTF8.self)
        }
        return normalized(current)
    }

    /// `text` with every run of whitespace made one space, trimmed.
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The Apertium pipelines (`/bin/bash` running a mode's programs) that process `parent`
    /// started, found through every process's `/proc/PID/stat`.
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")"),
                  let parentID = stat[stat.index(after: close)...].split(separator: " ").dropFirst().first.flatMap({ Int32($0) }),
                  parentID == parent,
                  let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { return false }
            return String(decoding: command, as: UTF8.self).hasPrefix("/bin/bash")
        }.sorted()
    }
}
