import Foundation
import Testing

/// `.ci/install PREFIX` puts one `iam-tutor` on the PATH with its lessons, usable from any folder.
@Suite("install")
struct InstallTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs a program in `folder` with `environment` added to a clean one; its status and output.
    func run(_ program: String, _ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("installed into a prefix, the program finds its lessons from another folder, by path and on the PATH")
    func installedRunsAnywhere() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-install-\(UUID().uuidString)")
        let prefix = work.appendingPathComponent("prefix")
        let elsewhere = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let (status, said) = try run(
            "/bin/bash", [Self.package.appendingPathComponent(".ci/install").path, prefix.path], in: elsewhere,
            environment: ["IAM_TUTOR_BINARY": Run.executable.path])
        #expect(status == 0, "\(said)")
        let installed = prefix.appendingPathComponent("bin/iam-tutor").path
        #expect(FileManager.default.isExecutableFile(atPath: installed))
        let lessons = try FileManager.default.contentsOfDirectory(atPath: prefix.appendingPathComponent("share/iam-tutor/lessons").path)
        #expect(lessons.contains("pack.yaml") && lessons.contains("01-basics.yaml"))

        let (lint, report) = try run(installed, ["lint"], in: elsewhere)
        #expect(lint == 0, "\(report)")
        #expect(report.contains(" lessons, ") && report.contains("no problems"), "\(report)")

        // Started by name from the PATH, as a learner does.
        let (onPath, text) = try run(
            "/bin/sh", ["-c", "iam-tutor lint"], in: elsewhere, environment: ["PATH": prefix.appendingPathComponent("bin").path + ":/usr/bin:/bin"])
        #expect(onPath == 0, "\(text)")
        #expect(text.contains("no problems"), "\(text)")
    }
}
