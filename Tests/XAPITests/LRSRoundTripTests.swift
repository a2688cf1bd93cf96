import Foundation
import LRS
import TestSupport
import Testing
import Tutor
import XAPI

#if canImport(Glibc)
    import Glibc
#endif

/// A real Learning Record Store on loopback: Ralph (`ralph-malph` on PyPI, installed by the test
/// command's set-up) with its file-system backend, started and stopped by the test on a free port.
@Suite("the round trip to a real LRS", .serialized)
struct LRSRoundTripTests {
    /// Ralph's command: `RALPH`, else the set-up's virtual environment, else the PATH.
    static var ralph: String? {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [environment["RALPH"]].compactMap { $0 }
        if let home = environment["HOME"] { candidates.append(home + "/.cache/iam-tutor/ralph-venv/bin/ralph") }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/ralph" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The Python that runs Ralph: the interpreter named on its first line.
    static func python(of ralph: String) -> String? {
        guard let text = try? String(contentsOfFile: ralph, encoding: .utf8), text.hasPrefix("#!") else { return nil }
        return text.dropFirst(2).split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    /// A port nobody listens on now: bound to port 0, read, and released.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        try #require(bound == 0, "cannot bind a loopback port")
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct Server {
        var process: Process
        var url: String
        var folder: URL

        /// Asks the server to stop, and kills it if it has not within 5 s (a graceful stop waits
        /// for open connections).
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            for _ in 0..<50 where process.isRunning { usleep(100_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// Credentials for `tutor`/`secret` in a fresh folder, then the LRS on a free port.
    static func start() throws -> Server {
        let ralph = try #require(Self.ralph, "Ralph is not installed: `bash .ci/setup --tests` installs it (pip, ralph-malph[cli,lrs])")
        let python = try #require(Self.python(of: ralph), "cannot tell which Python runs \(ralph)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-lrs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("statements"), withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["RALPH_APP_DIR"] = folder.path
        environment["RALPH_AUTH_FILE"] = folder.appendingPathComponent("auth.json").path
        environment["RALPH_RUNSERVER_BACKEND"] = "fs"
        environment["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = folder.appendingPathComponent("statements").path
        let auth = Process()
        auth.executableURL = URL(fileURLWithPath: ralph)
        auth.arguments = ["auth", "-u", "tutor", "-p", "secret", "-s", "all", "-A", "instructor", "http://localhost", "-w"]
        auth.environment = environment
        auth.currentDirectoryURL = folder
        auth.standardOutput = FileHandle.nullDevice
        auth.standardError = FileHandle.nullDevice
        try auth.run()
        auth.waitUntilExit()
        try #require(auth.terminationStatus == 0, "ralph auth failed")
        let port = try freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: python)
        // uvicorn directly: `ralph runserver` reloads on file changes, through a second process.
        // Ralph's file-system LRS keeps every statement in one file that it may only create
        // (its default operation), so a second POST with new statements fails with a 500; the
        // statements are appended instead, as an LRS with a database stores them.
        let script = """
            import sys, uvicorn
            from ralph.backends.data.base import BaseOperationType
            from ralph.backends.lrs.fs import FSLRSBackend
            FSLRSBackend.default_operation_type = BaseOperationType.APPEND
            uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", timeout_graceful_shutdown=1)
            """
        server.arguments = ["-c", script, String(port)]
        server.environment = environment
        server.currentDirectoryURL = folder
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        return Server(process: server, url: "http://127.0.0.1:\(port)", folder: folder)
    }

    @Test("statements sent by `report --lrs` are read back with GET; sending again stores nothing twice")
    func roundTrip() async throws {
        let server = try Self.start()
        defer { server.stop() }
        var probe = try LRSClient(url: server.url, username: "tutor", password: "secret")
        probe.retries = 40
        probe.backoff = .milliseconds(250)
        _ = try await probe.get(query: "limit=1")  // waits for the server to listen
        probe.retries = 2

        // Two learners export; the instructor reports and sends to the LRS.
        let work = server.folder.appendingPathComponent("class")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        for (name, answers) in [("Ada", "start basics\ndenied\nc\nquit\n"), ("Bo", "start basics\nallowed\nquit\n")] {
            let home = work.appendingPathComponent("home-\(name)").path
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try Data(#"{"version": 1, "lessons": {}, "seed": 0}"#.utf8).write(to: URL(fileURLWithPath: home + "/progress.json"))
            _ = try Binary.run([], home: home, input: answers)
            let (status, text) = try Binary.run(["export", "--name", name, "--out", work.appendingPathComponent("\(name).json").path], home: home)
            #expect(status == 0, "\(text)")
        }
        let environment = ["IAM_TUTOR_LRS_USER": "tutor", "IAM_TUTOR_LRS_PASSWORD": "secret"]
        let statementsFile = server.folder.appendingPathComponent("statements.json").path
        let (status, text) = try Binary.run(
            ["report", work.path, "--xapi", statementsFile, "--lrs", server.url + "/xAPI"], home: work.path, environment: environment)
        #expect(status == 0, "\(text)")
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statementsFile))) as? [[String: Any]])
        #expect(written.count == 3, "Ada answered two steps, Bo one")
        #expect(written.allSatisfy { ($0["timestamp"] as? String)?.hasSuffix("Z") == true }, "when the learner answered")
        #expect(text.contains("Sent 3 statements to \(server.url)/xAPI/statements: 3 stored anew, 0 held already."), "\(text)")

        // Read back: the LRS holds them, as sent.
        let answer = try await probe.get(query: "limit=100")
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])
        let statements = try #require(stored["statements"] as? [[String: Any]])
        #expect(Set(statements.compactMap { $0["id"] as? String }) == Set(written.compactMap { $0["id"] as? String }))
        let ada = try #require(
            statements.first {
                (($0["actor"] as? [String: Any])?["name"] as? String) == "Ada"
                    && (($0["object"] as? [String: Any])?["id"] as? String)?.hasSuffix("/basics/default") == true
            })
        #expect(((ada["verb"] as? [String: Any])?["id"] as? String) == "http://adlnet.gov/expapi/verbs/answered")
        #expect(((ada["result"] as? [String: Any])?["success"] as? Bool) == true)
        #expect(((ada["context"] as? [String: Any])?["revision"] as? String) == "1.0.0")

