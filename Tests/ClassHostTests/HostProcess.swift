import ClassLink
import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `iam-tutor class serve`, started by a test on loopback, and what it printed.
final class HostProcess: @unchecked Sendable {
    let process: Process
    let data: String
    let join: String
    let instructor: String
    let port: Int
    let database: String

    var address: ClassAddress { try! ClassAddress(parsing: join) }
    var token: String { String(instructor.split(separator: "=").last ?? "") }

    /// Starts the host (any free port unless `port` is given) and waits for its addresses.
    init(data: String, lessons: String, port: Int = 0, extra: [String] = []) throws {
        process = Process()
        process.executableURL = Binary.url
        process.arguments = ["class", "serve", "--port", String(port), "--data", data, "--lessons", lessons] + extra
        process.currentDirectoryURL = Binary.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        let text = Mutex("")
        out.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            text.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date(timeIntervalSinceNow: 60)
        while Date() < deadline, !text.withLock({ $0.contains("Report any time:") }), process.isRunning { usleep(50_000) }
        let printed = text.withLock { $0 }
        func value(after label: String) -> String? {
            printed.split(separator: "\n").first { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)).trimmingCharacters(in: .whitespaces) }
        }
        guard let joinLine = value(after: "Learners join:"), let instructor = value(after: "Instructor view:"),
            let report = value(after: "Report any time:")
        else {
            process.terminate()
            throw HostFailed(output: printed)
        }
        // "iam-tutor --class URL --name NAME"
        join = String(joinLine.split(separator: " ")[2])
        self.instructor = instructor
        database = String(report.split(separator: " ").last ?? "")
        self.data = data
        self.port = try ClassAddress(parsing: join).port
    }

    struct HostFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "the host did not start: \(output)" }
    }

    /// Killed at once (as a crash or a pulled plug would).
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// GET a path on the host.
    func get(_ path: String) throws -> HTTPClient.Response {
        try HTTPClient.request(method: "GET", host: "127.0.0.1", port: port, path: path)
    }

    /// The instructor's live fragment.
    func live() throws -> String {
        String(decoding: try get("/instructor/live?token=\(token)").body, as: UTF8.self)
    }

    /// Waits (at most `seconds`) until the live view satisfies `condition`; the last fragment.
    @discardableResult
    func waitForLive(seconds: Double = 30, _ condition: (String) -> Bool) -> String {
        let deadline = Date(timeIntervalSinceNow: seconds)
        var last = ""
        while Date() < deadline {
            last = (try? live()) ?? ""
            if condition(last) { return last }
            usleep(200_000)
        }
        return last
    }
}

/// A learner's data folder whose seed keeps every question's choices in the order written.
/// With `learnerID`, the folder has its learner id already (as one that exported results before
/// joining has).
func learnerHome(_ label: String, learnerID: String? = nil) throws -> String {
    let home = Binary.temporaryHome(label)
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let id = learnerID.map { #", "learnerID": "\#($0)""# } ?? ""
    try Data(#"{"version": 1, "lessons": {}, "seed": 0\#(id)}"#.utf8).write(to: URL(fileURLWithPath: home + "/progress.json"))
    return home
}

func temporaryFolder(_ label: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-\(label)-\(UUID().uuidString)").path
}
