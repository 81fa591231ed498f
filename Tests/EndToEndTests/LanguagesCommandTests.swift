import Foundation
import StageTesting
import Testing

/// `vtrans languages` on the installed Apertium pairs.
@Suite struct LanguagesCommandTests {
    @Test func listsRoutesFromEnglishWithTheirPivots() throws {
        let outcome = try Workspace().vtrans(["languages", "--from", "en"], timeout: 30)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let lines = String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.contains("en → es"))
        #expect(lines.contains("en → ca"))
        #expect(lines.contains { $0.hasPrefix("en → pt ") && $0.hasSuffix("  via es") }, "\(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("en → ") })
    }

    @Test func printsJSON() throws {
        let outcome = try Workspace().vtrans(["languages", "--json"], timeout: 30)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput)) as? [String: Any])
        #expect(object["backend"] as? String == "apertium")
        let routes = try #require(object["routes"] as? [[String: Any]])
        let pivot = try #require(routes.first { $0["source"] as? String == "en" && $0["target"] as? String == "it" })
        #expect(pivot["path"] as? [String] == ["en", "es", "it"])
        #expect(routes.contains { $0["source"] as? String == "es" && $0["target"] as? String == "en" })
    }

    @Test func rejectsALanguageThatIsNotACode() throws {
        let outcome = try Workspace().vtrans(["languages", "--from", "english"], timeout: 30)
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("'english' is not a language code"), "\(outcome.standardError)")
    }
}
