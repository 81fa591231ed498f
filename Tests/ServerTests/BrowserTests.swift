import Foundation
import Testing

/// A person's path through the web page, in Debian's chromium: open the page, pick a video and
/// its subtitles, submit, watch the job finish, see the player and the download links.
@Suite(.serialized) struct BrowserTests {
    /// Where the screenshot goes: `test-artifacts/` at the package root (ignored by git).
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("test-artifacts")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "needs Debian's chromium"))
    func aJobSubmittedThroughThePageShowsItsResult() async throws {
        let directory = try Fixtures.scratch("browser")
        let server = try ServerProcess(dataDirectory: directory.appendingPathComponent("data"))
        defer { server.stop() }
        let video = directory.appendingPathComponent("talk.mp4")
        let subtitles = directory.appendingPathComponent("talk.srt")
        try Fixtures.clip.write(to: video)
        try Fixtures.subtitles.write(to: subtitles)

        let browser = try Browser()
        let page = server.baseURL.absoluteString + "/"
        let screenshot = Self.artifacts.appendingPathComponent("browser-job.png")
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)

        let box = ResultBox()
        try await browser.withPage { session in
            try await session.send("Page.enable")
            try await session.send("Runtime.enable")
            try await session.send("Page.navigate", ["url": page])
            try await poll("the page loads its pipelines") {
                try await session.evaluate("document.readyState === 'complete' && document.querySelectorAll('#pipeline option').length > 0") as? Bool == true
            }
            _ = try await session.evaluate("""
                (() => { const select = document.querySelector('#pipeline'); select.value = 'import-subtitles';
                         select.dispatchEvent(new Event('change'));
                         const source = document.querySelector('#source-language'); source.value = 'en';
                         source.dispatchEvent(new Event('change')); return source.value; })()
                """)
            try await session.setFiles("#file", [video.path])
            try await session.setFiles("#subtitles", [subtitles.path])
            _ = try await session.evaluate("document.querySelector('#submit').click()")

            var state: [String: Any] = [:]
            try await poll("the job finishes on the page", timeout: 180) {
                state = (try await session.evaluate("""
                    (() => ({
                      state: document.querySelector('#jobs .job .badge')?.textContent,
                      stages: [...document.querySelectorAll('#jobs .job .stage-state')].map((e) => e.textContent),
                      result: !document.querySelector('#result').hidden,
                      video: document.querySelector('#player').getAttribute('src'),
                      tracks: [...document.querySelectorAll('#player track')].map((t) => t.srclang),
                      downloads: [...document.querySelectorAll('#downloads a.download')].map((a) => a.textContent),
                      error: document.querySelector('#form-error').hidden ? null : document.querySelector('#form-error').textContent,
                    }))()
                    """) as? [String: Any]) ?? [:]
                if let error = state["error"] as? String { throw ServerTestError("the page shows an error: \(error)") }
                return state["state"] as? String == "succeeded" && state["result"] as? Bool == true
            }
            let shot = try await session.send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
            if let base64 = shot["data"] as? String, let png = Data(base64Encoded: base64) { try png.write(to: screenshot) }
            box.value = state
        }
        let seen = box.value

        #expect(seen["state"] as? String == "succeeded")
        #expect(seen["stages"] as? [String] == ["succeeded", "succeeded", "succeeded", "succeeded"])
        #expect((seen["video"] as? String)?.hasSuffix("/artifacts/talk.mp4") == true)
        #expect(seen["tracks"] as? [String] == ["en"])
        let downloads = Set(seen["downloads"] as? [String] ?? [])
        #expect(downloads.isSuperset(of: ["talk.mp4", "talk.en.srt", "talk.en.vtt"]), "\(downloads)")
        #expect(FileManager.default.fileExists(atPath: screenshot.path))
    }

    private final class ResultBox: @unchecked Sendable {
        var value: [String: Any] = [:]
    }
}

/// Polls `condition` every 200 ms until it holds.
private func poll(_ what: String, timeout: TimeInterval = 20, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(200))
    }
    throw ServerTestError("timed out waiting until \(what)")
}
