import Policy
import World

/// What the shell may do outside the world: read files for `file://` and `s3 cp`, write exports.
public struct ShellEnvironment: Sendable {
    public var readFile: FileReader
    public var writeFile: @Sendable (String, String) -> Bool

    public init(readFile: @escaping FileReader = { _ in nil }, writeFile: @escaping @Sendable (String, String) -> Bool = { _, _ in false }) {
        self.readFile = readFile
        self.writeFile = writeFile
    }
}

/// The read-eval-print loop: one command table drives parsing, help and completion.
public struct REPL {
    public private(set) var world: World
    /// The world before each change, for `undo`.
    private var history: [World] = []
    private let initial: World
    public var style: Style
    public let environment: ShellEnvironment
    /// Whether the loop should end.
    private(set) var finished = false

    public init(world: World, style: Style = Style(), environment: ShellEnvironment = ShellEnvironment()) {
        self.world = world
        self.initial = world
        self.style = style
        self.environment = environment
    }

    public var prompt: String {
        "iam(\(world.currentProfile))> "
    }

    public static let continuationPrompt = "...> "

    public static let banner = """
        iam-tutor — learn when to use an IAM user, a group or a role.
        This is the sandbox: account 111122223333 with dana (a developer), ana (an analyst) and omar (ops).
        You are its root user. Type an aws command, `help`, `show users`, `graph`, or `quit`.
        """

    /// Reads and runs commands until the input ends or `quit`. Returns the exit status.
    /// - Parameter afterEach: told the world after every command (completion reads it).
    public mutating func run<Input: LineInput>(input: inout Input, output: (String) -> Void, afterEach: (World) -> Void = { _ in }) -> Int32 {
        output(style.wrap(Self.banner))
        var pending = ""
        while !finished {
            let prompt = pending.isEmpty ? self.prompt : Self.continuationPrompt
            switch input.read(prompt: prompt) {
            case .end:
                if !pending.isEmpty { output(style.yellow("(the unfinished command was dropped)")) }
                output("Bye. Your world is as you left it until you quit the program.")
                return 0
            case .interrupt:
                pending = ""
                continue
            case .line(let line):
                if input.echoes { output(prompt + line) }
                let text = pending.isEmpty ? line : pending + "\n" + line
                if !ShellWords.isComplete(text) {
                    pending = text
                    continue
                }
                pending = ""
                guard !text.trimmed.isEmpty else { continue }
                input.remember(text)
                let result = execute(text) { question in
                    if case .line(let answer) = input.read(prompt: question) {
                        if input.echoes { output(question + answer) }
                        return answer
                    }
                    return nil
                }
                if !result.isEmpty { output(result) }
                afterEach(world)
            }
        }
        return 0
    }

    /// Runs one complete command and returns what it prints.
    /// - Parameter ask: asks the learner a question (for confirmations) and returns the answer.
    public mutating func execute(_ text: String, ask: (String) -> String? = { _ in nil }) -> String {
        let words: [String]
        do {
            words = try ShellWords.split(text)
        } catch {
            return style.red("error: a quote is not closed")
        }
        guard let first = words.first else { return "" }
        if first == "aws" {
            return runAWS(text)
        }
        guard let command = TutorCommand.named(first) else {
            let names = TutorCommand.all.flatMap { [$0.name] + $0.aliases } + ["aws"]
            let hint = Suggestion.closest(to: first, among: names).map { " Did you mean `\($0)`?" } ?? ""
            return style.red("Unknown command `\(first)`.") + hint + " Type `help` for the commands."
        }
        return command.run(&self, Array(words.dropFirst()), ask)
    }

    mutating func runAWS(_ text: String) -> String {
        let before = world
        let outcome = world.run(text, readFile: environment.readFile)
        if outcome.error == nil || world.trail.count != before.trail.count || world.sessions.count != before.sessions.count {
            history.append(before)
        }
        var out: [String] = []
        if !outcome.output.isEmpty { out.append(outcome.output) }
        if let error = outcome.error {
            out.append(style.red(error.description))
            if error.code == "AccessDenied" || error.code == "UnauthorizedOperation" {
                out.append(style.dim("(type `why` to see which policies were checked)"))
            }
        }
        if let notice = world.notice {
            out.append(style.yellow(style.wrap("note: " + notice, indent: "  ")))
            world.notice = nil
        }
        return out.joined(separator: "\n")
    }

    mutating func change(_ body: (inout World) -> Void) {
        history.append(world)
        body(&world)
    }

    mutating func undo() -> String {
        guard let previous = history.popLast() else { return "Nothing to undo." }
        world = previous
        return "Undone: the world is as it was before your last change."
    }

    mutating func reset() {
        history.append(world)
        world = initial
    }

    mutating func finish() { finished = true }
}
