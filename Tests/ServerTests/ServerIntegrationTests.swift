import Foundation
import Testing

/// The real server (the built `vtrans serve`) over loopback with real HTTP and WebSocket
/// clients and real stage processes.
@Suite(.serialized) struct ServerIntegrationTests {
    /// Submits the clip with its subtitles to the import-subtitles pipeline.
    func submit(_ server: ServerProcess, fileName: String = "talk.mp4", extra: [(String, String)] = []) async throws -> HTTP.Reply {
        var form = HTTP.Form()
        form.field("pipeline", "import-subtitles")
        form.field("source_language", "en")
        for (name, value) in extra { form.field(name, value) }
        form.file("subtitles", fileName: "talk.srt", contents: Fixtures.subtitles, type: "application/x-subrip")
        form.file("file", fileName: fileName, contents: Fixtures.clip, type: "video/mp4")
        return try await HTTP.post(server.url("/api/jobs"), form: form)
    }

    @Test func aClipGoesThroughAndItsVideoPlaysWithSubtitles() async throws {
        let directory = try Fixtures.scratch("roundtrip")
        let server = try ServerProcess(dataDirectory: directory.appendingPathComponent("data"))
        defer { server.stop() }

        let reply = try await submit(server)
        #expect(reply.status == 202, "\(reply.text)")
        let id = try #require(reply.json["id"] as? String)
        #expect(reply.header("Location") == "/api/jobs/\(id)")

        let events = try await JobEvents.follow(server.webSocketURL("/api/jobs/\(id)/events"))
        let first = try #require(events.first)
        #expect(first["type"] as? String == "job")
        let last = try #require(events.last)
        let finalJob = try #require(last["job"] as? [String: Any])
        #expect(last["type"] as? String == "job")
        #expect(finalJob["state"] as? String == "succeeded", "\(finalJob)")
        let stageEvents = events.filter { $0["type"] as? String == "stage" }
        // Every stage either had succeeded in the snapshot the socket opened with or reported its end live.
        let firstStages = (first["job"] as? [String: Any])?["stages"] as? [[String: Any]] ?? []
        let doneBefore = Set(firstStages.filter { $0["state"] as? String == "succeeded" }.compactMap { $0["name"] as? String })
        let finished = Set(stageEvents.filter { $0["event"] as? String == "finished" }.compactMap { ($0["stage"] as? [String: Any])?["name"] as? String })
        #expect(doneBefore.union(finished) == ["probe", "import", "subtitles", "muxer"], "before: \(doneBefore), live: \(finished)")

        let job = try await HTTP.get(server.url("/api/jobs/\(id)")).json
        let stages = try #require(job["stages"] as? [[String: Any]])
        #expect(stages.map { $0["state"] as? String } == ["succeeded", "succeeded", "succeeded", "succeeded"])
        #expect(stages.allSatisfy { ($0["seconds"] as? Double ?? 0) > 0 })
        let artifacts = try #require(job["artifacts"] as? [[String: Any]])
        let names = Set(artifacts.compactMap { $0["name"] as? String })
        #expect(names.isSuperset(of: ["talk.mp4", "talk.en.srt", "talk.en.vtt"]), "\(names)")

        // The whole video, then a range of it.
        let video = try await HTTP.get(server.url("/api/jobs/\(id)/artifacts/talk.mp4"))
        #expect(video.status == 200 && video.header("Accept-Ranges") == "bytes")
        let part = try await HTTP.get(server.url("/api/jobs/\(id)/artifacts/talk.mp4"), headers: ["Range": "bytes=100-1123"])
        #expect(part.status == 206)
        #expect(part.body == video.body[100...1123])
        #expect(part.header("Content-Range") == "bytes 100-1123/\(video.body.count)")
        let tail = try await HTTP.get(server.url("/api/jobs/\(id)/artifacts/talk.mp4"), headers: ["Range": "bytes=-10"])
        #expect(tail.status == 206 && tail.body == video.body.suffix(10))
        let beyond = try await HTTP.get(server.url("/api/jobs/\(id)/artifacts/talk.mp4"), headers: ["Range": "bytes=\(video.body.count)-"])
        #expect(beyond.status == 416)

        // ffprobe sees the picture, the sound and an English subtitle track.
        let file = directory.appendingPathComponent("downloaded.mp4")
        try video.body.write(to: file)
        let probe = try JSONSerialization.jsonObject(with: Fixtures.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", file.path])) as? [String: Any]
        let streams = try #require(probe?["streams"] as? [[String: Any]])
        #expect(Set(streams.compactMap { $0["codec_type"] as? String }) == ["video", "audio", "subtitle"])
        let subtitle = try #require(streams.first { $0["codec_type"] as? String == "subtitle" })
        #expect((subtitle["tags"] as? [String: Any])?["language"] as? String == "eng")

        let vtt = try await HTTP.get(server.url("/api/jobs/\(id)/artifacts/talk.en.vtt"))
        #expect(vtt.header("Content-Type")?.hasPrefix("text/vtt") == true)
        #expect(vtt.text.hasPrefix("WEBVTT") && vtt.text.contains("Hello there."))

        let download = try await HTTP.get(server.url("/api/jobs/\(id)/artifacts/talk.en.srt?download=1"))
        #expect(download.header("Content-Disposition")?.hasPrefix("attachment;") == true)

        let metrics = try await HTTP.get(server.url("/metrics")).text
        #expect(metrics.contains("vtrans_jobs{state=\"succeeded\"} 1"))
        #expect(metrics.contains("vtrans_stage_duration_seconds_count{stage=\"muxer\",outcome=\"succeeded\"} 1"))
    }

    @Test func theSameIdempotencyKeyReturnsTheFirstJob() async throws {
        let server = try ServerProcess(dataDirectory: try Fixtures.scratch("idempotency").appendingPathComponent("data"))
        defer { server.stop() }
        let first = try await submit(server, extra: [("idempotency_key", "upload-42")])
        let second = try await submit(server, extra: [("idempotency_key", "upload-42")])
        #expect(first.status == 202 && second.status == 200)
        #expect(first.json["id"] as? String == second.json["id"] as? String)
    }

    @Test func cancellingARunningJobKillsItsStagesAndRemovesItsFiles() async throws {
        let directory = try Fixtures.scratch("cancel")
        let marker = Int.random(in: 100_000...999_999)
        let pipelines = try Fixtures.slowPipeline(in: directory, seconds: 120, marker: marker)
        let server = try ServerProcess(dataDirectory: directory.appendingPathComponent("data"), environment: ["VTRANS_PIPELINE_PATH": pipelines.path])
        defer { server.stop() }

        var form = HTTP.Form()
        form.field("pipeline", "slow")
        form.file("file", fileName: "talk.mp4", contents: Fixtures.clip)
        let reply = try await HTTP.post(server.url("/api/jobs"), form: form)
        #expect(reply.status == 202, "\(reply.text)")
        let id = try #require(reply.json["id"] as? String)

        try await waitUntil("the stages run") { Fixtures.processes(containing: "duration=120.\(marker)").count == 1 }
        try await waitUntil("progress is reported") {
            let stages = (try await HTTP.get(server.url("/api/jobs/\(id)")).json["stages"] as? [[String: Any]]) ?? []
            return (stages.first?["fraction"] as? Double ?? 0) > 0
        }
        let cancel = try await HTTP.send("DELETE", server.url("/api/jobs/\(id)"))
        #expect(cancel.status == 202, "\(cancel.text)")
        try await waitUntil("the job is cancelled") { try await HTTP.get(server.url("/api/jobs/\(id)")).json["state"] as? String == "cancelled" }
        #expect(Fixtures.processes(containing: "duration=120.\(marker)").isEmpty)
        let job = try await HTTP.get(server.url("/api/jobs/\(id)")).json
        let stages = try #require(job["stages"] as? [[String: Any]])
        #expect(stages.allSatisfy { $0["state"] as? String == "stopped" }, "\(stages)")
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.appendingPathComponent("output/\(id)").path)) ?? []
        #expect(leftovers.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: server.dataDirectory.appendingPathComponent("uploads/\(id)").path))

