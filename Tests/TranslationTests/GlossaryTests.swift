import Foundation
import Testing
@testable import Translation

@Suite struct GlossaryTests {
    @Test func readsTermsAndReplacements() throws {
        let glossary = try Glossary(lines: ["# product names", "", "Kubernetes", "mat = alfombrilla", "  open source  "])
        #expect(glossary.entries.contains(Glossary.Entry(source: "mat", target: "alfombrilla")))
        #expect(glossary.entries.contains(Glossary.Entry(source: "open source")))
        #expect(glossary.entries.count == 3)
    }

    @Test(arguments: ["=x", "x=", " = "])
    func rejectsHalfEntries(line: String) {
        #expect(throws: TranslationError.self) { try Glossary(lines: [line]) }
    }

    @Test func readsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glossary-\(UUID()).txt").path
        try "cluster\nmat=alfombrilla\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Glossary(contentsOfFile: path).entries.count == 2)
        #expect(throws: TranslationError.self) { try Glossary(contentsOfFile: path + ".missing") }
    }

    @Test func matchesWholeWordsIgnoringCaseLongestFirst() {
        let glossary = Glossary(entries: [.init(source: "open"), .init(source: "open source", target: "código abierto")])
        let text = "Open source is not reopened. OPEN it."
        let matches = glossary.matches(in: text)
        #expect(matches.map(\.replacement) == ["código abierto", "OPEN"])
    }
}
