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

    @Test("the misconception table counts wrong choices with the question's text")
    func misconceptions() throws {
        let r = try report()
        let top = try #require(r.misconceptions.first)
        #expect(top.count >= 2)
        #expect(!top.question.isEmpty)
        let total = r.learners.reduce(0) { $0 + $1.lessons.reduce(0) { $0 + $1.steps.reduce(0) { $0 + $1.wrongChoices.count } } }
        #expect(r.misconceptions.reduce(0) { $0 + $1.count } == total)
    }
}