        let again = try await HTTP.send("DELETE", server.url("/api/jobs/\(id)"))
        #expect(again.status == 200)
    }

    @Test func aServerKilledMidJobLeavesNoStageAndTheJobCompletesAfterARestart() async throws {
        let directory = try Fixtures.scratch("restart")
        let data = directory.appendingPathComponent("data")
        let marker = Int.random(in: 100_000...999_999)
        let pipelines = try Fixtures.slowPipeline(in: directory, seconds: 4, marker: marker)
        let environment = ["VTRANS_PIPELINE_PATH": pipelines.path, "VTRANS_WORKERS": "1"]
        let first = try ServerProcess(dataDirectory: data, environment: environment)

        var form = HTTP.Form()
        form.field("pipeline", "slow")
        form.file("file", fileName: "talk.mp4", contents: Fixtures.clip)
        let reply = try await HTTP.post(first.url("/api/jobs"), form: form)
        let id = try #require(reply.json["id"] as? String, "\(reply.text)")
        try await waitUntil("the stages run") { Fixtures.processes(containing: "duration=4.\(marker)").count == 1 }

        first.stop(signal: SIGKILL)
        try await waitUntil("no stage survives the server") { Fixtures.processes(containing: "duration=4.\(marker)").isEmpty }

        let second = try ServerProcess(dataDirectory: data, environment: environment)
        defer { second.stop() }
        try await waitUntil("the job ends", timeout: 60) {
            let state = try await HTTP.get(second.url("/api/jobs/\(id)")).json["state"] as? String
            return state == "succeeded" || state == "failed"
        }
        let job = try await HTTP.get(second.url("/api/jobs/\(id)")).json
        #expect(job["state"] as? String == "succeeded", "\(job)")
        #expect(job["attempts"] as? Int == 2)
        #expect(second.log.contains("recovered from the previous run"))
    }

    @Test func oversizeUploadsAre413() async throws {
        let server = try ServerProcess(
            dataDirectory: try Fixtures.scratch("limits").appendingPathComponent("data"), environment: ["VTRANS_MAX_UPLOAD_BYTES": "100000"])
        defer { server.stop() }
        var form = HTTP.Form()
        form.file("file", fileName: "big.mp4", contents: Data(count: 3_000_000))
        let reply = try await HTTP.post(server.url("/api/jobs"), form: form)
        #expect(reply.status == 413)
        #expect(reply.errorCode == "too_large")
        let uploads = (try? FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.appendingPathComponent("uploads").path)) ?? []
        #expect(uploads.isEmpty)
        // The server still answers.
        #expect(try await HTTP.get(server.url("/health")).status == 200)
    }

    @Test func contentThatIsNotMediaIs415WithAReason() async throws {
        let server = try ServerProcess(dataDirectory: try Fixtures.scratch("media").appendingPathComponent("data"))
        defer { server.stop() }
        var form = HTTP.Form()
        form.field("pipeline", "import-subtitles")
        form.file("subtitles", fileName: "talk.srt", contents: Fixtures.subtitles)
        form.file("file", fileName: "holiday.mp4", contents: Data("this is text, not a video".utf8), type: "video/mp4")
        let reply = try await HTTP.post(server.url("/api/jobs"), form: form)
        #expect(reply.status == 415)
        #expect(reply.errorCode == "unsupported_media")
        let message = try #require((reply.json["error"] as? [String: Any])?["message"] as? String)
        #expect(message.contains("holiday.mp4") && !message.contains(server.dataDirectory.path))

        let plain = try await HTTP.send("POST", server.url("/api/jobs"), headers: ["Content-Type": "application/json"], body: Data("{}".utf8))
        #expect(plain.status == 415 && plain.errorCode == "not_multipart")
    }

    @Test func pathsInNamesNeverLeaveTheirDirectories() async throws {
        let server = try ServerProcess(dataDirectory: try Fixtures.scratch("traversal").appendingPathComponent("data"))
        defer { server.stop() }
        let reply = try await submit(server, fileName: "../../../../tmp/evil.mp4")
        #expect(reply.status == 202, "\(reply.text)")
        let id = try #require(reply.json["id"] as? String)
        #expect((reply.json["input"] as? [String: Any])?["name"] as? String == "evil.mp4")
        #expect(FileManager.default.fileExists(atPath: server.dataDirectory.appendingPathComponent("uploads/\(id)/file/evil.mp4").path))
        try await waitUntil("the job ends") { try await HTTP.get(server.url("/api/jobs/\(id)")).json["state"] as? String == "succeeded" }

        for path in ["..%2F..%2Fvtrans.sqlite", "%2E%2E%2F%2E%2E%2Fvtrans.sqlite", "%2E%2E", "evil.mp4%00.srt"] {
            let reply = try await HTTP.get(server.url("/api/jobs/\(id)/artifacts/\(path)"))
            #expect([400, 404].contains(reply.status), "\(path): \(reply.status)")
            #expect(!reply.text.contains("SQLite"))
        }
        let static1 = try await HTTP.get(URL(string: server.baseURL.absoluteString + "/..%2F..%2Fvtrans.sqlite")!)
        #expect([400, 404].contains(static1.status))
        #expect(try await HTTP.get(server.url("/api/jobs/not-a-job")).status == 404)
    }

    @Test func submissionsAreRateLimitedPerClient() async throws {
        let server = try ServerProcess(
            dataDirectory: try Fixtures.scratch("rate").appendingPathComponent("data"), environment: ["VTRANS_RATE_LIMIT_PER_MINUTE": "2"])
        defer { server.stop() }
        var statuses: [Int] = []
        var last: HTTP.Reply?
        for _ in 0..<3 {
            let reply = try await HTTP.send("POST", server.url("/api/jobs"), headers: ["Content-Type": "text/plain"], body: Data("x".utf8))
            statuses.append(reply.status)
            last = reply
        }
        #expect(statuses == [415, 415, 429])
        #expect(last?.errorCode == "rate_limited")
        #expect(Int(last?.header("Retry-After") ?? "") ?? 0 > 0)
        // Reading is not limited.
        #expect(try await HTTP.get(server.url("/api/jobs")).status == 200)
    }

    @Test func corsIsOffUnlessOriginsAreConfigured() async throws {
        let plain = try ServerProcess(dataDirectory: try Fixtures.scratch("cors-off").appendingPathComponent("data"))
        defer { plain.stop() }
        let off = try await HTTP.get(plain.url("/api/jobs"), headers: ["Origin": "https://app.example"])
        #expect(off.status == 200 && off.header("Access-Control-Allow-Origin") == nil)

        let server = try ServerProcess(
            dataDirectory: try Fixtures.scratch("cors-on").appendingPathComponent("data"), environment: ["VTRANS_CORS_ORIGINS": "https://app.example"])
        defer { server.stop() }
        let allowed = try await HTTP.get(server.url("/api/jobs"), headers: ["Origin": "https://app.example"])
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://app.example")
        let other = try await HTTP.get(server.url("/api/jobs"), headers: ["Origin": "https://evil.example"])
        #expect(other.header("Access-Control-Allow-Origin") == nil)
        let preflight = try await HTTP.send(
            "OPTIONS", server.url("/api/jobs"), headers: ["Origin": "https://app.example", "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Methods")?.contains("POST") == true)
    }

    @Test func healthListsItsChecksAndPipelinesAndLanguagesAreListed() async throws {
        let server = try ServerProcess(dataDirectory: try Fixtures.scratch("health").appendingPathComponent("data"))
        defer { server.stop() }
        let health = try await HTTP.get(server.url("/health"))
        let checks = try #require(health.json["checks"] as? [String: Any])
        #expect(Set(checks.keys).isSuperset(of: ["database", "storage", "disk", "executables"]))
        for name in ["database", "storage", "disk"] {
            #expect((checks[name] as? [String: Any])?["ok"] as? Bool == true, "\(name): \(health.text)")
        }
        // A plugin whose executable is not built (a stage still in the making), or a recognizer
        // without its model, makes the server unhealthy, and the report says which.
        let failing = checks.filter { ($0.value as? [String: Any])?["ok"] as? Bool != true }.map(\.key)
        #expect(health.status == (failing.isEmpty ? 200 : 503), "\(health.text)")
        #expect(Set(failing).isSubset(of: ["executables", "models"]), "\(health.text)")
        let missing = ((checks["executables"] as? [String: Any])?["missing"] as? [String]) ?? []
        for entry in missing {
            let executable = String(entry.split(separator: "(").last?.dropLast() ?? "")
            #expect(!FileManager.default.fileExists(atPath: ServerProcess.productsDirectory.appendingPathComponent(executable).path))
        }
        if failing.contains("models"), let message = (checks["models"] as? [String: Any])?["message"] as? String,
            let path = message.split(separator: " ").first(where: { $0.hasPrefix("/") })
        {
            #expect(!FileManager.default.fileExists(atPath: String(path)))
        }

        let pipelines = try await HTTP.get(server.url("/api/pipelines")).json
        let names = (pipelines["pipelines"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(names.contains("import-subtitles"))

        let languages = try await HTTP.get(server.url("/api/languages"))
        #expect(languages.status == 200)
        #expect(languages.json["routes"] is [Any])

        let unhealthy = try ServerProcess(
            dataDirectory: try Fixtures.scratch("unhealthy").appendingPathComponent("data"), environment: ["VTRANS_MIN_FREE_BYTES": "\(Int64.max)"])
        defer { unhealthy.stop() }
        let report = try await HTTP.get(unhealthy.url("/health"))
        #expect(report.status == 503)
        #expect((report.json["checks"] as? [String: Any]).flatMap { ($0["disk"] as? [String: Any])?["ok"] as? Bool } == false)
    }
}

/// Polls `condition` every 100 ms until it holds.
func waitUntil(_ what: String, timeout: TimeInterval = 30, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw ServerTestError("timed out waiting until \(what)")
}
