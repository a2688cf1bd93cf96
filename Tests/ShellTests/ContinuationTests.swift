import Foundation
import Shell
import TestSupport
import Testing
import World

/// The `...>` continuation prompt: it says what is open and how to leave, an empty line drops the
/// command, piped input cannot continue forever, and long pastes stay linear.
@Suite("the continuation prompt")
struct ContinuationTests {
    /// Lines typed at a terminal (no limit on continuation), from a list.
    struct TerminalScript: LineInput {
        var lines: [String]
        var next = 0
        var echoes: Bool { false }
        var isTerminal: Bool { true }
        mutating func read(prompt: String) -> InputEvent {
            guard next < lines.count else { return .end }
            defer { next += 1 }
            return .line(lines[next])
        }
    }

    static func run(_ lines: [String]) -> String {
        var repl = REPL(world: .sandbox())
        var input = ScriptInput(lines: lines)
        var out = ""
        _ = repl.run(input: &input, output: { out += $0 + "\n" })
        return out
    }

    @Test("what is open, and where")
    func openDescription() {
        var open = ShellWords.OpenCommand()
        open.feed("aws iam create-role --role-name R --assume-role-policy-document '{")
        #expect(!open.isComplete)
        #expect(open.openDescription == "a ' quote opened at line 1, column 65 is still open")
        open.feed("}'")
        #expect(open.isComplete && open.openDescription == nil)
        var brace = ShellWords.OpenCommand()
        brace.feed("aws iam put-user-policy --policy-document {")
        brace.feed(#"  "Statement": ["#)
        #expect(brace.openDescription == "a [ opened at line 2, column 16 is still open")
        var slash = ShellWords.OpenCommand()
        slash.feed(#"aws iam list-users \"#)
        #expect(slash.openDescription == "line 1 ends with a backslash, which continues it")
        #expect(ShellWords.isComplete("aws iam create-role '{\n}'"))
        #expect(!ShellWords.isComplete("aws iam create-role '{\n}"))
    }

    @Test("after the first continuation line the prompt says what is open and how to leave; an empty line drops the command")
    func sayWhatIsOpenAndDrop() {
        let out = Self.run([
            "aws iam create-role --role-name R --assume-role-policy-document '{", #"  "Version": "2012-10-17","#, "",
            "aws iam list-roles --query 'length(Roles)'",
        ])
        #expect(
            out.contains(
                """
                ...>   "Version": "2012-10-17",
                (a ' quote opened at line 1, column 65 is still open; an empty line or Ctrl-C drops the command)
                ...> \n(the unfinished command was dropped)
                iam(root)> aws iam list-roles
                """))
        #expect(!out.contains("role/R"), "the dropped command did not run")
        // One line that leaves a quote open says nothing yet: a paste usually closes it.
        #expect(!Self.run(["whoami '", "'"]).contains("still open"))
    }

    @Test("piped input stops continuing after 200 lines with a located error, then goes on")
    func pipedBound() throws {
        let lines =
            ["whoami", "aws iam create-role --role-name R --assume-role-policy-document '{"] + Array(repeating: #"  "Version": "2012-10-17","#, count: 300) + [
                "whoami"
            ]
        let (status, text) = try Binary.run(["sandbox"], home: Binary.temporaryHome("bound"), input: lines.joined(separator: "\n") + "\n")
        #expect(status == 0)
        #expect(
            text.contains(
                "error: input line 201: the command begun at input line 2 is still open after 200 lines (a ' quote opened at line 1, column 65 is still open); it was dropped."
            ))
        #expect(text.hasSuffix("Bye.\n"))
        // A single huge line is cut at 64 KiB.
        let big = Self.run(["whoami '", String(repeating: "x", count: 70_000), "whoami"])
        #expect(big.contains("error: input line 2: the command begun at input line 1 is still open after 70009 bytes"))
    }

    @Test("8,000 continuation lines at a terminal are read in linear time (they took 49 s)")
    func linear() {
        var input = TerminalScript(lines: ["whoami '"] + Array(repeating: "a line of a long paste", count: 8000) + ["'", "quit"])
        var repl = REPL(world: .sandbox())
        var out = ""
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = repl.run(input: &input, output: { out += $0 + "\n" }) }
        #expect(out.contains("profile root, account 111122223333"))
        #expect(elapsed < .seconds(3), "took \(elapsed)")
    }
}
