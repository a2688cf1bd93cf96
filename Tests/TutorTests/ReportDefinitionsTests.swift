import Foundation
import TestSupport
import Testing
import Tutor

/// Each figure of the class report as its legend defines it, on a fixture lesson (a question, a
/// prediction) and a fixture task, with learners made by hand.
@Suite("the report's figures, as the legend defines them")
struct ReportDefinitionsTests {
    static let lessons = [FixtureLessons.trip, FixtureLessons.helper].map { try! LessonLoader.load(yaml: $0, file: "fixture.yaml") }
    static let pack: PackInfo = {
        var p = PackInfo()
        p.id = "fixture"
        p.version = "1.0.0"
        p.hash = "fnv1a64:0"
        return p
    }()

    struct Learner {
        var name: String
        var id: String?
        var exportedAt: Int? = nil
        var progress = LearnerProgress()

        /// A learner with an id (their name unless given), or none (`noID`: a file from before ids).
        init(_ name: String, id: String? = nil, noID: Bool = false, exportedAt: Int? = nil, _ lessons: [String: LessonRecord] = [:]) {
            self.name = name
            self.id = noID ? nil : id ?? name.lowercased()
            self.exportedAt = exportedAt
            progress.lessons = lessons
        }
    }

    static func step(_ result: StepStatus?, attempts: Int = 1, wrong: [String] = [], hints: Int = 0, seconds: Int = 0, refused: Int? = nil) -> StepRecord {
        var r = StepRecord()
        r.result = result
        r.attempts = attempts
        r.wrongChoices = wrong
        r.hintsUsed = hints
        r.seconds = seconds
        r.refused = refused
        return r
    }

    static func lesson(_ steps: [String: StepRecord], finished: Bool = false, exam: Bool = false) -> LessonRecord {
        var l = LessonRecord()
        l.steps = steps
        l.finished = finished
        l.exam = exam ? true : nil
        return l
    }

    static func report(_ learners: [Learner], files: [String]? = nil) -> ClassReport {
        let packID = LearnerResults.Pack(id: pack.id, version: pack.version, hash: pack.hash)
        let made = learners.enumerated().map { i, l -> (name: String, data: [UInt8]) in
            var progress = l.progress
            progress.learnerID = l.id
            return (
                files?[i] ?? "\(i)-\(l.name).json",
                Array(LearnerResults(learner: l.name, pack: packID, lessons: lessons, progress: progress, exportedAt: l.exportedAt).encoded())
            )
        }
        return ClassReport(pack: pack, lessons: lessons, files: made) { try? JSONDecoder().decode(LearnerResults.self, from: Data($0)) }
    }

    func stats(_ r: ClassReport, _ step: String, exam: Bool = false) -> ClassReport.StepStats? {
        r.stepStats.first { $0.step == step && $0.exam == exam }
    }

    @Test("Learners: one per learner id, the latest export winning whatever the file order; files without an id count apart")
    func learners() {
        let r = Self.report(
            [
                Learner("Ada", id: "a", exportedAt: 200, ["trip": Self.lesson(["who": Self.step(.passed)])]),
                Learner("Ada L.", id: "a", exportedAt: 100),
                Learner("Bo", noID: true), Learner("Bo", noID: true),
            ], files: ["z-new.json", "a-old.json", "bo1.json", "bo2.json"])
        #expect(r.learners.map(\.learner) == ["Ada", "Bo", "Bo"])
        #expect(r.superseded == [.init(file: "a-old.json", by: "z-new.json")])
        #expect(r.learners.first?.lessons.first?.steps.first?.status == .passed, "the latest results, not the older ones")
    }

