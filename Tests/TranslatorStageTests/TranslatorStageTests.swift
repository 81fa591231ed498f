import Foundation
import StageKit
import StageProtocol
import StageTesting
import Testing

/// The built `vtrans-translator` with the real Apertium installation.
@Suite struct TranslatorStageTests {
    let stage: BuiltStage

    init() throws { stage = try BuiltStage("vtrans-translator") }

    static let info = StreamInfo(sourcePath: "/videos/talk.mp4", formatName: "mov,mp4", duration: 30, streams: [], selectedAudioStream: 1)

    /// Two sentences; the first is spread over three segments.
    static let english = [
        Segment(id: 1, start: 0.5, end: 2.5, text: "The old house at the end of the street", language: "en"),
        Segment(id: 2, start: 2.7, end: 4.6, text: "was sold last week to a young couple", language: "en"),
        Segment(id: 3, start: 4.8, end: 7.0, text: "who want to open a small bakery there.", language: "en"),
        Segment(id: 4, start: 7.5, end: 9.0, text: "We bought three new cars yesterday.", language: "en"),
        Segment(id: 5, start: 9.4, end: 11.0, text: "Where is the library?", language: "en"),
    ]

    static func checkpoints(_ messages: [Message]) -> [Checkpoint] {
        messages.compactMap { if case .checkpoint(let c) = $0 { c } else { nil } }
    }

    @Test func describesItselfAsItsPluginYAMLDoes() throws {
        #expect(try stage.describe() == BuiltStage.pluginManifest("translator"))
    }

    @Test func translatesEnglishIntoSpanishKeepingIDsAndTimesAndForwardingTheSource() throws {
        let run = try stage.run(parameters: ["targets": "es"], input: [.streamInfo(Self.info)] + Self.english.map { .segment($0) }, format: .jsonLines)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.streamInfo == Self.info)
        #expect(run.segments == Self.english, "the source segments are forwarded unchanged, in order")

        let spanish = run.translatedSegments
        #expect(spanish.map(\.sourceID) == Self.english.map(\.id))
        #expect(spanish.map(\.start) == Self.english.map(\.start) && spanish.map(\.end) == Self.english.map(\.end))
        #expect(spanish.allSatisfy { $0.language == "es" && !$0.text.trimmingCharacters(in: .whitespaces).isEmpty })
        let ids = spanish.map(\.id)
        #expect(Set(ids).count == ids.count && Set(ids).isDisjoint(with: Self.english.map(\.id)), "translated ids are unique: \(ids)")

        // Each translation follows its source segment.
        let order = run.messages.compactMap { message -> UInt64? in
            switch message {
            case .segment(let s): s.id
            case .translatedSegment(let s): s.sourceID
            default: nil
            }
        }
        #expect(order == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])

