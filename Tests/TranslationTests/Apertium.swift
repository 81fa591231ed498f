import Foundation
import Logging
import StageTesting
@testable import Translation

/// Helpers for tests that drive the real Apertium installation.
enum Apertium {
    static let logger = Logger(label: "vtrans.translation.tests")

    static func backend() throws -> ApertiumBackend {
        try ApertiumBackend(logger: logger)
    }

    static func code(_ text: String) -> LanguageCode {
        try! LanguageCode(text)
    }

    /// What the plain `apertium MODE` command prints for `text`, trimmed.
    static func direct(_ text: String, mode: String) throws -> String {
        // ProcessRunner reaps on a thread of its own: Foundation's Process reports the exit on a
        // Dispatch queue that the concurrently running tests can starve.
        let outcome = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), arguments: ["apertium", "-u", mode], standardInput: Array(text.utf8), timeout: 120)
        return String(decoding: outcome.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
