import ArgumentParser
import ClassLink
import FoundationEssentials
import Shell
import Tutor
import World

/// `iam-tutor` / `iam-tutor sandbox`: the prompt, in a free world with a few people in it.
struct Sandbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the prompt in the sandbox world (one account, a few people) instead of the lesson menu."
    )

    @OptionGroup var options: TutorOptions

    func run() throws {
        try Self.openPrompt(options: options.settings, sandboxFirst: true)
    }

    static func openPrompt(options: TutorSettings, sandboxFirst: Bool = false) throws {
        let folder = options.dataFolder
        var lessons = LessonCatalog(entries: [])
        var pack = PackInfo()
        var folderOfLessons: String?
        if let dir = options.lessons ?? LessonPack.defaultFolder(executable: CommandLine.arguments[0]) {
            folderOfLessons = dir
            pack = PackInfo.quick(folder: dir)
            lessons = LessonCatalog.scan(folder: dir).ordered(pack.order)
            for problem in lessons.problems { printError("iam-tutor: \(problem)") }
            if options.lessons != nil && lessons.isEmpty && lessons.problems.isEmpty {
                printError("iam-tutor: no lessons in \(dir)")
            }
        }
        let fileStore = FileProgressStore(folder: folder.path)
        // In a workshop (`--class URL`, or joined before): every save is also sent, off the prompt's thread.
        let classSender = try ClassJoin.sender(settings: options, folder: folder.path, lessons: folderOfLessons)
        let store: any ProgressStore = classSender.map { ClassProgressStore(fileStore, sender: $0) } ?? fileStore
        var repl = REPL(world: .sandbox(), style: options.style, environment: options.environment, lessons: lessons, store: store)
        if let name = options.name { repl.setLearnerName(name) }
        repl.sandboxFirst = sandboxFirst
        repl.presenter = options.present
        repl.pack = pack
        if let dir = folderOfLessons {
            repl.loadFullPack = {
                do {
                    return try PackInfo.load(folder: dir)
                } catch {
                    printError("iam-tutor: \(error)")
                    return nil
                }
            }
        }
        repl.ensureLearnerID { classSender?.learnerID ?? newLearnerID() }
        repl.ensureSeed { options.seed ?? UInt64.random(in: 1...UInt64.max) }
        if let asked = options.seed, let kept = repl.progress.seed, kept != asked | 1 {
            printError("iam-tutor: note: this data folder keeps the seed it was given first; --seed \(asked) applies to a fresh one (--home DIR)")
        }
        repl.measureWidth = { TutorSettings.width }
        repl.now = { Int(Date().timeIntervalSince1970) }
        let lessonIDs = lessons.ids
        let status: Int32
        if TutorSettings.isInteractive {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let snapshot = WorldBox(repl.world)
            var input = EditLineInput(historyPath: folder.appendingPathComponent("history").path) { line, word in
                Completion.candidates(line: line, word: word, world: snapshot.world, lessonIDs: lessonIDs)
            }
            status = repl.run(input: &input, output: { print($0) }, afterEach: { snapshot.world = $0 })
        } else {
            var input = PipedInput()
            status = repl.run(input: &input) { print($0) }
        }
        // The last answer's record gets a moment to reach the host; what does not stays queued.
        classSender?.finish(within: 2)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `iam-tutor [options]`: the lesson menu (the sandbox until a lesson starts).
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Open the prompt on the lesson menu (the default).",
        shouldDisplay: false
    )

    @OptionGroup var options: TutorOptions

    func run() throws {
        try Sandbox.openPrompt(options: options.settings)
    }
}

/// The world as completion sees it, updated after each command.
final class WorldBox: @unchecked Sendable {
    var world: World
    init(_ world: World) { self.world = world }
}
