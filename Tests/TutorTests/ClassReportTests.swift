import Foundation
import Testing
import Tutor
import World

/// A synthetic class of thirty learners, made deterministically from the lessons, so the report's
/// golden files can be compared byte for byte (`RECORD_REPORTS=1` writes them anew).
enum SyntheticClass {
    static let names = [
        "Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lu", "Max", "Nia", "Oz",
        "Pia", "Quin", "Ray", "Sol", "Tam", "Uma", "Vic", "Wes", "Xia", "Yan", "Zed", "Abe", "Bea", "Cal", "Dot",
    ]

    /// The world's seeded generator, drawn from for test data.
    struct Rng {
        var generator: IDGenerator
        init(state: UInt64) { generator = IDGenerator(seed: state) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    static func progress(for index: Int, lessons: [Lesson]) -> LearnerProgress {
        var rng = Rng(state: UInt64(index + 1) * 7919)
        var progress = LearnerProgress()
        let reached = 3 + rng.below(lessons.count - 2)
        for (li, lesson) in lessons.enumerated() where li < reached {
            var record = LessonRecord()
            let steps = lesson.steps.filter(\.isInteractive)
            let stopAt = li == reached - 1 ? rng.below(steps.count + 1) : steps.count
            for (si, step) in steps.enumerated() where si < stopAt {
                var r = StepRecord()
                r.result = rng.below(20) == 0 ? "skipped" : "passed"
                r.hintsUsed = rng.below(3) == 0 ? 1 + rng.below(2) : 0
                r.seconds = 20 + rng.below(180)
                if case .ask(let q) = step.kind, rng.below(3) == 0, let wrong = q.choices.filter({ !$0.correct }).randomElement(using: &rng) {
                    r.wrongChoices = [wrong.id]
                }
                if case .predict = step.kind, rng.below(4) == 0 { r.wrongChoices = ["allowed"] }
                r.attempts = 1 + r.wrongChoices.count + (step.label == "task" ? rng.below(4) : 0)
                record.steps[step.id] = r
            }
            record.finished = stopAt == steps.count
            progress.lessons[lesson.id] = record
        }
        return progress
    }

    static func files(pack: PackInfo, lessons: [Lesson]) -> [(name: String, data: [UInt8])] {
        let packID = LearnerResults.Pack(id: pack.id, version: pack.version, hash: pack.hash)
        var files: [(String, [UInt8])] = names.enumerated().map { i, name in
            (
                "\(name.lowercased()).json",
                Array(LearnerResults(learner: name, pack: packID, lessons: lessons, progress: progress(for: i, lessons: lessons)).encoded())
            )
        }
        // Edited after export: the checksum no longer matches.
        var tampered = LearnerResults(learner: "Mallory", pack: packID, lessons: lessons, progress: progress(for: 3, lessons: lessons))
        tampered.lessons[0].steps[0].hints = 0
        tampered.lessons[0].steps[0].wrongChoices = []
        tampered.lessons[0].steps[0].seconds += 1
        files.append(("mallory.json", Array(tampered.encoded())))
        // From last year's pack.
        let old = LearnerResults(
            learner: "Olga", pack: .init(id: pack.id, version: "0.9.0", hash: pack.hash), lessons: lessons, progress: progress(for: 5, lessons: lessons))
        files.append(("olga.json", Array(old.encoded())))
        files.append(("notes.json", Array("{\"hello\": 1}".utf8)))
        return files
    }
}

extension Array {
    func randomElement(using rng: inout SyntheticClass.Rng) -> Element? { isEmpty ? nil : self[rng.below(count)] }
}

@Suite("the class report")
struct ClassReportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reports")

    func report() throws -> ClassReport {
        let pack = try PackInfo.load(folder: lessonsFolder)
        let (lessons, problems) = LessonCatalog.scan(folder: lessonsFolder).ordered(pack.order).parseAll()
        try #require(problems.isEmpty)
        return ClassReport(pack: pack, lessons: lessons, files: SyntheticClass.files(pack: pack, lessons: lessons)) { bytes in
            try? JSONDecoder().decode(LearnerResults.self, from: Data(bytes))
        }
    }

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

@Suite("the HTML report in a real browser")
struct ReportInBrowserTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func chromium(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium, "Chromium is not installed: the test command's set-up installs it"))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The page is made here, not read from the golden file another test may be re-recording.
    @Test("the page renders offline: the grid has a row per learner, and a screenshot is taken")
    func rendersTheGrid() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("class.html")
        try ClassReportTests().report().html().write(to: page, atomically: true, encoding: .utf8)
        let dom = try chromium(["--dump-dom", page.absoluteString])
        let grid = try #require(dom.range(of: "<table id=\"grid\">").map { dom[$0.lowerBound...] }?.components(separatedBy: "</table>").first)
        #expect(grid.components(separatedBy: "<tr>").count - 1 == 31, "a header row and thirty learners")
        #expect(grid.components(separatedBy: "class=\"done\"").count > 100)
        #expect(dom.components(separatedBy: "<svg").count == 3, "two bar charts")
        let shot = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-report-\(UUID().uuidString).png")
        _ = try chromium(["--window-size=1280,1600", "--screenshot=\(shot.path)", page.absoluteString])
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot")
        #expect(png.count > 50_000, "the screenshot shows a page, not a blank")
    }
}
