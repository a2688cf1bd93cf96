import Foundation
import Shell
import TestSupport
import Testing
import Tutor
import World

@Suite("classroom: presenter mode, export and the report", .serialized)
struct ClassroomTests {
    static let catalog = LessonCatalog.scan(folder: LessonWalk.folder)

    @Test("presenter mode reveals a step on Enter and shows the world after every change")
    func presenter() {
        var repl = REPL(world: .sandbox(), lessons: FixtureLessons.catalog, store: MemoryProgressStore())
        repl.presenter = true
        var input = ScriptInput(lines: ["start trip", "", "c", "denied", "aws iam create-user --user-name visitor"])
        var out = ""
        _ = repl.run(input: &input, output: { out += $0 + "\n" })
        #expect(out.contains("(Enter for the next step)"))
        let enter = out.range(of: "(Enter for the next step)")!.upperBound
        #expect(out[enter...].contains("[question 1/2] What do you give her?"), "Enter reveals the question")
        #expect(out.contains("── the world now ──\npeople (users)"))
        #expect(out.contains("user visitor"))
    }

    @Test("`export` at the prompt asks the name once and writes sealed results")
    func exportAtThePrompt() throws {
        final class Files: @unchecked Sendable { var written: [String: String] = [:] }
        let files = Files()
        let store = MemoryProgressStore()
        var repl = REPL(
            world: .sandbox(),
            environment: ShellEnvironment(writeFile: {
                files.written[$0] = $1; return true
            }), lessons: Self.catalog, store: store)
        var input = ScriptInput(lines: ["start plumber", "c", "denied", "export", "Ada Lovelace", "export mine.json"])
        var out = ""
        _ = repl.run(input: &input, output: { out += $0 + "\n" })
        #expect(out.contains("Your name, as your instructor knows you: Ada Lovelace"))
        #expect(out.contains("Wrote iam-tutor-results-AdaLovelace.json — hand it to your instructor."))
        #expect(out.contains("Wrote mine.json"))
        #expect(store.saved?.learner == "Ada Lovelace")
        let data = try #require(files.written["mine.json"])
        let results = try JSONDecoder().decode(LearnerResults.self, from: Data(data.utf8))
        #expect(results.isIntact)
        #expect(results.learner == "Ada Lovelace")
        let who = results.lessons.first { $0.id == "plumber" }?.steps.first { $0.id == "who" }
        #expect(who?.status == .passed)
        #expect(results.lessons.count == 14)
    }

    @Test("export and report through the binary: terminal, Markdown, CSV and HTML files")
    func throughTheBinary() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-class-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        for (i, name) in ["Ada", "Bo"].enumerated() {
            let home = work.appendingPathComponent("home-\(name)").path
            // Learners whose seed keeps choices in the order written.
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try Data(#"{"version": 1, "lessons": {}, "seed": 0}"#.utf8).write(to: URL(fileURLWithPath: home + "/progress.json"))
            _ = try Binary.run([], home: home, input: i == 0 ? "start basics\ndenied\nc\nquit\n" : "start basics\nallowed\na\nc\nquit\n")
            let (status, text) = try Binary.run(["export", "--name", name, "--out", work.appendingPathComponent("\(name).json").path], home: home)
            #expect(status == 0, "\(text)")
        }
        // Bo exports again, later: one learner, by the latest file.
        sleep(1)
        let (again, againText) = try Binary.run(
            ["export", "--out", work.appendingPathComponent("Bo-again.json").path], home: work.appendingPathComponent("home-Bo").path)
        #expect(again == 0, "\(againText)")
        let (status, text) = try Binary.run(
            [
                "report", work.path, "--markdown", work.appendingPathComponent("r.md").path, "--csv", work.appendingPathComponent("r.csv").path,
                "--html", work.appendingPathComponent("r.html").path,
            ], home: work.path)
        #expect(status == 0, "\(text)")
        #expect(text.contains("Class report — When to use an IAM user, a group or a role (iam-tutor 1.0.0): 2 learners"))
        #expect(text.contains("Bo.json: superseded by \(work.appendingPathComponent("Bo-again.json").path)\n"), "\(text)")
        #expect(text.contains("1   of 2: AdministratorAccess, so he is never blocked"))
        let (_, anonymous) = try Binary.run(["report", work.path, "--anonymous"], home: work.path)
        #expect(anonymous.contains("Learner 1") && anonymous.contains("Learner 2"))
        #expect(!anonymous.contains("Ada") && !anonymous.contains("Bo"), "\(anonymous)")
        let md = try String(contentsOf: work.appendingPathComponent("r.md"), encoding: .utf8)
        #expect(md.contains("| Ada | 2/7 |"))
        let csv = try String(contentsOf: work.appendingPathComponent("r.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("learner,lesson,step,kind,result,attempts,wrong_choices,hints,saw_solution,seconds,grade,exam,refused,"))
        #expect(csv.contains("Bo,basics,least,question,passed,2,admin,0,no,"))
        let html = try String(contentsOf: work.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(html.contains("<table id=\"grid\">"))
        // Self-contained: it loads nothing; the only address in it names the SVG namespace.
        let addresses = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!addresses.contains("http://") && !addresses.contains("https://") && !addresses.contains("src=\"//"))
        let (missing, missingText) = try Binary.run(
            ["export", "--out", work.appendingPathComponent("x.json").path], home: work.appendingPathComponent("nobody").path)
        #expect(missing == 64)
        #expect(missingText.contains("give your name once with --name NAME"))
    }

    @Test("`new lesson` scaffolds a lesson that passes lint")
    func scaffold() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-new-\(UUID().uuidString)").path
        for args in [["new", "lesson", "my-first", "--lessons", dir], ["lint", dir]] {
            let (status, text) = try Binary.run(args, home: Binary.temporaryHome("new"))
            #expect(status == 0, "\(args): \(text)")
            if args[0] == "lint" { #expect(text.contains("1 lessons, 4 steps: no problems")) }
        }
    }

    @Test("pack switches: no skipping, no hints, and an exam that judges nothing aloud")
    func switches() throws {
        let lesson = try Self.catalog.lesson("plumber")
        var record = LessonRecord()
        var run = LessonRun(lesson: lesson)
        var s = PackInfo.Switches()
        s.skip = false
        s.hints = false
        s.exam = true
        run.switches = s
        _ = run.present(record: &record)
        guard case .refused(.skipOff) = run.skip(record: &record).first, case .refused(.examNoHints) = run.hint(record: &record).first else {
            Issue.record("skip or hint was not refused")
            return
        }
        let reply = run.answer("b", record: &record) ?? []
        guard case .recorded = reply.first else {
            Issue.record("the answer was not just recorded: \(reply)")
            return
        }
        #expect(!reply.contains { if case .answeredWrong = $0 { true } else { false } }, "no verdict in an exam")
        #expect(record.steps["who"]?.result == .failed)
        #expect(record.steps["who"]?.wrongChoices == ["admins"])
    }
}
