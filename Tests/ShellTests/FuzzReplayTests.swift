import Foundation
import TestSupport
import Testing

/// Every input the fuzzers ever crashed on (kept in Tests/Fuzz/crashers/TARGET/) and every seed,
/// replayed through each target by the normally built `iam-tutor-fuzz`: none may crash again.
@Suite("fuzz crashers and seeds replay without a crash")
struct FuzzReplayTests {
    static let fuzz = Binary.url.deletingLastPathComponent().appendingPathComponent("iam-tutor-fuzz")
    static let root = Binary.packageRoot.appendingPathComponent("Tests/Fuzz")

    static func files(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted().map {
            folder.appendingPathComponent($0).path
        }
    }

    @Test("each target", arguments: ["repl", "policy", "simulate", "lesson", "progress", "results"])
    func replay(_ target: String) throws {
        var inputs = Self.files(Self.root.appendingPathComponent("crashers/\(target)")) + Self.files(Self.root.appendingPathComponent("seeds/\(target)"))
        if target == "lesson" { inputs += Self.files(Binary.packageRoot.appendingPathComponent("lessons")).filter { $0.hasSuffix(".yaml") } }
        // An empty input is always one of them.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-fuzz-empty-\(UUID().uuidString)")
        try Data().write(to: empty)
        inputs.append(empty.path)
        let process = Process()
        process.executableURL = Self.fuzz
        process.arguments = [target] + inputs
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("replayed through \(target): no crash"))
    }
}
