import ClassHost
import ClassLink
import Foundation
import TestSupport
import Testing
import Tutor

#if canImport(Glibc)
    import Glibc
#endif

/// A workshop on loopback: the host as `iam-tutor class serve` runs it, learners as piped
/// `iam-tutor --class URL` programs, the instructor's page in headless Chromium.
@Suite("a workshop on loopback", .serialized)
struct WorkshopTests {
    @Test("three learners join and answer: the live view, the report from the database and Chromium show them")
    func threeLearners() throws {
        let lessons = try FixtureLessons.folder()
        let host = try HostProcess(data: temporaryFolder("host"), lessons: lessons)
        defer { host.stop() }
        // Ada finishes; Ben errs once, then finishes; Cy answers wrong twice and stays on the question.
        let answers = [("Ada", "start trip\nc\ndenied\n"), ("Ben", "start trip\nb\nc\nallowed\ndenied\n"), ("Cy", "start trip\na\nb\n")]
        // Ada had a learner id before she joined (she exported results once); the others get theirs at joining.
        let adaID = "0b6f3a2e-5c1d-4e8f-9a7b-2c3d4e5f6a7b"
        var homes: [String: String] = [:]
        for (name, input) in answers {
            let home = try learnerHome(name, learnerID: name == "Ada" ? adaID : nil)
            homes[name] = home
            let (status, text) = try Binary.run(["--class", host.join, "--name", name, "--lessons", lessons], home: home, input: input + "quit\n")
            #expect(status == 0, "\(text)")
        }
        let live = host.waitForLive { $0.contains("Ada") && $0.contains("Ben") && $0.contains("Cy") && $0.contains("3 learners joined") }
        #expect(live.contains("3 learners joined"), "\(live)")
        // One id per learner: the host knows each by the id their progress (and any exported file) carries.
        let stored = try HostStoreReader.learners(host.database)
        for (name, home) in homes {
            let saved = try #require(FileManager.default.contents(atPath: home + "/progress.json"))
            let progress = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
            let id = try #require(progress["learnerID"] as? String, "\(name) has a learner id")
            #expect(stored.first { $0.name == name }?.id == id.replacingOccurrences(of: "-", with: ""), "\(name): \(id) vs \(stored.map(\.id))")
            if name == "Ada" { #expect(id == adaID, "a learner id, once given, stays") }
        }
        // Cy: on the question, two tries, no hint; stuck (3 tries would be the threshold: 2 is not yet).
        let cy = try #require(live.components(separatedBy: "<tr").first { $0.contains("<th>Cy") })
        #expect(cy.contains("<td>trip · who</td>"), "\(cy)")
        #expect(cy.contains("<td>2</td><td>0</td>"), "two tries, no hint: \(cy)")
        let ada = try #require(live.components(separatedBy: "<tr").first { $0.contains("<th>Ada") })
        #expect(ada.contains("at the menu"), "Ada finished the lesson: \(ada)")
        // The report's own figures, computed from the stored results.
        #expect(live.contains("<table id=\"grid\">"))
        #expect(live.components(separatedBy: "<td class=\"done\">done</td>").count - 1 == 2, "Ada and Ben are done")

        // The report reads the host's database as it reads files.
        let (status, report) = try Binary.run(["report", "--db", host.database, "--lessons", lessons], home: Binary.temporaryHome("instructor"))
        #expect(status == 0, "\(report)")
        #expect(report.contains(": 3 learners"), "\(report)")
        #expect(report.contains("Ada: 1/1 lessons done"), "\(report)")
        #expect(report.contains("Cy: 0/1 lessons done"), "\(report)")
        #expect(!report.contains("Left out of the figures"), "\(report)")

        // The page in a browser: the three learners; a fourth joins and the page shows her by itself.
        let browser = try BrowserSession()
        try browser.open(host.instructor)
        let shown = try browser.wait(for: "document.getElementById('now') ? document.getElementById('now').innerText : ''") { $0.contains("Cy") }
        for name in ["Ada", "Ben", "Cy"] { #expect(shown.contains(name), "\(name) in the page: \(shown)") }
        _ = try Binary.run(["--class", host.join, "--name", "Dot", "--lessons", lessons], home: try learnerHome("dot"), input: "start trip\nquit\n")
        let updated = try browser.wait(for: "document.getElementById('now').innerText") { $0.contains("Dot") }
        #expect(updated.contains("Dot"), "the page updated itself: \(updated)")
        #expect(try browser.evaluate("document.getElementById('summary').innerText").contains("4 learners joined"))
        let shot = try browser.screenshot(to: temporaryFolder("class-view") + ".png")
        #expect(shot.starts(with: [0x89, 0x50, 0x4E, 0x47]) && shot.count > 20_000, "a screenshot of a page, not a blank")
    }

    @Test("a learner types in a browser terminal: the tutor runs under a terminal on the host and their results reach the class view")
    func browserTerminal() throws {
        let data = temporaryFolder("host")
        let host = try HostProcess(data: data, lessons: lessonsFolder, extra: ["--terminals", "--max-terminals", "1"])
        defer { host.stop() }
        let browser = try BrowserSession()
        try browser.open(host.join + "?name=Tess")
        // The screen as xterm.js draws it (its DOM renderer: one element per row).
        let rows = "Array.from(document.querySelectorAll('.xterm-rows > div')).map(function (d) { return d.textContent; }).join('\\n').replace(/\\u00a0/g, ' ')"
        let menu = try browser.wait(for: rows) { $0.contains("iam(") }
        #expect(menu.contains("iam(root)>"), "the prompt in the browser: \(menu)")
        try browser.type("start plumber")
        try browser.pressEnter()
        let screen = try browser.wait(for: rows) { $0.contains("iam:plumber(") }
        #expect(screen.contains("start plumber"), "\(screen)")
        #expect(screen.contains("iam:plumber("), "the lesson started: \(screen)")
        let shot = try browser.screenshot(to: temporaryFolder("terminal") + ".png")
        #expect(shot.count > 20_000)
        // The tutor on the host is in the class: its record reaches the live view.
        let live = host.waitForLive { $0.contains("<th>Tess") && $0.contains("plumber") }
        #expect(live.contains("<th>Tess"), "\(live)")
        // Its data folder is the learner's own, under the host's.
        let folders = try FileManager.default.contentsOfDirectory(atPath: data + "/terminals")
        #expect(folders.count == 1 && folders[0].count == 32)
        #expect(tutors(in: data).count == 1, "one tutor runs for the page")
        // The bound: a second terminal while the one allowed runs is closed at once, saying why.
        let upgrade: [(String, String)] = [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13"),
        ]
        let full = try HTTPClient.request(
            method: "GET", host: "127.0.0.1", port: host.port, path: "/terminal/ws?code=\(host.address.code)&id=\(String(repeating: "d", count: 32))&name=Uma",
            headers: upgrade)
        #expect(full.status == 101, "\(full.status)")
        #expect(String(decoding: full.body, as: UTF8.self).contains("all 1 terminals are in use"), "closed at once, saying why")
        let stranger = try HTTPClient.request(
            method: "GET", host: "127.0.0.1", port: host.port, path: "/terminal/ws?code=NotTheCode99&id=\(String(repeating: "d", count: 32))&name=Uma",
            headers: upgrade)
        #expect(stranger.status == 400, "a stranger's upgrade is refused")
        // The page closed: the tutor is ended.
        try browser.send("Page.close")
        var waited = 0
        while !tutors(in: data).isEmpty && waited < 50 {
            usleep(100_000)
            waited += 1
        }
        #expect(tutors(in: data).isEmpty, "the tutor ended with its socket")
    }

    /// The tutors running with a data folder under `folder`.
    func tutors(in folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return String(decoding: environ, as: UTF8.self).contains("IAM_TUTOR_HOME=\(folder)/terminals/")
        }
    }

    @Test("the host killed and restarted mid-workshop: the learners' queued answers arrive, none lost")
    func hostRestart() throws {
        let lessons = try FixtureLessons.folder()
        let data = temporaryFolder("host")
        var host = try HostProcess(data: data, lessons: lessons)
        let home = try learnerHome("dee")
        let (learner, stdin, output) = try Binary.launch(["--class", host.join, "--name", "Dee", "--lessons", lessons], home: home)
        stdin.write(Data("start trip\nb\n".utf8))
        host.waitForLive { $0.contains("<td>trip · who</td><td>") && $0.contains("<td>1</td><td>0</td>") }
        host.kill()
        // The host is down: the tutor answers at once all the same, and queues.
        let started = Date()
        stdin.write(Data("c\n".utf8))
        let outbox = home + "/" + ClassSender.outboxName
        var waited = 0
        while !FileManager.default.fileExists(atPath: outbox) && waited < 100 {
            usleep(100_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: outbox), "the record waits in the learner's data folder")
        #expect(Date().timeIntervalSince(started) < 10)

        host = try HostProcess(data: data, lessons: lessons, port: host.port)
        defer { host.stop() }
        // The running tutor retries by itself (1, 2, 4 … s).
        let retried = host.waitForLive(seconds: 40) { $0.contains("<td>trip · predict</td>") }
        #expect(retried.contains("<td>trip · predict</td>"), "\(retried)")
        // The last answer, with the host down again at exit, is sent at the next start.
        host.kill()
        stdin.write(Data("allowed\nquit\n".utf8))
        try stdin.close()
        _ = output.fileHandleForReading.readDataToEndOfFile()
        learner.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: outbox), "still queued after exit")
        host = try HostProcess(data: data, lessons: lessons, port: host.port)
        let (status, _) = try Binary.run(["--lessons", lessons], home: home, input: "quit\n")
        #expect(status == 0)
        let final = host.waitForLive { $0.contains("<th>Dee") && $0.contains("at the menu") }
        #expect(final.contains("at the menu"), "\(final)")
        #expect(final.components(separatedBy: "<td class=\"done\">done</td>").count - 1 == 1, "Dee's lesson is done: \(final)")
        #expect(!FileManager.default.fileExists(atPath: outbox), "the queue is empty once the host has acknowledged")
        let (_, report) = try Binary.run(["report", "--db", host.database, "--lessons", lessons], home: Binary.temporaryHome("instructor"))
        #expect(report.contains("Dee: 1/1 lessons done"), "\(report)")
        // Every answer counted: the question took two tries, the prediction two.
        #expect(report.contains("trip.who"))
    }

    @Test("malformed, oversized, unauthenticated and forged requests get a 4xx, and the host keeps serving")
    func refusals() throws {
        let lessons = try FixtureLessons.folder()
        let host = try HostProcess(data: temporaryFolder("host"), lessons: lessons)
        defer { host.stop() }
        let (status, _) = try Binary.run(
            ["--class", host.join, "--name", "Eve", "--lessons", lessons], home: try learnerHome("eve"), input: "start trip\nc\nquit\n")
        #expect(status == 0)
        host.waitForLive { $0.contains("<th>Eve") }
        let learners = try HostStoreReader.learners(host.database)
        let eve = try #require(learners.first)

        func post(_ body: [UInt8], code: String? = host.address.code, extra: [(String, String)] = []) throws -> Int {
            var headers = extra
            if let code { headers.append(("Authorization", "Bearer \(code)")) }
            return try HTTPClient.request(method: "POST", host: "127.0.0.1", port: host.port, path: "/api/results", headers: headers, body: body).status
        }
        let results = LearnerResults(learner: "Mallory", pack: .init(id: "x", version: "1", hash: "h"), lessons: [], progress: LearnerProgress())
        let good = ClassRecord(
            learnerId: String(repeating: "a", count: 32), secret: String(repeating: "b", count: 64), seq: 1, lesson: nil, step: nil, results: results)
        #expect(try post(Array(good.encoded()), code: nil) == 401, "no join code")
        #expect(try post(Array(good.encoded()), code: "WrongCode123") == 401, "a wrong join code")
        #expect(try post(Array("{ not json".utf8)) == 400, "malformed")
        #expect(try post(Array(#"{"format":"iam-tutor-class/1"}"#.utf8)) == 400, "fields missing")
        var badId = good
        badId.learnerId = "../../etc/passwd"
        #expect(try post(Array(badId.encoded())) == 400, "an id that is not 32 hex digits")
        var badSeq = good
        badSeq.seq = -5
        #expect(try post(Array(badSeq.encoded())) == 400, "a negative seq")
        #expect(try post([UInt8](repeating: 0x20, count: 2 << 20)) == 413, "oversized")
        // Forged: Eve's id with another secret, a higher seq, another name.
        var forged = good
        forged.learnerId = eve.id
        forged.seq = 999
        #expect(try post(Array(forged.encoded())) == 403, "another learner's id without their secret")
        let after = try #require(try HostStoreReader.learners(host.database).first { $0.id == eve.id })
        #expect(after.name == "Eve" && after.seq == eve.seq, "Eve's results are unchanged")
        // The same record again is acknowledged and changes nothing (idempotent).
        #expect(try post(Array(good.encoded())) == 200)
        #expect(try post(Array(good.encoded())) == 200)
        #expect(try HostStoreReader.learners(host.database).count == 2)
        // The host keeps a digest of each secret, not the secret: a copy of its files lets nobody post as a learner.
        let files = [host.database, host.database + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
        #expect(!files.isEmpty && !files.contains { $0.range(of: Data(good.secret.utf8)) != nil }, "the secret is in the host's files")
        // The instructor's view needs its own token; the join code does not open it.
        #expect(try host.get("/instructor").status == 401)
        #expect(try host.get("/instructor?token=\(host.address.code)").status == 401)
        #expect(try host.get("/instructor/live?token=nope").status == 401)
        #expect(try host.get("/join/NotTheCode99").status == 401)
        // Still serving.
        #expect(try host.get("/instructor?token=\(host.token)").status == 200)
        // Escaped on the page: the name Mallory sent is text, not markup.
        var script = good
        script.learnerId = String(repeating: "c", count: 32)
        script.results.learner = "<script>alert(1)</script>\u{1B}[2J"
        #expect(try post(Array(script.encoded())) == 200)
        let page = try host.live()
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;[2J"), "\(page)")
        #expect(!page.contains("<script>alert"))
    }
}

/// The host's database, read beside the running host (write-ahead logging lets it).
enum HostStoreReader {
    static func learners(_ database: String) throws -> [HostStore.Learner] {
        try HostStore(path: database).learners()
    }
}

@Suite("the learner's side of a class")
struct LearnerLinkTests {
    @Test("a host that takes the connection and never answers does not hold up the prompt: the answers go on, the record stays queued")
    func aSilentHostDoesNotHoldUpThePrompt() throws {
        // A socket that listens and never reads: connections are made, answers never come.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(listener, 16)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))

        let lessons = try FixtureLessons.folder()
        // The same answers outside a class, just before: what this machine takes now (the whole
        // suite runs beside this test, so a fixed number of seconds would measure the load).
        let baselineStarted = Date()
        _ = try Binary.run(["--lessons", lessons], home: try learnerHome("alone"), input: "start trip\nb\nc\ndenied\nquit\n")
        let baseline = Date().timeIntervalSince(baselineStarted)
        let home = try learnerHome("silent")
        let started = Date()
        let (status, text) = try Binary.run(
            ["--class", "http://127.0.0.1:\(port)/join/abcdefgh2345", "--name", "Flo", "--lessons", lessons], home: home,
            input: "start trip\nb\nc\ndenied\nquit\n")
        let elapsed = Date().timeIntervalSince(started)
        #expect(status == 0, "\(text)")
        #expect(text.contains("[predict 2/2]"), "every answer was taken: \(text)")
        // The two seconds given at exit to the last send, with room for the load, beyond the same run outside a
        // class (a tutor that waited on each send would hang on this host for good).
        #expect(elapsed < baseline + 6, "the tutor waited \(elapsed) s for the network (alone: \(baseline) s)")
        #expect(FileManager.default.fileExists(atPath: home + "/" + ClassSender.outboxName), "the record waits to be sent")
        let membership = try #require(ClassMembership.load(folder: home))
        #expect(membership.url == "http://127.0.0.1:\(port)/join/abcdefgh2345")
    }

    @Test("a join address that is not one is refused with what a good one looks like; --class off leaves the class")
    func joinAddresses() throws {
        let home = try learnerHome("join")
        let (status, text) = try Binary.run(["--class", "https://example.org/x", "--name", "Gus"], home: home, input: "quit\n")
        #expect(status == 64)
        #expect(text.contains("is not a join address: it starts with http://"), "\(text)")
        #expect(throws: ClassAddressError.self) { try ClassAddress(parsing: "http://host:99999/join/abcdefgh") }
        #expect(throws: ClassAddressError.self) { try ClassAddress(parsing: "http://host:80/join/a b") }
        #expect(try ClassAddress(parsing: "http://[::1]:8080/join/abcdefgh23").host == "::1")
        let (joined, _) = try Binary.run(["--class", "http://127.0.0.1:9/join/abcdefgh2345", "--name", "Gus"], home: home, input: "quit\n")
        #expect(joined == 0)
        #expect(ClassMembership.load(folder: home) != nil)
        let (left, leftText) = try Binary.run(["--class", "off"], home: home, input: "quit\n")
        #expect(left == 0)
        #expect(leftText.contains("Left the class"))
        #expect(ClassMembership.load(folder: home) == nil)
    }

    @Test("a tutor confined to its data folder (as browser terminals run it) reads and writes nothing outside it")
    func confinedToItsFolder() throws {
        let home = try learnerHome("confined")
        let outside = temporaryFolder("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let secret = outside + "/class.json"
        try Data(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#.utf8).write(to: URL(fileURLWithPath: secret))
        try FileManager.default.createSymbolicLink(atPath: home + "/link", withDestinationPath: outside)
        try Data(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#.utf8).write(
            to: URL(fileURLWithPath: home + "/mine.json"))
        let input =
            [
                "aws iam create-policy --policy-name A --policy-document file://\(secret)",
                "aws iam create-policy --policy-name B --policy-document file://../\(URL(fileURLWithPath: outside).lastPathComponent)/class.json",
                "aws iam create-policy --policy-name C --policy-document file://link/class.json",
                "aws iam create-policy --policy-name D --policy-document file://mine.json",
                "export \(outside)/results.json", "export link/results.json", "export results.json", "quit",
            ].joined(separator: "\n") + "\n"
        let (status, text) = try Binary.run(["--name", "Hal"], home: home, input: input, environment: ["IAM_TUTOR_CONFINE": home])
        #expect(status == 0)
        #expect(text.components(separatedBy: "Unable to load paramfile").count - 1 == 3, "three paths lead out: \(text)")
        #expect(text.contains("\"PolicyName\": \"D\""), "a file in the folder is read: \(text)")
        #expect(!FileManager.default.fileExists(atPath: outside + "/results.json"))
        #expect(FileManager.default.fileExists(atPath: home + "/results.json"), "export writes inside the folder")
        // Not confined (a learner's own machine): the same absolute path is read.
        let (_, free) = try Binary.run(
            [], home: try learnerHome("free"), input: "aws iam create-policy --policy-name A --policy-document file://\(secret)\nquit\n")
        #expect(free.contains("\"PolicyName\": \"A\""), "\(free)")
    }
}