    @Test("Completion: a lesson whose steps were all skipped is not done; skips show as steps passed; an exam is marked")
    func completion() {
        let skipped = Self.lesson(["who": Self.step(.skipped, attempts: 0), "predict": Self.step(.skipped, attempts: 0)], finished: true)
        let oneSkip = Self.lesson(["who": Self.step(.passed), "predict": Self.step(.skipped, attempts: 0)], finished: true)
        let all = Self.lesson(["who": Self.step(.passed), "predict": Self.step(.passed)], finished: true)
        let exam = Self.lesson(["who": Self.step(.passed), "predict": Self.step(.passed)], finished: true, exam: true)
        let r = Self.report([Learner("A", ["trip": skipped]), Learner("B", ["trip": oneSkip]), Learner("C", ["trip": all]), Learner("D", ["trip": exam])])
        #expect(r.learners.map { r.cell($0, Self.lessons[0]) } == ["-", "1/2", "done", "done*"])
        #expect(r.text().contains("A: 0/2 lessons done"), "the learner's count agrees with the grid")
    }

    @Test("Reached and passed: an open step never acted on is not reached; a skipped one is reached, not passed")
    func reachedAndPassed() throws {
        let r = Self.report([
            Learner("A", ["trip": Self.lesson(["who": Self.step(.passed)])]),
            Learner("B", ["trip": Self.lesson(["who": Self.step(.skipped, attempts: 0)])]),
            Learner("C", ["trip": Self.lesson(["who": Self.step(nil, attempts: 0)])]),
        ])
        let who = try #require(stats(r, "who"))
        #expect((who.reached, who.passed, who.skipped) == (2, 1, 1))
    }

    @Test("First try: one right answer, no hint, no solution; a task however many commands, unless a design was refused")
    func firstTry() throws {
        let r = Self.report([
            Learner("A", ["trip": Self.lesson(["who": Self.step(.passed)]), "helper": Self.lesson(["build": Self.step(.passed, attempts: 9)])]),
            Learner(
                "B",
                [
                    "trip": Self.lesson(["who": Self.step(.passed, attempts: 2, wrong: ["user"])]),
                    "helper": Self.lesson(["build": Self.step(.passed, attempts: 4, refused: 1)]),
                ]),
            Learner(
                "C",
                ["trip": Self.lesson(["who": Self.step(.passed, hints: 1)]), "helper": Self.lesson(["build": Self.step(.passed, attempts: 2, hints: 1)])]),
            Learner("D", ["trip": Self.lesson(["who": Self.step(.passed, attempts: 2)])]),
        ])
        #expect(try #require(stats(r, "who")).firstTry == 1, "only A: B was wrong first, C took a hint, D answered twice")
        #expect(try #require(stats(r, "build")).firstTry == 1, "only A, with nine commands")
        #expect(r.text().contains("trip.who") && r.text().contains("25%"))
    }

    @Test("Hints: added over learners")
    func hints() throws {
        let r = Self.report([
            Learner("A", ["trip": Self.lesson(["who": Self.step(.passed, hints: 1)])]),
            Learner("B", ["trip": Self.lesson(["who": Self.step(.passed, hints: 2)])]),
        ])
        #expect(try #require(stats(r, "who")).hints == 3)
    }

    @Test("Time: the median over the learners who reached the step; a learner's time adds up their steps")
    func time() throws {
        let r = Self.report([
            Learner("A", ["trip": Self.lesson(["who": Self.step(.passed, seconds: 10), "predict": Self.step(.passed, seconds: 50)])]),
            Learner("B", ["trip": Self.lesson(["who": Self.step(.passed, seconds: 20)])]),
            Learner("C", ["trip": Self.lesson(["who": Self.step(.passed, seconds: 3000)])]),
        ])
        #expect(try #require(stats(r, "who")).medianSeconds == 20)
        #expect(r.text().contains("trip.who") && r.text().contains(" 20 s"))
        #expect(r.text().contains("A: 0/2 lessons done, 1 min"), "10 s + 50 s")
    }

