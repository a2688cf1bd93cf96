import Foundation
import Shell
import TestSupport
import Testing
import Tutor
import World

#if canImport(Glibc)
    import Glibc
#endif

/// Nothing a learner answered is lost silently: a progress file that cannot be read is never
/// saved over, a failed save is said right after the command and tried again, a second tutor on
/// the same folder does not erase the first one's answers, and no written file is replaced
/// without --force.
@Suite("a learner's work is never lost silently", .serialized)
struct ProgressSafetyTests {
    static let catalog = LessonCatalog.scan(folder: LessonWalk.folder)

    /// A fresh data folder holding a learner whose seed keeps choices in the order written.
    static func home(_ label: String, progress: String? = #"{"version": 1, "lessons": {}, "seed": 0}"#) throws -> String {
        let home = Binary.temporaryHome(label)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        if let progress { try Data(progress.utf8).write(to: URL(fileURLWithPath: home + "/progress.json")) }
        return home
    }

    static func repl(_ store: FileProgressStore) -> REPL {
        REPL(world: .sandbox(), lessons: catalog, store: store)
    }

    static func savedStep(_ home: String, _ lesson: String, _ step: String) -> StepRecord? {
        FileManager.default.contents(atPath: home + "/progress.json").flatMap { try? LearnerProgress.decode($0) }?.lessons[lesson]?.steps[step]
    }

    /// Runs the binary (as `user` when given, through setpriv), killed after ten seconds so that
    /// a hang fails the test instead of stopping the run.
    static func run(_ arguments: [String], home: String, input: String, user: UInt32? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", Binary.url.path] + arguments
        } else {
            process.executableURL = Binary.url
            process.arguments = arguments
        }
        process.currentDirectoryURL = Binary.packageRoot
        var env = ProcessInfo.processInfo.environment
        env["IAM_TUTOR_HOME"] = home
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        let watchdog = DispatchWorkItem { kill(process.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 10, execute: watchdog)
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        watchdog.cancel()
        #expect(process.terminationReason == .exit, "killed after ten seconds: it hung\n\(text)")
        return (process.terminationStatus, text)
    }

