import ArgumentParser
import FoundationEssentials
import Shell
import World

/// `iam-tutor` / `iam-tutor sandbox`: the prompt, in a free world with a few people in it.
struct Sandbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the prompt in a sandbox world: one account, a few people, no lesson."
    )

    @OptionGroup var options: TutorOptions

    func run() throws {
        try Self.openPrompt(options: options.settings)
    }

    static func openPrompt(options: TutorSettings) throws {
        var repl = REPL(world: .sandbox(), style: options.style, environment: options.environment)
        let status: Int32
        if TutorSettings.isInteractive {
            let folder = options.dataFolder
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let snapshot = WorldBox(repl.world)
            var input = EditLineInput(historyPath: folder.appendingPathComponent("history").path) { line, word in
                Completion.candidates(line: line, word: word, world: snapshot.world)
            }
            status = repl.run(input: &input, output: { print($0) }, afterEach: { snapshot.world = $0 })
        } else {
            var input = PipedInput()
            status = repl.run(input: &input) { print($0) }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// The world as completion sees it, updated after each command.
final class WorldBox: @unchecked Sendable {
    var world: World
    init(_ world: World) { self.world = world }
}
