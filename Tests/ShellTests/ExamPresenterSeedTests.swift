import Foundation
import Shell
import TestSupport
import Testing
import Tutor
import World

/// An exam gives nothing away until its review; presenter mode fits the projector's width; a seed
/// makes a fresh folder's transcript the same every time.
@Suite("exam mode, presenter width and --seed")
struct ExamPresenterSeedTests {
    static let quiz = """
        format: 1
        id: quiz
        title: A fixture exam
        summary: a question, a prediction, a task and a recap
        minutes: 5
        world:
          - aws iam create-user --user-name dana
        steps:
          - id: who
            ask: What do you give her?
            choices:
              - {id: user, text: a second user, feedback: A second identity to forget.}
              - {id: admins, text: the Admins group, feedback: "Far too much, for too long."}
              - {id: role, text: a role she may assume, correct: true, feedback: It ends by itself.}
            hints: [What ends by itself?]
          - id: predict
            predict: Today, can Dana describe EC2 instances?
            check: {as: user/dana, do: "ec2:DescribeInstances", on: "*"}
            explain: Nothing allows it yet.
            hints: [Look at her policies.]
          - id: group
            task: Create a group Devs.
            goal:
              - exists: group/Devs
            solution: [aws iam create-group --group-name Devs]
            hints: [aws iam create-group]
          - id: recap
            recap: Roles end by themselves.
        """

    static func examREPL() throws -> REPL {
        let lesson = try LessonLoader.load(yaml: quiz, file: "quiz.yaml")
        var repl = REPL(world: .sandbox(), lessons: LessonCatalog(lessons: [lesson]), store: MemoryProgressStore())
        var exam = PackInfo.Switches()
        exam.exam = true
        repl.pack.switches["quiz"] = exam
        return repl
    }

    static func transcript(_ repl: inout REPL, _ lines: [String]) -> String {
        var input = ScriptInput(lines: lines)
        var out = ""
        _ = repl.run(input: &input, output: { out += $0 + "\n" })
        return out
    }

    @Test("an exam says so, judges nothing aloud, and reviews every answer at the end")
    func examGivesNothingAway() throws {
        var repl = try Self.examREPL()
        let out = Self.transcript(
            &repl,
            [
                "lessons", "start quiz", "a", "why", "back", "b", "denied", "why", "hint", "check", "solution", "recap", "lessons",
                "aws iam create-group --group-name Devs", "next",
            ])
        #expect(out.contains("quiz  a question, a prediction, a task and a recap  [exam]"), "the menu marks the exam")
        #expect(out.contains("━━ EXAM ━━"), "a banner when it opens")
        #expect(out.contains("iam:quiz[exam](root)> "), "the prompt marks it")
        let beforeReview = String(out[..<out.range(of: "── exam review ──")!.lowerBound])
        for leak in ["Right.", "Not quite", "You predicted", "disagrees", "implicitDeny", "It ends by itself", "Far too much", "Task done", "Grade:"] {
            #expect(!beforeReview.contains(leak), "nothing before the review says \(leak)")
        }
        #expect(beforeReview.contains("Use aws commands; `next` hands the task in"))
        #expect(!beforeReview.contains("`check` says which goals"), "the task prompt does not advertise check")
        #expect(beforeReview.contains("No hints in an exam"))
        #expect(beforeReview.contains("Solutions are not shown in an exam."))
        #expect(beforeReview.contains("The recap holds the answers"))
        #expect(beforeReview.contains("[exam, 2/3 answered]"), "the menu counts answers, not right ones")
        // The review: `back` replaced the first answer (a second user) with the second (the Admins group).
        let review = String(out[out.range(of: "── exam review ──")!.lowerBound...])
        #expect(review.contains("2 of 3 right."))
        #expect(review.contains("1. ✗ What do you give her?\n   right: a role she may assume\n   you chose: the Admins group\n   Far too much, for too long."))
        #expect(!review.contains("A second identity to forget."), "the replaced answer is gone")
        #expect(review.contains("2. ✓ Today, can Dana describe EC2 instances?\n   you said denied; it is denied"))
        #expect(review.contains("3. ✓ Create a group Devs.\n   done (grade: best)."))
        let record = repl.progress.lessons["quiz"]?.steps["who"]
        #expect(record?.wrongChoices == ["admins"])
        #expect(record?.result == .failed)
    }

