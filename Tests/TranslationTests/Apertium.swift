import Foundation
import Logging
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["apertium", "-u", mode]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
