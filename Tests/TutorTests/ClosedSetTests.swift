import Foundation
import TestSupport
import Testing
import Tutor

/// Results, grades and step kinds are closed sets: written as the words files have always held,
/// and a word outside the set is refused at its place in the file, never taken for another.
@Suite("closed sets in progress and results files")
struct ClosedSetTests {
    static let lessons = [FixtureLessons.trip, FixtureLessons.helper].map { try! LessonLoader.load(yaml: $0, file: "fixture.yaml") }

    /// A progress file as earlier tutors wrote it (the words, not the types).
    static let savedProgress = #"""
        {"version": 1, "seed": 0, "lessons": {"helper": {"finished": false, "steps": {
          "build": {"result": "passed", "grade": "acceptable", "attempts": 3, "hintsUsed": 0, "sawSolution": false, "seconds": 20, "wrongChoices": []}}},
          "trip": {"finished": false, "steps": {
          "who": {"result": "skipped", "attempts": 0, "hintsUsed": 0, "sawSolution": false, "seconds": 0, "wrongChoices": []},
          "predict": {"result": "failed", "attempts": 1, "hintsUsed": 0, "sawSolution": false, "seconds": 0, "wrongChoices": ["allowed"]}}}}}
        """#

    @Test("a progress file written with the words loads as the types, and is written back with the same words")
    func progressWords() throws {
        let progress = try LearnerProgress.decode(Data(Self.savedProgress.utf8))
        #expect(progress.lessons["helper"]?.steps["build"]?.result == .passed)
        #expect(progress.lessons["helper"]?.steps["build"]?.grade == .acceptable)
        #expect(progress.lessons["trip"]?.steps["who"]?.result == .skipped)
        #expect(progress.lessons["trip"]?.steps["predict"]?.result == .failed)
        let written = try #require(JSONSerialization.jsonObject(with: progress.encoded()) as? [String: Any])
        let build = ((written["lessons"] as? [String: Any])?["helper"] as? [String: Any]).flatMap { $0["steps"] as? [String: Any] }?["build"] as? [String: Any]
        #expect(build?["result"] as? String == "passed")
        #expect(build?["grade"] as? String == "acceptable")
    }

    @Test("a results file holds the same words: kind, result and grade")
    func resultsWords() throws {
        let progress = try LearnerProgress.decode(Data(Self.savedProgress.utf8))
        let results = LearnerResults(learner: "Ada", pack: .init(id: "fixture", version: "1", hash: "h"), lessons: Self.lessons, progress: progress)
        let json = try #require(JSONSerialization.jsonObject(with: results.encoded()) as? [String: Any])
        let lessons = try #require(json["lessons"] as? [[String: Any]])
        let steps = lessons.flatMap { ($0["steps"] as? [[String: Any]]) ?? [] }
        let words = steps.map { [$0["id"] as? String, $0["kind"] as? String, $0["result"] as? String, $0["grade"] as? String] }
        #expect(
            words == [
                ["who", "question", "skipped", nil], ["predict", "predict", "failed", nil], ["build", "task", "passed", "acceptable"],
            ])
        #expect(try LearnerResults.decode(Array(results.encoded())) == results)
        #expect(results.isIntact)
    }

    @Test("an unknown result in the progress file: the file is moved aside, and the note names the field and the word")
    func unknownProgressWord() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-closed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let edited = Self.savedProgress.replacingOccurrences(of: #""result": "skipped""#, with: #""result": "pased""#)
        try Data(edited.utf8).write(to: URL(fileURLWithPath: home + "/progress.json"))
        let loaded = FileProgressStore(folder: home).load()
        #expect(loaded.progress.lessons.isEmpty)
        let note = try #require(loaded.notes.first)
        guard case .corrupt(let aside, let problem) = note else {
            Issue.record("not moved aside: \(note)")
            return
        }
        #expect(problem == #"lessons.trip.steps.who.result: "pased" is not one of "passed", "failed", "skipped" or "open""#)
        #expect(note.description.hasPrefix(#"the progress file could not be read (lessons.trip.steps.who.result: "pased" is not one of"#))
        #expect(try String(contentsOfFile: aside, encoding: .utf8) == edited, "the file is kept aside as it was")
    }

    @Test("an unknown grade in a results file: the file is left out, naming the field and the word")
    func unknownResultsWord() throws {
        let progress = try LearnerProgress.decode(Data(Self.savedProgress.utf8))
        var pack = PackInfo()
        pack.id = "fixture"
        let results = LearnerResults(
            learner: "Ada", pack: .init(id: pack.id, version: pack.version, hash: pack.hash), lessons: Self.lessons, progress: progress)
        let text = String(decoding: results.encoded(), as: UTF8.self).replacingOccurrences(of: #""acceptable""#, with: #""excellent""#)
        let files = [(name: "ada.json", data: Array(text.utf8)), (name: "notes.json", data: Array("just notes".utf8))]
        let report = ClassReport(pack: pack, lessons: Self.lessons, files: files) { try? LearnerResults.decode($0) }
        #expect(
            report.excluded == [
                .init(
                    file: "ada.json",
                    reason: #"not an iam-tutor results file (lessons.1.steps.0.grade: "excellent" is not one of "best", "acceptable", "refused" or "open")"#
                ),
                .init(file: "notes.json", reason: "not an iam-tutor results file"),
            ])
        #expect(report.learners.isEmpty)
    }
}
