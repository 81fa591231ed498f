import StageKit
import StageProtocol
import Testing

@Suite struct StageParametersTests {
    static let manifest = StageManifest(
        name: "demo", summary: "a demo", executable: "vtrans-demo", consumes: [.segment], produces: [.segment],
        parameters: [
            ParameterSpec("count", .integer, default: "3", summary: "How many"),
            ParameterSpec("ratio", .number, summary: "A ratio"),
            ParameterSpec("loud", .boolean, default: "no", summary: "Shout"),
            ParameterSpec("languages", .list, summary: "Languages"),
            ParameterSpec("mode", .choice, default: "fast", choices: ["fast", "slow"], summary: "Mode"),
            ParameterSpec("path", .path, required: true, summary: "Input file"),
        ])

    static func parameters(_ given: [String: String]) throws(StageFailure) -> StageParameters {
        try StageParameters(given: ["path": "/in.srt"].merging(given) { $1 }, manifest: manifest)
    }

    @Test func defaultsFillWhatIsNotGiven() throws {
        let p = try Self.parameters([:])
        #expect(try p.integer("count") == 3)
        #expect(try p.number("ratio") == nil)
        #expect(try p.boolean("loud") == false)
        #expect(p.list("languages") == [])
        #expect(try p.choice("mode") == "fast")
        #expect(p.string("path") == "/in.srt" && p["path"] == "/in.srt")
        #expect(p["ratio"] == nil && p.string("ratio") == "")
    }

    @Test func givenValuesAreTyped() throws {
        let p = try Self.parameters(["count": "-12", "ratio": "0.75", "loud": "ON", "languages": " es, pt-BR ,,fr ", "mode": "slow"])
        #expect(try p.integer("count") == -12)
        #expect(try p.number("ratio") == 0.75)
        #expect(try p.boolean("loud"))
        #expect(p.list("languages") == ["es", "pt-BR", "fr"])
        #expect(try p.choice("mode") == "slow")
    }

    @Test("booleans", arguments: [("true", true), ("yes", true), ("1", true), ("on", true), ("False", false), ("no", false), ("0", false), ("off", false)])
    func booleans(text: String, value: Bool) throws {
        #expect(try Self.parameters(["loud": text]).boolean("loud") == value)
    }

    @Test("bad values name the parameter, the value and what was expected", arguments: [
        ("count", "many", "parameter 'count' is 'many'; expected a whole number"),
        ("count", "1.5", "expected a whole number"),
        ("ratio", "nan", "parameter 'ratio' is 'nan'; expected a number"),
        ("ratio", "inf", "expected a number"),
        ("loud", "maybe", "parameter 'loud' is 'maybe'; expected true or false"),
        ("mode", "medium", "parameter 'mode' is 'medium'; expected one of fast, slow"),
    ])
    func badValues(name: String, value: String, words: String) throws {
        let p = try Self.parameters([name: value])
        let error = try #require(throws: StageFailure.self) {
            switch name {
            case "count": _ = try p.integer(name)
            case "ratio": _ = try p.number(name)
            case "loud": _ = try p.boolean(name)
            default: _ = try p.choice(name)
            }
        }
        #expect(error.code == "bad_parameter")
        #expect(error.message.contains(words), "\(error.message)")
    }

    @Test func unknownParameterListsTheKnownOnes() {
        let error = #expect(throws: StageFailure.self) { try Self.parameters(["cuont": "1"]) }
        #expect(error?.code == "bad_parameter")
        #expect(error?.message == "stage 'demo' has no parameter 'cuont' (it has: count, languages, loud, mode, path, ratio)")
    }

    @Test("a required parameter must be given, and not empty", arguments: [[:], ["path": ""]])
    func requiredParameter(given: [String: String]) {
        let error = #expect(throws: StageFailure.self) { try StageParameters(given: given, manifest: Self.manifest) }
        #expect(error?.message == "stage 'demo' needs parameter 'path': Input file")
    }
}
