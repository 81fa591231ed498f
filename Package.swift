// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "vtrans",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vtrans", targets: ["vtrans"]),
        .library(name: "StageProtocol", targets: ["StageProtocol"]),
        .library(name: "StageKit", targets: ["StageKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        // MARK: Wire format and what every stage links
        .target(name: "CCRC32C"),
        .target(name: "StageProtocol", dependencies: ["CCRC32C"]),
        .target(
            name: "StageKit",
            dependencies: ["StageProtocol", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "StageTesting", dependencies: ["StageProtocol", "StageKit", "Supervisor"]),

        // MARK: Pipelines and supervision
        .target(
            name: "Pipeline",
            dependencies: ["StageProtocol", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "CSpawn"),
        .target(
            name: "Supervisor",
            dependencies: ["StageProtocol", "Pipeline", "CSpawn", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: Translation engines (Apertium today; neural backends later)
        .target(name: "Translation", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "vtrans-bench-mt", dependencies: ["Translation", .product(name: "Logging", package: "swift-log")], path: "bench/mt", exclude: ["run.sh"]),

        // MARK: Subtitle files and cue rules (SRT/WebVTT in and out; no I/O)
        .target(name: "Subtitles", dependencies: ["StageProtocol"]),

        // MARK: Service: job queue, files, HTTP API and web page
        .target(
            name: "JobStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "Storage", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .target(
            name: "Server",
            dependencies: [
                "StageProtocol", "Pipeline", "Supervisor", "JobStore", "Storage", "Translation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Public")]
        ),

        // MARK: CLI
        .executableTarget(
            name: "vtrans",
            dependencies: [
                "StageProtocol", "Pipeline", "Supervisor", "Server", "Translation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: System libraries
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libswresample libavutil",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswresample-dev", "libavutil-dev"])]
        ),
        .target(name: "Media", dependencies: ["CFFmpeg", "StageProtocol", .product(name: "Logging", package: "swift-log")]),
        // whisper.cpp, built and installed by scripts/install-whisper.sh (not a Debian package)
        .systemLibrary(name: "CWhisper", pkgConfig: "whisper"),
        .target(name: "Recognition", dependencies: ["CWhisper", .product(name: "Logging", package: "swift-log")]),

        // MARK: Stages (one executable each, manifest in plugins/<name>/plugin.yaml)
        .executableTarget(name: "vtrans-decoder", dependencies: ["StageKit", "Media", "CFFmpeg"], path: "plugins/decoder", exclude: ["plugin.yaml"]),
        .executableTarget(name: "vtrans-import", dependencies: ["StageKit", "Subtitles"], path: "plugins/import", exclude: ["plugin.yaml"]),
        .executableTarget(name: "vtrans-subtitles", dependencies: ["StageKit", "Subtitles"], path: "plugins/subtitles", exclude: ["plugin.yaml"]),
        .executableTarget(name: "vtrans-testsrc", dependencies: ["StageKit"], path: "plugins/testsrc", exclude: ["plugin.yaml"]),
        .executableTarget(name: "vtrans-passthrough", dependencies: ["StageKit"], path: "plugins/passthrough", exclude: ["plugin.yaml"]),
        .executableTarget(name: "vtrans-muxer", dependencies: ["StageKit", "Media", "CFFmpeg"], path: "plugins/muxer", exclude: ["plugin.yaml"]),
        .executableTarget(name: "vtrans-recognizer", dependencies: ["StageKit", "Recognition"], path: "plugins/recognizer", exclude: ["plugin.yaml"]),
        .executableTarget(name: "vtrans-translator", dependencies: ["StageKit", "Translation"], path: "plugins/translator", exclude: ["plugin.yaml"]),

        // MARK: Benchmarks (bench/<name>/run.sh builds and runs them)
        .executableTarget(name: "vtrans-bench-protocol", dependencies: ["StageKit"], path: "bench/protocol", exclude: ["run.sh"]),

        // MARK: Tests
        .testTarget(name: "StageProtocolTests", dependencies: ["StageProtocol"], resources: [.copy("Vectors")]),
        .testTarget(name: "StageKitTests", dependencies: ["StageKit", "StageTesting"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
        .testTarget(name: "SupervisorTests", dependencies: ["Supervisor", "Pipeline", "StageTesting"]),
        .testTarget(name: "TranslationTests", dependencies: ["Translation", "StageTesting"]),
        .testTarget(
            name: "SubtitlesTests",
            dependencies: ["Subtitles", "StageProtocol", "StageKit", "StageTesting", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "JobStoreTests", dependencies: ["JobStore"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "JobStore", "Storage", "StageTesting",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["StageProtocol", "StageTesting"]),
        .testTarget(name: "MediaStageTests", dependencies: ["StageProtocol", "StageTesting"]),
        .testTarget(name: "RecognitionTests", dependencies: ["Recognition"]),
        .testTarget(name: "RecognizerStageTests", dependencies: ["StageProtocol", "StageTesting", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "TranslatorStageTests", dependencies: ["StageProtocol", "StageTesting", .product(name: "Yams", package: "Yams")]),
    ]
)