    @Test("`why` after an exam's prediction gives nothing; after the learner's own command it explains the command")
    func whyInAnExam() throws {
        var repl = try Self.examREPL()
        let out = Self.transcript(&repl, ["start quiz", "c", "allowed", "why"])
        let after = String(out[out.range(of: "iam:quiz[exam](root)> allowed")!.upperBound...])
        #expect(after.contains("Recorded."))
        #expect(!after.contains("ec2:DescribeInstances"), "the decision behind the prediction waits for the review")
    }

    @Test("a handed-in task that fails is reviewed with the goals that failed")
    func failedTaskInReview() throws {
        var repl = try Self.examREPL()
        let out = Self.transcript(&repl, ["start quiz", "c", "denied", "next"])
        #expect(out.contains("3. ✗ Create a group Devs.\n   not done — goals that failed: group/Devs exists."))
        #expect(out.contains("one solution: aws iam create-group --group-name Devs"))
    }

    @Test(
        "the menu's quick reading of pack.yaml finds the same exams as the full reading",
        arguments: [
            "lessons:\n  quiz: {exam: true}\n  trip: {hints: false}\n",
            "id: p\nversion: 1.0.0\nlessons:\n  quiz:\n    hints: false\n    exam: true   # for the final hour\n  trip:\n    exam: false\n",
            "lessons:\n    quiz: {skip: false, exam: true}\n    trip:\n        exam: true\norder: [trip, quiz]\n",
            "# exam: true\nlessons:\n  quiz: {exam: false}\n",
        ])
    func quickReadingAgrees(_ yaml: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = yaml.hasPrefix("id:") ? yaml : "id: p\nversion: 1.0.0\n" + yaml
        try Data(text.utf8).write(to: dir.appendingPathComponent("pack.yaml"))
        let full = try PackInfo.load(folder: dir.path)
        let quick = PackInfo.quick(folder: dir.path)
        for id in ["quiz", "trip"] {
            #expect(quick.switches(for: id).exam == full.switches(for: id).exam, "\(id) in:\n\(text)")
        }
    }

    @Test("presenter mode wraps to the terminal's width, splits no word, and keeps the world in view with each task")
    func presenterWidth() throws {
        let lesson = try LessonLoader.load(yaml: Self.quiz, file: "quiz.yaml")
        var repl = REPL(world: .sandbox(), style: Style(width: 100), lessons: LessonCatalog(lessons: [lesson]), store: MemoryProgressStore())
        repl.presenter = true
        repl.measureWidth = { 44 }
        let out = Self.transcript(&repl, ["start quiz", "c", "denied", "aws iam create-group --group-name Devs"])
        #expect(out.contains("── the world now ──"), "the diagram is shown with the task")
        let taskAt = out.range(of: "[task 3/3]")!.lowerBound
        #expect(out[taskAt...].contains("── the world now ──"))
        // Not the prompt's echo, and not JSON output (which must stay whole to be copied).
        for line in out.split(separator: "\n") where !line.hasPrefix("iam") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("\"") {
            #expect(line.count <= 44, "wider than the terminal: \(line)")
        }
        // Every word of the narration is whole on some line.
        #expect(out.contains("Today, can Dana describe EC2"))
    }

    @Test("Style.wrap hangs a list item under its text and never splits a word")
    func wrapHangs() {
        let style = Style(width: 40)
        let text = "  b) a role trusting the account - only the root user can assume that, people think"
        let wrapped = style.wrap(text)
        for line in wrapped.split(separator: "\n") { #expect(line.count <= 40) }
        #expect(wrapped.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("     ") && !$0.hasPrefix("      ") })
        #expect(wrapped.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.contains("trusting"))
    }

    @Test("--seed: a fresh data folder gives the same transcript every time; a folder keeps its first seed")
    func seedMakesItReproducible() throws {
        let lessons = try FixtureLessons.folder()
        let script = "start trip\na\nc\ndenied\nlessons\n"
        func run(_ home: String, _ seed: String) throws -> String {
            try Binary.run(["--lessons", lessons, "--seed", seed], home: home, input: script).output
        }
        let a = Binary.temporaryHome("seed-a")
        let b = Binary.temporaryHome("seed-b")
        let first = try run(a, "7")
        let second = try run(b, "7")
        #expect(first == second)
        #expect(first.contains("[question 1/2]"))
        let again = try run(a, "8")
        #expect(again.contains("this data folder keeps the seed it was given first; --seed 8 applies to a fresh one"))
    }
}
