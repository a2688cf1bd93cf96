import Foundation
import Shell
import TestSupport
import Testing
import World

/// Golden transcripts: `Transcripts/NAME.in` is typed at the prompt (piped mode), `NAME.out` is
/// what must come out, byte for byte. `RECORD_TRANSCRIPTS=1 swift test` writes the outputs anew.
enum Transcript {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")

    static func input(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("\(name).in"), encoding: .utf8)
    }

    /// Compares with the recorded output, or records it when RECORD_TRANSCRIPTS is set; a
    /// recording fails the run, so it never passes for a check. Each golden file is checked (and
    /// written) by one test only.
    static func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent("\(name).out")
        if ProcessInfo.processInfo.environment["RECORD_TRANSCRIPTS"] != nil {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("re-recorded \(name); run again without RECORD_TRANSCRIPTS", sourceLocation: sourceLocation)
            return
        }
        compare(name, expected: try String(contentsOf: url, encoding: .utf8), actual, sourceLocation: sourceLocation)
    }

    /// Records an issue at the first line where `actual` differs from `expected`.
    static func compare(_ name: String, expected: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard expected != actual else { return }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(e, a).enumerated().first { $1.0 != $1.1 }?.offset ?? min(e.count, a.count)
        Issue.record(
            "transcript \(name) differs at line \(first + 1):\n  expected: \(first < e.count ? String(e[first]) : "<end>")\n  actual:   \(first < a.count ? String(a[first]) : "<end>")\n(RECORD_TRANSCRIPTS=1 re-records)",
            sourceLocation: sourceLocation)
    }

    /// Runs the REPL in process on a script.
    static func run(_ script: String, style: Style = Style(), environment: ShellEnvironment = ShellEnvironment()) -> String {
        var repl = REPL(world: .sandbox(), style: style, environment: environment)
        var input = ScriptInput(script)
        var out = ""
        _ = repl.run(input: &input, output: { out += $0 + "\n" })
        return out
    }
}

@Suite("golden transcripts of the prompt")
struct TranscriptTests {
    @Test("every tutor command and its errors, in process")
    func sandboxInProcess() throws {
        try Transcript.check("sandbox", Transcript.run(try Transcript.input("sandbox")))
    }

    /// Compared with the run in process (whose test owns `sandbox.out`), so that a recording run
    /// writes the golden file from one test only.
    @Test("the same transcript through the built binary, byte for byte")
    func sandboxThroughTheBinary() throws {
        let input = try Transcript.input("sandbox")
        let (status, output) = try Binary.run(
            ["sandbox"], home: Binary.temporaryHome("transcript"), input: input, environment: ["COLUMNS": "100"], errors: false)
        #expect(status == 0)
        Transcript.compare("sandbox (the binary against the prompt in process)", expected: Transcript.run(input), output)
    }

    @Test("plain style: words instead of marks, prose instead of the diagram")
    func plain() throws {
        let out = Transcript.run("as dana\naws ec2 describe-instances\nwhy\ngraph\n", style: Style(plain: true))
        #expect(out.contains("DENIED (implicitDeny)"))
        #expect(!out.contains("✗"))
        #expect(out.contains("User dana is a member of group Developers, has no policies of its own."))
        #expect(!out.contains("\u{1B}["))
    }

    @Test("colour only when asked, and the words are there too")
    func color() {
        let out = Transcript.run("aws iam get-user --user-name nobody\n", style: Style(color: true))
        #expect(out.contains("\u{1B}[31mAn error occurred (NoSuchEntity)"))
    }

    @Test("graph exports DOT and Mermaid files")
    func exports() {
        final class Files: @unchecked Sendable { var written: [String: String] = [:] }
        let files = Files()
        let env = ShellEnvironment(writeFile: { path, text in
            files.written[path] = text
            return true
        })
        let out = Transcript.run("graph --dot world.dot --mermaid world.mmd\n", environment: env)
        #expect(out.contains("Wrote world.dot and world.mmd."))
        #expect(
            files.written["world.dot"]?.contains(#""arn:aws:iam::111122223333:user/dana" -> "arn:aws:iam::111122223333:group/Developers" [label="member of"];"#)
                == true)
        #expect(files.written["world.mmd"]?.hasPrefix("flowchart LR\n") == true)
        #expect(files.written["world.mmd"]?.contains("-- member of -->") == true)
    }