        // The sentence over three segments went to Apertium as one sentence.
        let sentence = Self.english.prefix(3).map(\.text).joined(separator: " ")
        let joined = Apertium.normalized(spanish.prefix(3).map(\.text).joined(separator: " "))
        #expect(joined == (try Apertium.direct(sentence, modes: ["eng-spa"])))
        #expect(Apertium.normalized(spanish[3].text) == (try Apertium.direct(Self.english[3].text, modes: ["eng-spa"])))
        #expect(Apertium.normalized(spanish[4].text) == (try Apertium.direct(Self.english[4].text, modes: ["eng-spa"])))
    }

    @Test func reportsTheRouteAndTheUnknownWordShare() throws {
        let input = [Segment(id: 1, start: 0, end: 2, text: "The zorblax was on the table.", language: "en")]
        let run = try stage.run(parameters: ["targets": "es"], input: input.map { .segment($0) })
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.progress.contains { $0.note == "translating en→es with apertium" })
        let last = try #require(run.progress.last)
        #expect(last.fraction == 1 && last.note.contains("en→es: 1 sentence, 16.7% unknown words"), "\(last.note)")
        #expect(run.standardError.contains("translated 1 segment: en→es: 1 sentence, 16.7% unknown words"))
        #expect(run.translatedSegments.first?.text.contains("zorblax") == true)
        #expect(run.translatedSegments.first?.text.contains("*") == false, "unknown-word marks are stripped")
    }

    @Test func translatesIntoPortugueseThroughSpanish() throws {
        let run = try stage.run(parameters: ["source": "en", "targets": "es,pt"], input: Self.english.map { .segment($0) })
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.progress.contains { $0.note == "translating en→es, en→es→pt with apertium" })
        let portuguese = run.translatedSegments.filter { $0.language == "pt" }
        #expect(portuguese.map(\.sourceID) == Self.english.map(\.id))
        #expect(Apertium.normalized(portuguese[3].text) == (try Apertium.direct(Self.english[3].text, modes: ["eng-spa", "es-pt"])))
        #expect(run.progress.last?.note.contains("en→es→pt: 3 sentences") == true)
    }

    @Test func keepsGlossaryTermsFromTheListAndFromAFile() throws {
        let directory = try BuiltStage.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("terms.txt")
        try "# team names\nserver=servidor central\n".write(to: file, atomically: true, encoding: .utf8)
        let input = [Segment(id: 7, start: 0, end: 3, text: "The cloud team moved the server on Monday.", language: "en")]
        let run = try stage.run(parameters: ["targets": "es", "glossary": "cloud team", "glossary_file": file.path], input: input.map { .segment($0) })
        #expect(run.status == 0, "\(run.standardError)")
        let text = try #require(run.translatedSegments.first?.text)
        #expect(text.contains("cloud team") && text.contains("servidor central"), "\(text)")
        #expect(!text.contains("equipo de nube"))
    }

    @Test func checkpointsAfterEachSentenceCoverOnlyWhatIsInTheOutput() throws {
        let input: [Message] = [.streamInfo(Self.info)] + Self.english.map { .segment($0) }
        let run = try stage.run(parameters: ["targets": "es"], input: input)
        #expect(run.status == 0, "\(run.standardError)")
        let checkpoints = Self.checkpoints(run.messages)
        // Frames are numbered from 1: stream info 1, segment N is N + 1. Sentences end after
        // segments 3, 4 and 5; the first two are released when the next segment arrives.
        #expect(checkpoints.map(\.inputSequence) == [4, 5, 6])
        #expect(checkpoints.map(\.mediaTime) == [7, 9, 11])
        for checkpoint in checkpoints {
            let before = run.messages.prefix { $0 != .checkpoint(checkpoint) }
            let translated = Set(before.compactMap { if case .translatedSegment(let s) = $0 { s.sourceID } else { nil } })
            let covered = Set(Self.english.map(\.id).filter { $0 + 1 <= checkpoint.inputSequence })
            #expect(translated == covered, "checkpoint \(checkpoint.inputSequence): output holds exactly the translations of the inputs it covers")
        }
    }

    @Test func aRestartedCopyRepeatsItsOutputAfterTheCheckpoint() throws {
        let input: [Message] = [.streamInfo(Self.info)] + Self.english.map { .segment($0) }
        let full = try ProcessRunner.run(stage.executable, arguments: ["-p", "targets=es,pt"], standardInput: FrameBytes.encode(input, endOfStream: true))
        #expect(full.status == 0, "\(full.standardError)")
        let frames = try FrameBytes.frames(in: full.standardOutput)
        let firstCheckpoint = try #require(frames.first { $0.kind == .checkpoint })
        guard case .checkpoint(let checkpoint) = try firstCheckpoint.message() else { return }

        // As the supervisor restarts it: the input after the checkpoint, renumbered from 1, and
        // output numbered on from the checkpoint frame's number.
        let replay = try ProcessRunner.run(
            stage.executable, arguments: ["-p", "targets=es,pt"],
            standardInput: FrameBytes.encode(Array(input.dropFirst(Int(checkpoint.inputSequence))), endOfStream: true),
            environment: ["VTRANS_FIRST_SEQUENCE": "\(firstCheckpoint.sequence + 1)"])
        #expect(replay.status == 0, "\(replay.standardError)")
        let expected = frames.filter { $0.kind.isSequenced && $0.sequence > firstCheckpoint.sequence }
        let repeated = try FrameBytes.frames(in: replay.standardOutput).filter(\.kind.isSequenced)
        #expect(repeated.map(\.sequence) == expected.map(\.sequence))
        #expect(try repeated.map { try $0.message() } == expected.map { try $0.message() })
    }

    @Test func translatesEachSentenceBeforeTheInputEnds() throws {
        let live = try LiveStage(stage, parameters: ["targets": "es"])
        try live.send([.streamInfo(Self.info)] + Self.english.prefix(4).map { .segment($0) })
        let streamed = try live.wait(timeout: 30) { messages in
            messages.contains { if case .translatedSegment(let s) = $0 { s.sourceID == 3 } else { false } }
        }
        #expect(streamed, "the first sentence is translated once the segment after it arrives, while the input is still open")
        let result = try live.finish()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.messages.compactMap { if case .translatedSegment(let s) = $0 { s.sourceID } else { nil } } == [UInt64(1), 2, 3, 4])
    }

    @Test func validateRejectsATargetWithoutARouteListingTheTargetsThatExist() throws {
        let outcome = try ProcessRunner.run(stage.executable, arguments: ["--validate", "-p", "source=en", "-p", "targets=es,ja"], timeout: 5)
        #expect(outcome.status == 1)
        let lines = String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1)
        guard case .error(let failure) = try MessageJSON.message(from: String(lines.first ?? "")) else {
            Issue.record("stdout is not an error line: \(lines)")
            return
        }
        #expect(failure.code == "no_route")
        #expect(failure.message.hasPrefix("cannot translate 'en' to 'ja': available targets for 'en': ca, eo, es, fr, gl, it, pt"), "\(failure.message)")
    }

    @Test func validateAcceptsRoutesThatExistQuicklyAndSilently() throws {
        let start = Date()
        let outcome = try ProcessRunner.run(stage.executable, arguments: ["--validate", "-p", "source=en", "-p", "targets=es,pt,fr,it,ca,gl,eo"], timeout: 5)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        #expect(Date().timeIntervalSince(start) < 1, "no Apertium process is started to validate")
    }

    @Test func aJobToATargetNoLanguageReachesFailsBeforeReadingInput() throws {
        let run = try stage.run(parameters: ["targets": "ja"], input: Self.english.map { .segment($0) })
        #expect(run.status == 1)
        #expect(run.failure?.code == "no_route")
        #expect(run.failure?.message.contains("cannot translate into 'ja' from any language: available targets: ca, en") == true, "\(run.failure?.message ?? "")")
    }

    @Test func withSourceAutoTheFirstSegmentsLanguageIsChecked() throws {
        let german = Segment(id: 1, start: 0, end: 1, text: "Guten Morgen.", language: "de")
        let run = try stage.run(parameters: ["targets": "es"], input: [.segment(german)])
        #expect(run.status == 1)
        #expect(run.failure?.code == "no_route")
        #expect(run.failure?.message.hasPrefix("cannot translate 'de' to 'es'") == true, "\(run.failure?.message ?? "")")
        #expect(run.translatedSegments.isEmpty)
    }

    @Test func aSegmentWithoutALanguageNeedsTheSourceParameter() throws {
        let unlabelled = Segment(id: 9, start: 0, end: 1, text: "Good morning.", language: "")
        let failed = try stage.run(parameters: ["targets": "es"], input: [.segment(unlabelled)])
        #expect(failed.status == 1)
        #expect(failed.failure?.code == "unknown_language")
        #expect(failed.failure?.message.contains("'source'") == true)

        let given = try stage.run(parameters: ["targets": "es", "source": "en"], input: [.segment(unlabelled)])
        #expect(given.status == 0, "\(given.standardError)")
        #expect(given.translatedSegments.map(\.text) == ["Buenos días."])
    }

    @Test(arguments: [
        ["targets": "es,e5"], ["targets": " , "], ["targets": "es", "max_gap": "-1"], ["targets": "es", "backend": "marian"],
        ["targets": "es", "glossary": "=x"], ["targets": "es", "source": "english"], ["targets": "es", "protect_names": "maybe"],
    ])
    func rejectsBadParameters(_ parameters: [String: String]) throws {
        let run = try stage.run(parameters: parameters, input: Self.english.map { .segment($0) })
        #expect(run.status == 1)
        #expect(["bad_parameter", "invalid_glossary"].contains(run.failure?.code ?? ""), "\(String(describing: run.failure))")
        #expect(run.translatedSegments.isEmpty)
    }
}
