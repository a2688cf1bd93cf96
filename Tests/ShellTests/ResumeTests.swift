import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// kill -9 between two answers, then start again: nothing answered is lost.
@Suite("progress survives kill -9", .serialized)
struct ResumeTests {
    func launch(home: String, lessons: String? = nil) throws -> (Process, FileHandle, Pipe) {
        try Binary.launch(lessons.map { ["--lessons", $0] } ?? [], home: home, errors: false)
    }

    /// Waits until the saved progress satisfies `condition` (five seconds at most).
    func waitForProgress(_ home: String, _ condition: ([String: Any]) -> Bool) -> [String: Any]? {
        for _ in 0..<100 {
            if let data = FileManager.default.contents(atPath: home + "/progress.json"),
                let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], condition(json)
            {
                return json
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    func step(_ json: [String: Any], _ lesson: String, _ step: String) -> [String: Any]? {
        ((json["lessons"] as? [String: Any])?[lesson] as? [String: Any]).flatMap { ($0["steps"] as? [String: Any])?[step] as? [String: Any] }
    }

    @Test func answersSurviveAKill() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-resume-\(UUID().uuidString)").path
        // A learner whose seed keeps the choices in the order written.
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try Data(#"{"version": 1, "lessons": {}, "seed": 0}"#.utf8).write(to: URL(fileURLWithPath: home + "/progress.json"))
        // First run: a wrong answer, then the right one; killed before anything else.
        let lessons = try FixtureLessons.folder()
        let (first, stdin, _) = try launch(home: home, lessons: lessons)
        stdin.write(Data("start trip\nb\nc\n".utf8))
        let saved = waitForProgress(home) { step(self.step($0, "trip", "who") ?? [:]) }
        #expect(saved != nil, "the answer was not saved")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)

        let who = try #require(saved.flatMap { self.step($0, "trip", "who") })
        #expect(who["result"] as? String == "passed")
        #expect(who["attempts"] as? Int == 2)
        #expect(who["wrongChoices"] as? [String] == ["admins"])

        // Second run: the lesson goes on at the next step, the world rebuilt.
        let (second, stdin2, out2) = try launch(home: home, lessons: lessons)
        stdin2.write(Data("lessons\nstart trip\nquit\n".utf8))
        try stdin2.close()
        let text = String(decoding: out2.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()
        #expect(text.contains("1 trip  a question, a prediction and a recap  [1/2]"), "\(text)")
        #expect(text.contains("Type `start trip` to go on where you left off"))
        #expect(text.contains("(resuming: earlier tasks are in place as their reference solutions left them)"))
        #expect(text.contains("[predict 2/2] Today, can Dana describe EC2 instances?"))
    }

    func step(_ record: [String: Any]) -> Bool { record["result"] as? String == "passed" }

    @Test func aCorruptProgressFileIsMovedAsideNotLost() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-corrupt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: home + "/progress.json"))
        let (process, stdin, out) = try launch(home: home)
        stdin.write(Data("quit\n".utf8))
        try stdin.close()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("note: the progress file could not be read; it was moved aside to"))
        let names = try FileManager.default.contentsOfDirectory(atPath: home)
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
    }
}