    @Test("an unfinished multi-line command at the end of input is dropped with a word")
    func unfinished() {
        let out = Transcript.run("aws iam create-role --role-name R --assume-role-policy-document '{\n  \"Version\": \"2012-10-17\",\n")
        #expect(out.contains("...> "))
        #expect(out.contains("(the unfinished command was dropped)"))
    }
}

@Suite("TAB completion")
struct CompletionTests {
    let world = World.sandbox()

    @Test func commandsServicesOperationsAndFlags() {
        #expect(Completion.candidates(line: "", word: "w", world: world) == ["whoami", "why"])
        #expect(Completion.candidates(line: "aws ", word: "i", world: world) == ["iam"])
        #expect(Completion.candidates(line: "aws iam ", word: "create-r", world: world) == ["create-role"])
        #expect(Completion.candidates(line: "aws iam create-role ", word: "--ro", world: world) == ["--role-name"])
        #expect(Completion.candidates(line: "aws iam create-role --role-name X ", word: "--", world: world).contains("--assume-role-policy-document"))
        #expect(!Completion.candidates(line: "aws iam create-role --role-name X ", word: "--", world: world).contains("--role-name"))
    }

    @Test func namesInTheWorld() {
        #expect(Completion.candidates(line: "aws iam get-user --user-name ", word: "", world: world) == ["ana", "dana", "omar"])
        #expect(Completion.candidates(line: "aws iam add-user-to-group --group-name ", word: "D", world: world) == ["Developers"])
        #expect(Completion.candidates(line: "as ", word: "d", world: world) == ["dana"])
        #expect(
            Completion.candidates(line: "aws iam attach-user-policy --user-name dana --policy-arn ", word: "arn:aws:iam::aws:policy/AmazonS3R", world: world)
                == ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"])
        #expect(Completion.candidates(line: "aws s3 ls ", word: "s3://t", world: world) == ["s3://team-reports/"])
        #expect(Completion.candidates(line: "show ", word: "r", world: world) == ["resources", "roles"])
    }

    /// The commands people type next complete like the others: operations, their flags (the CLI's
    /// paging flags on paginated ones), the settings of a role profile, and the values they take.
    @Test func theNewCommands() {
        #expect(Completion.candidates(line: "aws ", word: "o", world: world) == ["organizations"])
        #expect(Completion.candidates(line: "aws iam ", word: "simulate-p", world: world) == ["simulate-principal-policy"])
        #expect(Completion.candidates(line: "aws iam ", word: "list-user-t", world: world) == ["list-user-tags"])
        #expect(Completion.candidates(line: "aws configure set ", word: "role_", world: world) == ["role_arn", "role_session_name"])
        #expect(Completion.candidates(line: "aws iam list-users ", word: "--max", world: world) == ["--max-items"])
        #expect(!Completion.candidates(line: "aws iam get-user ", word: "--", world: world).contains("--max-items"))
        #expect(
            Completion.candidates(line: "aws iam simulate-principal-policy --policy-source-arn ", word: "arn:aws:iam::111122223333:user/d", world: world)
                == ["arn:aws:iam::111122223333:user/dana"])
        #expect(Completion.candidates(line: "aws organizations list-policies --filter ", word: "", world: world) == ["SERVICE_CONTROL_POLICY"])
        #expect(Completion.candidates(line: "", word: "organizations:Attach", world: world) == ["organizations:AttachPolicy"])
    }

    @Test func actionNames() {
        #expect(
            Completion.candidates(line: "aws iam put-user-policy --policy-document '{\"Action\":", word: "\"s3:Get", world: world) == [
                "\"s3:GetBucketPolicy", "\"s3:GetObject",
            ])
        #expect(
            Completion.candidates(line: "", word: "sts:Assume", world: world) == ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"])
    }
}
