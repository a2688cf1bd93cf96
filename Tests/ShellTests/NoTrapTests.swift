import Foundation
import Shell
import TestSupport
import Testing
import Tutor
import World

/// Inputs that used to reach overflowing arithmetic and kill the tutor (SIGILL): typed at the
/// prompt, or read from a progress or results file.
@Suite("no input can trap", .serialized)
struct NoTrapTests {
    static let crashers = [
        "clock set 99999999999999999999",
        "clock set 9223372036854775000",
        "clock +1d",
        "aws cloudtrail lookup-events --start-time 99999999999999999999",
        "aws cloudtrail lookup-events --end-time 99999999999999999999",
        "start -9223372036854775808",
        "start 9223372036854775807",
        "clock set 9999-12-31T23:00:00Z",
        "clock +1d",
        "clock +99999999999999999999s",
        "as dana",
        "aws sts get-session-token",
        "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/X --role-session-name s1 --duration-seconds 9223372036854775807",
    ]

    @Test("each input that used to trap is refused with a message, in process")
    func inProcess() {
        var repl = REPL(world: .sandbox(), lessons: LessonCatalog.scan(folder: LessonWalk.folder), store: MemoryProgressStore())
        let replies = Self.crashers.map { repl.execute($0) }
        #expect(
            replies[0]
                == "99999999999999999999 is outside the simulated clock's range, 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z. Try clock set 2026-01-02T09:00:00Z."
        )
        #expect(replies[1].hasPrefix("9223372036854775000 is outside the simulated clock's range"))
        #expect(replies[2] == "It is now 2026-01-02T09:00:00Z (1d later).")
        #expect(replies[3].contains("Invalid type for parameter StartTime, value: 99999999999999999999"))
        #expect(replies[4].contains("Invalid type for parameter EndTime, value: 99999999999999999999"))
        #expect(replies[5].hasPrefix("No lesson -9223372036854775808."))
        #expect(replies[6].hasPrefix("No lesson 9223372036854775807."))
        #expect(replies[7] == "It is now 9999-12-31T23:00:00Z.")
        #expect(replies[8].hasPrefix("That would take the clock past 9999-12-31T23:59:59Z, the end of its range"))
        #expect(replies[9].hasPrefix("Usage: clock +DURATION"))
        #expect(replies[11].contains("\"Expiration\": \"9999-12-31T23:59:59Z\""))
        #expect(replies[12].contains("Member must have value less than or equal to 43200"))
    }

    @Test("the same lines through the built binary: it answers every one and leaves normally")
    func throughTheBinary() throws {
        let (status, text) = try Binary.run(["sandbox"], home: Binary.temporaryHome("notrap"), input: Self.crashers.joined(separator: "\n") + "\nquit\n")
        #expect(status == 0, "\(text)")
        #expect(text.hasSuffix("Bye.\n"))
    }

    /// A well-formed progress file whose counters are out of range: huge time, negative attempts.
    static let hostileProgress = #"""
        {"version": 1, "seed": 0, "currentLesson": "plumber", "lessons": {"plumber": {"current": "who", "finished": false, "steps": {
          "who": {"attempts": -7, "hintsUsed": 9223372036854775807, "seconds": 9223372036854775807, "sawSolution": false, "wrongChoices": []}}}}}
        """#

    @Test("counters out of range in progress.json are brought into range on load, naming the field")
    func hostileProgressFile() throws {
        let (progress, notes) = try LearnerProgress.decode(Data(Self.hostileProgress.utf8)).validated()
        let who = try #require(progress.lessons["plumber"]?.steps["who"])
        #expect(who.attempts == 0)
        #expect(who.seconds == LearnerProgress.Limits.seconds.upperBound)
        #expect(who.hintsUsed == LearnerProgress.Limits.hints.upperBound)
        #expect(
            notes.map(\.description).contains("progress.json: lessons.plumber.steps.who.seconds was 9223372036854775807, outside 0…31536000; kept as 31536000"))
        #expect(notes.map(\.description).contains("progress.json: lessons.plumber.steps.who.attempts was -7, outside 0…1000000; kept as 0"))

        // Through the binary: the menu, a hint, answers and time all add to those counters.
        let home = Binary.temporaryHome("hostile")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try Data(Self.hostileProgress.utf8).write(to: URL(fileURLWithPath: home + "/progress.json"))
        let (status, text) = try Binary.run([], home: home, input: "lessons\nstart plumber\nhint\nb\nc\nexport \(home)/ada.json --force\nAda\nquit\n")
        #expect(status == 0, "\(text)")
        #expect(text.contains("note: progress.json: lessons.plumber.steps.who.seconds was 9223372036854775807"))
        #expect(text.hasSuffix("Bye.\n"))
    }

    @Test("a results file with counters out of range (checksum recomputed) is left out of the report, naming the field")
    func hostileResultsFile() throws {
        let work = Binary.temporaryHome("hostile-report")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let home = work + "/home"
        _ = try Binary.run([], home: home, input: "start plumber\nc\nquit\n")
        let (exported, exportText) = try Binary.run(["export", "--name", "Eve", "--out", work + "/eve.json"], home: home)
        #expect(exported == 0, "\(exportText)")
        var results = try JSONDecoder().decode(LearnerResults.self, from: Data(contentsOf: URL(fileURLWithPath: work + "/eve.json")))
        results.lessons[0].steps[0].seconds = Int.max
        results.lessons[1].steps[0].seconds = Int.max
        results.lessons[1].steps[1].attempts = -3
        results.checksum = results.computedChecksum
        try results.encoded().write(to: URL(fileURLWithPath: work + "/eve.json"))
        let (status, text) = try Binary.run(["report", work + "/eve.json"], home: home)
        #expect(status == 0, "\(text)")
        #expect(text.contains("Left out of the figures:"))
        #expect(text.contains("eve.json: \(results.lessons[0].id).\(results.lessons[0].steps[0].id).seconds is 9223372036854775807, outside 0…31536000"))
    }
}
