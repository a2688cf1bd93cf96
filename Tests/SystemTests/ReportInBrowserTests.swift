import Foundation
import TestSupport
import Testing
import Tutor

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
        try SyntheticClass.report().html().write(to: page, atomically: true, encoding: .utf8)
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

    @Test("the debrief renders: a block per question missed, the designs that failed, the legend; it prints; the anonymous page names nobody")
    func debrief() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let report = try SyntheticClass.report()
        let page = folder.appendingPathComponent("class.html")
        try report.html().write(to: page, atomically: true, encoding: .utf8)
        let dom = try chromium(["--dump-dom", page.absoluteString])
        #expect(dom.components(separatedBy: "<div class=\"question\">").count - 1 == report.questions.filter { $0.missed > 0 }.count)
        #expect(dom.components(separatedBy: "<div class=\"task\">").count - 1 == report.tasks.count)
        #expect(dom.contains("<dt>First try</dt>"))
        let pdf = folder.appendingPathComponent("class.pdf")
        _ = try chromium(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString])
        let printed = try Data(contentsOf: pdf)
        #expect(printed.starts(with: Array("%PDF".utf8)), "a PDF")
        #expect(String(decoding: printed, as: UTF8.self).components(separatedBy: "/Type /Page").count > 4, "several pages")
        let anonymous = folder.appendingPathComponent("anonymous.html")
        try report.anonymized().html().write(to: anonymous, atomically: true, encoding: .utf8)
        let anonymousDOM = try chromium(["--dump-dom", anonymous.absoluteString])
        #expect(anonymousDOM.contains("<th>Learner 30</th>"))
        for name in SyntheticClass.names {
            #expect(!anonymousDOM.contains(">\(name)<") && !anonymousDOM.contains("\(name.lowercased()).json"), "\(name) shows")
        }
    }
}