        // Sent again: idempotent.
        let (again, againText) = try Binary.run(["report", work.path, "--lrs", server.url], home: work.path, environment: environment)
        #expect(again == 0, "\(againText)")
        #expect(againText.contains("0 stored anew, 3 held already"), "\(againText)")
        let recount = try #require(try JSONSerialization.jsonObject(with: Data(try await probe.get(query: "limit=100").utf8)) as? [String: Any])
        #expect((recount["statements"] as? [Any])?.count == 3)

        // A learner who exports later: the LRS takes the new statement beside those it holds.
        let late = work.appendingPathComponent("home-Cy").path
        try FileManager.default.createDirectory(atPath: late, withIntermediateDirectories: true)
        try Data(#"{"version": 1, "lessons": {}, "seed": 0}"#.utf8).write(to: URL(fileURLWithPath: late + "/progress.json"))
        _ = try Binary.run([], home: late, input: "start basics\ndenied\nquit\n")
        _ = try Binary.run(["export", "--name", "Cy", "--out", work.appendingPathComponent("Cy.json").path], home: late)
        let (later, laterText) = try Binary.run(["report", work.path, "--lrs", server.url], home: work.path, environment: environment)
        #expect(later == 0 && laterText.contains("1 stored anew, 3 held already"), "\(laterText)")

        // Wrong credentials: said, with what to do, and a failing exit.
        let (refused, refusedText) = try Binary.run(
            ["report", work.path, "--lrs", server.url], home: work.path, environment: ["IAM_TUTOR_LRS_USER": "tutor", "IAM_TUTOR_LRS_PASSWORD": "wrong"])
        #expect(refused == 69)
        #expect(refusedText.contains("refused the credentials (HTTP 401)"), "\(refusedText)")
    }

