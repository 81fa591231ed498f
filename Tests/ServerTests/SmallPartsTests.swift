import Foundation
import Testing

@testable import Server

@Suite struct ByteRangeTests {
    @Test(arguments: [
        (nil, ByteRange.whole),
        ("bytes=0-99", .part(0...99)),
        ("bytes=100-", .part(100...999)),
        ("bytes=-100", .part(900...999)),
        ("bytes=-5000", .part(0...999)),
        ("bytes=990-5000", .part(990...999)),
        ("bytes=1000-", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=5-2", .whole),
        ("bytes=0-1,5-6", .whole),
        ("items=0-1", .whole),
        ("bytes=a-b", .whole),
    ] as [(String?, ByteRange)])
    func interprets(header: String?, expected: ByteRange) {
        #expect(ByteRange(header: header, size: 1000) == expected)
    }
}

@Suite struct EnvironmentFileTests {
    @Test func parsesTheUsualForms() {
        let values = EnvironmentFile.parse("""
            # comment
            VTRANS_PORT=9000
            export VTRANS_HOST = 0.0.0.0
            VTRANS_CORS_ORIGINS="https://a.example, https://b.example"
            VTRANS_LOG_LEVEL=debug # trailing comment
            EMPTY=
            not a line
            """)
        #expect(values == [
            "VTRANS_PORT": "9000", "VTRANS_HOST": "0.0.0.0", "VTRANS_CORS_ORIGINS": "https://a.example, https://b.example",
            "VTRANS_LOG_LEVEL": "debug", "EMPTY": "",
        ])
    }
}

@Suite struct ServerConfigurationTests {
    @Test func defaultsAreALaptops() throws {
        let configuration = try ServerConfiguration(environment: [:], currentDirectory: "/home/me")
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8000)
        #expect(configuration.dataDirectory == "/home/me/data")
        #expect(configuration.databaseURL == "sqlite:///home/me/data/vtrans.sqlite")
        #expect(configuration.maxUploadBytes == 2_147_483_648)
        #expect(configuration.corsOrigins.isEmpty && configuration.rateLimitPerMinute == 30)
    }

    @Test func variablesOverrideThem() throws {
        let configuration = try ServerConfiguration(environment: [
            "VTRANS_DATA_DIR": "/srv/vtrans", "VTRANS_PORT": "0", "VTRANS_WORKERS": "4", "VTRANS_CORS_ORIGINS": "https://a.example,https://b.example",
            "VTRANS_LOG_LEVEL": "DEBUG", "VTRANS_MAX_UPLOAD_BYTES": "1000",
        ], currentDirectory: "/")
        #expect(configuration.databaseURL == "sqlite:///srv/vtrans/vtrans.sqlite")
        #expect(configuration.port == 0 && configuration.workers == 4 && configuration.maxUploadBytes == 1000)
        #expect(configuration.corsOrigins == ["https://a.example", "https://b.example"])
        #expect(configuration.logLevel == .debug)
    }

    @Test(arguments: [("VTRANS_PORT", "80000"), ("VTRANS_WORKERS", "0"), ("VTRANS_MAX_UPLOAD_BYTES", "lots"), ("VTRANS_LOG_LEVEL", "loud")])
    func badValuesNameTheVariable(name: String, value: String) {
        #expect { try ServerConfiguration(environment: [name: value]) } throws: { ($0 as? ServerConfigurationError)?.variable == name }
    }
}

@Suite struct RateLimiterTests {
    @Test func allowsTheLimitPerWindowAndSaysWhenToRetry() {
        let limiter = RateLimiter(limit: 2, window: 60)
        let start = Date()
        #expect(limiter.acquire(client: "a", now: start) == nil)
        #expect(limiter.acquire(client: "a", now: start.addingTimeInterval(1)) == nil)
        #expect(limiter.acquire(client: "a", now: start.addingTimeInterval(2)) == 58)
        #expect(limiter.acquire(client: "b", now: start.addingTimeInterval(2)) == nil)
        #expect(limiter.acquire(client: "a", now: start.addingTimeInterval(60.5)) == nil)
    }

    @Test func zeroMeansNoLimit() {
        let limiter = RateLimiter(limit: 0)
        #expect((0..<1000).allSatisfy { _ in limiter.acquire(client: "a") == nil })
    }
}

@Suite struct StageWarningTests {
    @Test(arguments: [
        ("time=2026-11-29T20:16:34.149Z level=warning stage=muxer msg=\"no subtitle files arrived; the outputs are plain copies\"", "no subtitle files arrived; the outputs are plain copies"),
        ("time=t level=error stage=x msg=broken path=/x", "broken"),
        ("time=t level=warning stage=x msg=\"say \\\"hi\\\"\" k=v", "say \"hi\""),
    ])
    func warningsAreTakenFromLogLines(line: String, expected: String) {
        #expect(JobProgressTracker.warningMessage(line) == expected)
    }

    @Test(arguments: ["time=t level=info stage=muxer msg=\"wrote video\"", "plain text from a stage", "level=warning without a message"])
    func otherLinesAreNotWarnings(line: String) {
        #expect(JobProgressTracker.warningMessage(line) == nil)
    }
}
