import Shell
import Testing
import Tutor
import World

/// The prompt survives anything typed at it: random words, broken quoting, half commands, every
/// command with odd arguments, in the sandbox and inside a lesson.
@Suite("the prompt survives anything")
struct RobustnessTests {
    /// The world's seeded generator, drawn from for test data.
    struct Rng {
        var generator: IDGenerator
        init(state: UInt64) { generator = IDGenerator(seed: state) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func pick<T>(_ list: [T]) -> T { list[Int(next() % UInt64(list.count))] }
    }

    static let words = [
        "aws", "iam", "sts", "s3", "s3api", "ec2", "lambda", "dynamodb", "cloudtrail", "configure", "create-user", "create-role",
        "assume-role", "put-user-policy", "run-instances", "lookup-events", "cp", "ls", "mb", "--user-name", "--role-name", "--profile",
        "--policy-document", "--role-arn", "--query", "--output", "text", "json", "dana", "root", "'{", "}'", "\"", "'", "{", "}", "[", "]",
        "arn:aws:iam::111122223333:role/X", "s3://team-reports/x", "file://nope", "--", "-", "", "ü", "🙂", "help", "why", "show", "graph",
        "undo", "reset", "y", "n", "clock", "+2h", "set", "as", "start", "plumber", "hint", "check", "solution", "skip", "back", "next",
        "recap", "export", "lessons", "sandbox", "a", "b", "c", "allowed", "denied", "Users[0]", "length(Users)", "--duration-seconds", "99999999999999999999",
    ]

    @Test("random input in the sandbox and in lessons never crashes and never loses the prompt", arguments: 0..<12)
    func randomInput(seed: Int) {
        var rng = Rng(state: UInt64(seed) &* 104_729 &+ 1)
        var lines: [String] = seed % 2 == 0 ? ["start plumber"] : []
        for _ in 0..<150 {
            let n = Int(rng.next() % 8)
            lines.append((0..<n).map { _ in rng.pick(Self.words) }.joined(separator: " "))
        }
        lines.append("quit")
        let catalog = LessonCatalog.scan(folder: LessonWalk.folder)
        var repl = REPL(world: .sandbox(), lessons: catalog, store: MemoryProgressStore())
        var input = ScriptInput(lines: lines)
        var out = ""
        let status = repl.run(input: &input, output: { out += $0 + "\n" })
        #expect(status == 0)
        #expect(out.contains("iam"))
    }
}