    @Test("Answers: every answer over the learners who answered, right first counted, each learner once per answer")
    func answers() throws {
        let r = Self.report([
            Learner("A", ["trip": Self.lesson(["who": Self.step(.passed)])]),
            Learner("B", ["trip": Self.lesson(["who": Self.step(.passed, attempts: 3, wrong: ["user", "admins"])])]),
            Learner("C", ["trip": Self.lesson(["who": Self.step(.passed, attempts: 2, wrong: ["user"])])]),
            Learner("D", ["trip": Self.lesson(["who": Self.step(nil, attempts: 0)])]),
            Learner("E", ["trip": Self.lesson(["predict": Self.step(.passed, wrong: ["allowed"])])]),
        ])
        let who = try #require(r.questions.first { $0.step == "who" })
        #expect((who.answered, who.rightFirst, who.missed) == (3, 1, 2))
        #expect(who.right == "a role she may assume")
        #expect(who.wrong == [.init(text: "a second user", learners: 2), .init(text: "the Admins group", learners: 1)])
        let predict = try #require(r.questions.first { $0.step == "predict" })
        #expect(predict.right == "denied", "the engine decides the right prediction")
        #expect(r.questions.first?.step == "predict", "most missed first: 1 of 1 before 2 of 3")
        let text = r.text()
        #expect(text.contains("right: a role she may assume — 1 of 3 at the first answer (33%)"))
        #expect(text.contains("2   of 3: a second user"))
    }

    @Test("Designs that failed: learners per rejected design, attack and goal")
    func designs() throws {
        var a = Self.step(.passed, attempts: 3, refused: 1)
        a.rejected = ["trust the whole account"]
        a.breaches = ["omar → sts:AssumeRole on role/Helper"]
        var b = Self.step(.skipped, attempts: 1)
        b.failedGoals = ["user/dana via role/Helper can ec2:DescribeInstances on *"]
        b.rejected = ["trust the whole account"]
        let r = Self.report([
            Learner("A", ["helper": Self.lesson(["build": a])]), Learner("B", ["helper": Self.lesson(["build": b])]),
            Learner("C", ["helper": Self.lesson(["build": Self.step(.passed)])]),
        ])
        let t = try #require(r.tasks.first)
        #expect((t.reached, t.passed, t.failing) == (3, 2, 2))
        #expect(t.rejected == [.init(text: "trust the whole account", learners: 2)])
        #expect(t.breaches.first?.learners == 1)
        #expect(r.text().contains("2   rejected design: trust the whole account"))
    }

    @Test("Exam: answers under the exam switch are counted apart from practice, never pooled")
    func exam() throws {
        let r = Self.report([
            Learner("A", ["trip": Self.lesson(["who": Self.step(.passed, wrong: [])])]),
            Learner("B", ["trip": Self.lesson(["who": Self.step(.failed, wrong: ["user"])], exam: true)]),
            Learner("C", ["trip": Self.lesson(["who": Self.step(.passed)], exam: true)]),
        ])
        let practice = try #require(stats(r, "who"))
        let exam = try #require(stats(r, "who", exam: true))
        #expect((practice.reached, practice.passed) == (1, 1))
        #expect((exam.reached, exam.passed) == (2, 1))
        #expect(r.questions.filter { $0.step == "who" }.map(\.answered).sorted() == [1, 2])
        #expect(r.text().contains("Exam steps (counted apart from practice)"))
    }

    @Test("the legend defines every figure in the terminal, Markdown and HTML; the anonymous view names nobody")
    func legendAndAnonymous() {
        let r = Self.report(
            [
                Learner("Ada Lovelace", ["trip": Self.lesson(["who": Self.step(.passed)])]), Learner("Bo", id: "b", exportedAt: 1),
                Learner("Bo", id: "b", exportedAt: 2),
            ], files: ["ada.json", "bo-old.json", "bo.json"])
        for figure in ["Learners", "Completion", "Reached", "Passed", "First try", "Hints", "Time", "Answers", "Designs that failed", "Exam"] {
            #expect(r.text().contains("  \(figure): "), "\(figure) in the terminal")
            #expect(r.markdown().contains("- **\(figure)**: "), "\(figure) in Markdown")
            #expect(r.html().contains("<dt>\(figure)</dt>"), "\(figure) in HTML")
        }
        let anonymous = r.anonymized()
        for out in [anonymous.text(), anonymous.markdown(), anonymous.csv(), anonymous.html()] {
            #expect(!out.contains("Ada") && !out.contains("Lovelace") && !out.contains("Bo") && !out.contains("bo.json"))
        }
        #expect(Set(anonymous.learners.map(\.learner)) == ["Learner 1", "Learner 2"])
        #expect(anonymous.text().contains("file 1: superseded by file 2"))
    }
}