    @Test("class serve --lrs forwards every result it stores: a learner answers, the LRS holds the statements")
    func hostForwards() async throws {
        let server = try Self.start()
        defer { server.stop() }
        var probe = try LRSClient(url: server.url, username: "tutor", password: "secret")
        probe.retries = 40
        probe.backoff = .milliseconds(250)
        _ = try await probe.get(query: "limit=1")
        probe.retries = 2

        let lessons = try FixtureLessons.folder()
        let host = Process()
        host.executableURL = Binary.url
        host.arguments = [
            "class", "serve", "--port", "0", "--data", server.folder.appendingPathComponent("host").path, "--lessons", lessons, "--lrs", server.url + "/xAPI",
        ]
        host.environment = ProcessInfo.processInfo.environment.merging(["IAM_TUTOR_LRS_USER": "tutor", "IAM_TUTOR_LRS_PASSWORD": "secret"]) { $1 }
        let printed = server.folder.appendingPathComponent("host.out")
        FileManager.default.createFile(atPath: printed.path, contents: nil)
        host.standardOutput = try FileHandle(forWritingTo: printed)
        host.standardError = try FileHandle(forWritingTo: printed)
        try host.run()
        defer {
            host.terminate()
            host.waitUntilExit()
        }
        var join: String?
        for _ in 0..<600 where join == nil {
            let text = (try? String(contentsOf: printed, encoding: .utf8)) ?? ""
            join = text.split(separator: "\n").first { $0.hasPrefix("Learners join:") }.flatMap { $0.split(separator: " ").dropFirst(4).first }.map(String.init)
            if join == nil { usleep(100_000) }
        }
        let address = try #require(join, "the host did not print its join address")
        let home = server.folder.appendingPathComponent("ada").path
        // Whatever the seed's order of choices, one of a, b, c is right; the others are wrong
        // answers or, at the prediction, not answers.
        let (status, text) = try Binary.run(
            ["--class", address, "--name", "Ada", "--lessons", lessons], home: home, input: "start trip\na\nb\nc\ndenied\nquit\n")
        #expect(status == 0, "\(text)")
        // A tutor gives its last send two seconds at exit; what it could not send goes at its next start.
        _ = try Binary.run(["--class", address, "--name", "Ada", "--lessons", lessons], home: home, input: "quit\n")

        // The host stores the record and forwards it on its own time: wait for the LRS to hold the
        // two answers and the lesson.
        var statements: [[String: Any]] = []
        for _ in 0..<120 {
            let answer = try await probe.get(query: "limit=100")
            statements = ((try? JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])?["statements"] as? [[String: Any]]) ?? []
            // One per id: a retry after a slow answer sends the same ids again, which an LRS stores
            // once (Ralph's file store may keep both copies when the two requests race).
            var seen = Set<String>()
            statements = statements.filter { seen.insert($0["id"] as? String ?? "").inserted }
            if statements.count >= 3 { break }
            usleep(250_000)
        }
        #expect(
            statements.count == 3,
            "the question, the prediction and the lesson: \(statements.map { ($0["object"] as? [String: Any])?["id"] as? String ?? "" }); the host said: \((try? String(contentsOf: printed, encoding: .utf8)) ?? "")"
        )
        #expect(statements.allSatisfy { (($0["actor"] as? [String: Any])?["name"] as? String) == "Ada" })
        #expect(statements.contains { (($0["object"] as? [String: Any])?["id"] as? String)?.hasSuffix("/trip/who") == true })
    }

    @Test("an LRS that is not there: retried, then said with the address")
    func unreachable() async throws {
        var client = try LRSClient(url: "http://127.0.0.1:\(try Self.freePort())/xAPI", username: "u", password: "p")
        client.retries = 2
        client.backoff = .milliseconds(10)
        client.timeout = .seconds(1)
        do {
            try await client.send(["x"])
            Issue.record("sent to nobody")
        } catch {
            #expect(error.description.contains("could not be reached") && error.description.contains("tried 3 times"), "\(error)")
        }
    }

    @Test("the statements address is found from the URL; credentials in it are taken out")
    func addresses() throws {
        #expect(try LRSClient(url: "https://lrs.example.edu").statementsURL == "https://lrs.example.edu/xAPI/statements")
        #expect(try LRSClient(url: "https://lrs.example.edu/data/xAPI/").statementsURL == "https://lrs.example.edu/data/xAPI/statements")
        #expect(try LRSClient(url: "https://u:p%40ss@lrs.example.edu/xAPI/statements").statementsURL == "https://lrs.example.edu/xAPI/statements")
        #expect(throws: LRSClient.Failure.self) { try LRSClient(url: "ftp://lrs.example.edu") }
    }
}