    @Test("a FIFO in place of progress.json: start-up does not hang, nothing is saved over it, export refuses")
    func fifoInPlaceOfTheFile() throws {
        let home = try Self.home("fifo", progress: nil)
        #expect(mkfifo(home + "/progress.json", 0o600) == 0)
        let (status, text) = try Self.run([], home: home, input: "start plumber\nc\nexport\nAda\nquit\n")
        #expect(status == 0)
        #expect(text.contains("error: your progress in \(home)/progress.json cannot be read: it is not a regular file (a FIFO)."))
        #expect(
            text.contains("error: not saved: \(home)/progress.json exists but cannot be read (it is not a regular file (a FIFO)), and saving would erase it."))
        #expect(text.contains("Not exported: your saved progress could not be read, so the results would be empty."))
        var info = stat()
        #expect(lstat(home + "/progress.json", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO is still there")
    }

    @Test("a progress.json the learner may not read (left by `sudo iam-tutor`) is never overwritten; every save says so")
    func unreadableAfterSudo() throws {
        let home = try Self.home("sudo", progress: #"{"version": 1, "lessons": {"basics": {"finished": true, "steps": {}}}, "seed": 0}"#)
        chmod(home + "/progress.json", 0o000)
        // Run as an ordinary user: root reads any file. The folder is theirs; the file is root's.
        let nobody: UInt32 = 65534
        chown(home, nobody, nobody)
        let asUser: UInt32? = getuid() == 0 ? nobody : nil
        let (status, text) = try Self.run([], home: home, input: "start plumber\nb\nc\nquit\n", user: asUser)
        #expect(status == 0)
        #expect(text.contains("cannot be read: Permission denied."))
        let refusals = text.components(separatedBy: "error: not saved: \(home)/progress.json exists but cannot be read (Permission denied)").count - 1
        #expect(refusals >= 3, "said after each answer:\n\(text)")
        chmod(home + "/progress.json", 0o600)
        let kept = try LearnerProgress.decode(Data(contentsOf: URL(fileURLWithPath: home + "/progress.json")))
        #expect(kept.lessons["basics"]?.finished == true, "the unreadable file is as it was")
    }

    @Test("a folder the learner may not write: the failure is said in red right after the answer, naming the file and the error")
    func readOnlyFolder() throws {
        try #require(getuid() == 0, "needs to run the tutor as another user")
        let home = try Self.home("readonly")
        chmod(home + "/progress.json", 0o644)
        chmod(home, 0o755)
        let (status, text) = try Self.run([], home: home, input: "start plumber\nc\nquit\n", user: 65534)
        #expect(status == 0)
        let answered = try #require(text.range(of: "iam:plumber(root)> c\n"))
        let after = text[answered.upperBound...]
        #expect(after.contains("error: could not save your progress to \(home)/progress.json: Permission denied. Your answers are kept in memory"))
        #expect(after.range(of: "could not save")!.lowerBound < after.range(of: "iam:plumber(root)> quit")!.lowerBound, "said before the next prompt")
    }

    @Test("a save that fails mid-session is said after the command, the answers are kept and saved at the next answer")
    func failedSaveIsRetried() throws {
        let home = try Self.home("full")
        var repl = Self.repl(FileProgressStore(folder: home))
        _ = repl.execute("start plumber")
        // The temporary file's name taken by a folder: the next write fails.
        let blocker = home + "/progress.json.tmp-\(getpid())"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        let failed = repl.execute("b")
        #expect(failed.contains("Not quite"))
        #expect(
            failed.hasSuffix(
                "error: could not save your progress to \(home)/progress.json: Is a directory. Your answers are kept in memory and saved again after your next answer; free some space or make the folder writable (or restart with --home DIR)."
            ))
        #expect(Self.savedStep(home, "plumber", "who")?.attempts ?? 0 == 0, "nothing written yet")
        try FileManager.default.removeItem(atPath: blocker)
        let saved = repl.execute("c")
        #expect(saved.contains("note: your progress is saved again"))
        let who = try #require(Self.savedStep(home, "plumber", "who"))
        #expect(who.attempts == 2 && who.result == .passed && who.wrongChoices == ["admins"], "the failed save's answer is on disk too")
    }

    @Test("a second tutor on the same folder neither saves over the first nor loses its own answers")
    func twoTutorsOneFolder() throws {
        let home = try Self.home("two")
        var second: REPL
        do {
            var first = Self.repl(FileProgressStore(folder: home))
            _ = first.execute("start plumber")
            second = Self.repl(FileProgressStore(folder: home))
            #expect(second.welcome.contains("another iam-tutor (process \(getpid())) is using \(home): this one does not save"))
            _ = second.execute("start basics")
            let refused = second.execute("denied")
            #expect(refused.contains("error: another iam-tutor (process \(getpid())) is using \(home)"))
            _ = first.execute("c")
            #expect(Self.savedStep(home, "plumber", "who")?.result == .passed)
            #expect(Self.savedStep(home, "basics", "predict") == nil)
        }
        // The first has quit: the second takes the folder at its next answer and merges.
        let merged = second.execute("c")
        #expect(merged.contains("had changed since it was read (another tutor saved there): its answers and yours were merged"))
        #expect(Self.savedStep(home, "plumber", "who")?.result == .passed, "the first tutor's answer is kept")
        let basics = try #require(FileManager.default.contents(atPath: home + "/progress.json").flatMap { try? LearnerProgress.decode($0) }?.lessons["basics"])
        #expect(basics.steps.values.contains { $0.result == .passed }, "the second tutor's answers are saved")
    }

    @Test("answers merged in from another tutor's save stay merged at the next save of the open lesson")
    func mergedAnswersOfTheOpenLessonStay() throws {
        let home = try Self.home("merged-open")
        var repl = REPL(world: .sandbox(), lessons: FixtureLessons.catalog, store: FileProgressStore(folder: home))
        _ = repl.execute("start trip")
        _ = repl.execute("a")
        // An older tutor, which takes no lock, saves an answer to another step of the same lesson.
        let path = home + "/progress.json"
        var theirs = try LearnerProgress.decode(try #require(FileManager.default.contents(atPath: path)))
        var predict = StepRecord()
        predict.result = .passed
        predict.attempts = 1
        theirs.lessons["trip"]?.steps["predict"] = predict
        try theirs.encoded().write(to: URL(fileURLWithPath: path))
        let merged = repl.execute("c")
        #expect(merged.contains("its answers and yours were merged"))
        #expect(Self.savedStep(home, "trip", "predict")?.result == .passed)
        // The next save of the open lesson keeps what was merged: the lesson's record has one
        // owner, the learner's progress, which the merge updated.
        _ = repl.execute("sandbox")
        #expect(Self.savedStep(home, "trip", "predict")?.result == .passed, "the other tutor's answer is still saved")
        #expect(Self.savedStep(home, "trip", "who")?.result == .passed)
        #expect(repl.progress.lessons["trip"]?.steps["predict"]?.result == .passed)
    }

    @Test("two damaged files in the same second get two backups; stale temporary files are removed")
    func backupsAndTemporaryFiles() throws {
        let home = try Self.home("backups", progress: "{ not json")
        try Data("left by a crash".utf8).write(to: URL(fileURLWithPath: home + "/progress.json.tmp-99999"))
        let first = FileProgressStore(folder: home).load()
        try Data("{ also not json".utf8).write(to: URL(fileURLWithPath: home + "/progress.json"))
        let second = FileProgressStore(folder: home).load()
        let asides = (first.notes + second.notes).compactMap { note -> String? in if case .corrupt(let aside, _) = note { aside } else { nil } }
        #expect(asides.count == 2)
        #expect(Set(asides).count == 2, "two backup names: \(asides)")
        let contents = Set(asides.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) })
        #expect(contents == ["{ not json", "{ also not json"])
        #expect(!FileManager.default.fileExists(atPath: home + "/progress.json.tmp-99999"))
    }

    @Test("recap, graph and export never replace a file without --force")
    func noOverwriteWithoutForce() throws {
        final class Disk: @unchecked Sendable { var files: [String: String] = ["taken.md": "mine", "taken.dot": "mine", "taken.json": "mine"] }
        let disk = Disk()
        let env = ShellEnvironment(
            writeFile: {
                disk.files[$0] = $1; return true
            }, fileExists: { disk.files[$0] != nil })
        var repl = REPL(world: .sandbox(), environment: env, lessons: Self.catalog, store: MemoryProgressStore())
        _ = repl.execute("start plumber")
        #expect(repl.execute("recap taken.md") == "taken.md exists already; not overwritten. Add --force to replace it, or name another file.")
        #expect(repl.execute("graph --dot taken.dot") == "taken.dot exists already; not overwritten. Add --force to replace it, or name another file.")
        #expect(repl.execute("export taken.json").hasPrefix("taken.json exists already; not overwritten."))
        #expect(disk.files["taken.md"] == "mine" && disk.files["taken.dot"] == "mine" && disk.files["taken.json"] == "mine")
        #expect(repl.execute("recap taken.md --force") == "Wrote taken.md.")
        #expect(repl.execute("graph --force --dot taken.dot") == "Wrote taken.dot.")
        #expect(disk.files["taken.md"] != "mine" && disk.files["taken.dot"] != "mine")

        // `iam-tutor export --out FILE` alike.
        let home = try Self.home("export")
        let out = home + "/results.json"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: out))
        let (refused, text) = try Binary.run(["export", "--name", "Ada", "--out", out], home: home)
        #expect(refused == 73)
        #expect(text.contains("\(out) exists already; not overwritten. Add --force to replace it"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "mine")
        let (forced, _) = try Binary.run(["export", "--name", "Ada", "--out", out, "--force"], home: home)
        #expect(forced == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) != "mine")
    }
}
