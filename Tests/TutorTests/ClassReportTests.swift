import Foundation
import TestSupport
import Testing
import Tutor
import World

@Suite("the class report")
struct ClassReportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reports")

    func report() throws -> ClassReport { try SyntheticClass.report() }

    /// Compares with the golden file, or writes it when RECORD_REPORTS is set; a recording fails
    /// the run, so it never passes for a check. Only `goldenReports` writes them.
    func golden(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_REPORTS"] != nil {
            try text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("re-recorded \(name); run again without RECORD_REPORTS", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(expected == text, "\(name) differs from its golden file (RECORD_REPORTS=1 re-records)", sourceLocation: sourceLocation)
    }

    @Test("thirty learners: terminal, Markdown, CSV and HTML match their golden files")
    func goldenReports() throws {
        let r = try report()
        #expect(r.learners.count == 30)
        try golden("class.txt", r.text())
        try golden("class.md", r.markdown())
        try golden("class.csv", r.csv())
        try golden("class.html", r.html())
    }

    @Test("tampered, mismatched and foreign files are named and left out")
    func excluded() throws {
        let r = try report()
        #expect(
            r.excluded == [
                .init(file: "mallory.json", reason: "the checksum does not match: the file was edited after export"),
                .init(file: "notes.json", reason: "not an iam-tutor results file"),
                .init(file: "olga.json", reason: "from pack iam-tutor 0.9.0, not iam-tutor 1.0.0"),
            ])
        #expect(!r.learners.contains { $0.learner == "Mallory" || $0.learner == "Olga" })
        #expect(r.text().contains("mallory.json: the checksum does not match"))
        #expect(r.html().contains("<code>olga.json</code>"))
    }

    @Test("the answer table gives each question's distribution over the learners who answered, most missed first")
    func answers() throws {
        let r = try report()
        let top = try #require(r.questions.first)
        #expect(top.missed >= 1)
        #expect(!top.question.isEmpty && !top.right.isEmpty)
        for q in r.questions {
            #expect(q.wrong.allSatisfy { $0.learners <= q.missed }, "\(q.lesson).\(q.step): a wrong answer counts learners who missed")
            #expect(q.rightFirst + (q.wrong.isEmpty ? 0 : 1) <= q.answered)
        }
        let shares = r.questions.map { Double($0.missed) / Double($0.answered) }
        #expect(shares == shares.sorted(by: >), "most missed first")
        let text = r.text()
        #expect(text.contains("of \(top.answered): "))
    }

    @Test("a learner who exported twice counts once, by the latest export; the older file is named")
    func superseded() throws {
        let r = try report()
        #expect(r.superseded == [.init(file: "ada-monday.json", by: "ada.json")])
        #expect(r.learners.filter { $0.learner == "Ada" }.count == 1)
        #expect(r.learners.first { $0.learner == "Ada" }?.exportedAt == 1_800_000_000)
        #expect(r.text().contains("ada-monday.json: superseded by ada.json"))
    }
}

/// A learner's file is untrusted input to the instructor: nothing in it may repaint a terminal,
/// run in a spreadsheet, turn into a link, or blow the report up.
@Suite("a hostile results file")
struct HostileResultsTests {
    @Test("escapes, formulas, links and a huge name are neutralised; a repeated wrong choice counts once")
    func neutralised() throws {
        let pack = try PackInfo.load(folder: lessonsFolder)
        let (lessons, _) = LessonCatalog.scan(folder: lessonsFolder).ordered(pack.order).parseAll()
        var progress = LearnerProgress()
        var record = LessonRecord()
        var step = StepRecord()
        step.result = .passed
        step.attempts = 2
        step.wrongChoices = Array(repeating: "user", count: 5001) + ["<script>alert(1)</script>"]
        record.steps["who"] = step
        progress.lessons["plumber"] = record
        let name = "=2+3 [click](http://evil)\u{1B}[2J\u{1B}]8;;http://evil\u{07}\u{202E}" + String(repeating: "A", count: 200_000)
        var results = LearnerResults(
            learner: name, pack: .init(id: pack.id, version: pack.version, hash: pack.hash), lessons: lessons, progress: progress)
        results.checksum = results.computedChecksum
        let report = ClassReport(pack: pack, lessons: lessons, files: [(name: "evil\u{1B}[31m.json", data: Array(results.encoded()))]) { bytes in
            try? JSONDecoder().decode(LearnerResults.self, from: Data(bytes))
        }
        #expect(report.learners.count == 1)
        let text = report.text()
        let csv = report.csv()
        let markdown = report.markdown()
        let html = report.html()
        for out in [text, csv, markdown, html] {
            #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "a control character got through")
            #expect(out.utf8.count < 400_000, "a huge name blew the report up: \(out.utf8.count) bytes")
        }
        #expect(csv.contains("\n'=2+3 [click](http://evil)[2J]8;;http://evil"), "the formula is defused")
        #expect(markdown.contains("\\[click\\]\\(http://evil\\)"), "the link is escaped")
        #expect(!html.contains("<script>"))
        let plumberWho = report.questions.first { $0.lesson == "plumber" && $0.step == "who" }
        #expect(plumberWho?.wrong.first { $0.text.contains("user") }?.learners == 1, "a learner counts once, however often the file repeats a choice")
    }

    @Test("an oversized file is left out by name")
    func oversized() throws {
        let pack = try PackInfo.load(folder: lessonsFolder)
        let report = ClassReport(pack: pack, lessons: [], files: [(name: "big.json", data: Array(repeating: 0x20, count: 2 << 20))]) { _ in nil }
        #expect(report.excluded.first?.reason.hasPrefix("larger than 1024 KiB") == true)
    }
}
