// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "iam-tutor",
    // Built and tested on Linux (Debian and Ubuntu with the Swift 6.1+ toolchain, x86_64 and
    // arm64), which needs no entry here; libedit-dev (`.ci/setup`) for CEditLine. On macOS: 15 or
    // later, for the Synchronization module's Mutex and Atomic.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "iam-tutor", targets: ["iam-tutor"]),
        .executable(name: "iam-tutor-class", targets: ["iam-tutor-class"]),
        .library(name: "Policy", targets: ["Policy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // The policy language and the evaluation engine: pure, no I/O, no clock, no Foundation.
        .target(name: "Policy", swiftSettings: strict),
        // The simulated AWS world and the `aws` command layer: a value type above the engine.
        .target(name: "World", dependencies: ["Policy"], swiftSettings: strict),
        // Lessons as data: loading, linting, goals checked against the world, progress.
        .target(name: "Tutor", dependencies: ["World", "Policy", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // libedit, for line editing, history and completion at the prompt.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The REPL: reads lines, runs tutor and aws commands, renders results.
        .target(name: "Shell", dependencies: ["Tutor", "World", "Policy", "CEditLine"], swiftSettings: strict),
        // A learner's link to a workshop host: the record sent after every answer, the queue in the
        // data folder, and a small HTTP/1.1 client over sockets (no networking framework at start-up).
        .target(name: "ClassLink", dependencies: ["Tutor"], swiftSettings: strict),
        // The workshop host (`iam-tutor class serve`): HTTP, SQLite, the live class view, browser
        // terminals. Its own executable, so that none of it is loaded when the prompt starts.
        .target(
            name: "ClassHost",
            dependencies: [
                "Tutor", "ClassLink", "Policy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "iam-tutor-class",
            dependencies: ["ClassHost", "ClassLink", "Tutor", "XAPI", "LRS", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(
            name: "iam-tutor-class-bench",
            dependencies: ["ClassLink", "Tutor"],
            path: "Benchmarks/iam-tutor-class-bench",
            swiftSettings: strict),
        // Results as xAPI statements: plain data, no networking (`export --xapi`, `report --xapi`).
        .target(name: "XAPI", dependencies: ["Tutor", "World", "Policy"], swiftSettings: strict),
        // The client that sends statements to a Learning Record Store (HTTP and TLS from
        // swift-nio): only in `iam-tutor-class`, which `iam-tutor … --lrs URL` runs to send, so
        // that no networking stack is linked into the program whose prompt must open fast.
        .target(
            name: "LRS",
            dependencies: [
                "XAPI", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ], swiftSettings: strict),
        .executableTarget(
            name: "iam-tutor",
            dependencies: [
                "Policy",
                "World",
                "Tutor",
                "Shell",
                "ClassLink",
                "XAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "iam-tutor-bench",
            dependencies: ["Policy", "World", "Shell", "Tutor"],
            path: "Benchmarks/iam-tutor-bench",
            swiftSettings: strict
        ),
        // libFuzzer targets (`.ci/fuzz`); built normally, a program that replays kept inputs.
        .executableTarget(name: "iam-tutor-fuzz", dependencies: ["Policy", "World", "Tutor", "Shell"], swiftSettings: strict),
        // What the tests share: the package's paths, the built binary run as a learner runs it, and
        // a synthetic class for the report.
        .target(name: "TestSupport", dependencies: ["Tutor", "World"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "PolicyTests", dependencies: ["Policy"], swiftSettings: strict),
        .testTarget(name: "WorldTests", dependencies: ["World", "Policy"], exclude: ["JMESPathCompliance", "Tables"], swiftSettings: strict),
        .testTarget(
            name: "TutorTests", dependencies: ["Tutor", "World", "Policy", "TestSupport", .product(name: "Yams", package: "Yams")], exclude: ["Reports"],
            swiftSettings: strict),
        // Also through the built `iam-tutor` (and `iam-tutor-fuzz`, which replays kept inputs), which they run.
        .testTarget(
            name: "ShellTests", dependencies: ["Shell", "Tutor", "World", "TestSupport", "iam-tutor", "iam-tutor-fuzz"], exclude: ["Transcripts"],
            swiftSettings: strict),
        .testTarget(name: "IAMTutorCLITests", dependencies: ["iam-tutor"], swiftSettings: strict),
        // xAPI statements, and the round trip to a real LRS (Ralph, started on loopback by the test).
        .testTarget(name: "XAPITests", dependencies: ["XAPI", "LRS", "Tutor", "TestSupport", "iam-tutor", "iam-tutor-class"], swiftSettings: strict),
        // Tests that drive outside programs: the prompt in a real terminal (tmux) and the report in a
        // real browser (Chromium); the test command's set-up installs both.
        .testTarget(name: "SystemTests", dependencies: ["TestSupport", "Tutor", "iam-tutor"], swiftSettings: strict),
        // The workshop host end to end: the host and learners as programs, the pages in Chromium.
        .testTarget(
            name: "ClassHostTests", dependencies: ["TestSupport", "Tutor", "ClassLink", "ClassHost", "iam-tutor", "iam-tutor-class"],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
