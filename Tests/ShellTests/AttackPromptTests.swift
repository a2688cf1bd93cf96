import Shell
import Testing
import Tutor
import World

/// The attacks at the prompt: shown after a task, opened with `why N`; progress stays honest.
@Suite("attacks at the prompt")
struct AttackPromptTests {
    static let lesson = try! LessonLoader.load(
        yaml: """
            id: fixture
            title: Fixture
            summary: two tasks
            minutes: 5
            world:
              - aws iam create-user --user-name u
              - aws s3 mb s3://b
            steps:
              - id: read
                task: let u read objects in b
                goal:
                  - can: {as: user/u, do: "s3:GetObject", on: "arn:aws:s3:::b/k"}
                hints: [h]
                solution:
                  - >-
                    aws iam put-user-policy --user-name u --policy-name R --policy-document
                    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'
              - id: write
                task: let u write objects in b too
                goal:
                  - can: {as: user/u, do: "s3:PutObject", on: "arn:aws:s3:::b/k"}
                hints: [h]
                solution:
                  - >-
                    aws iam put-user-policy --user-name u --policy-name W --policy-document
                    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}'
              - id: done
                recap: r
            """, file: "fixture.yaml")

    func repl() -> REPL {
        var r = REPL(world: .sandbox(), style: Style(color: false, plain: true), lessons: LessonCatalog(lessons: [Self.lesson]), store: MemoryProgressStore())
        _ = r.execute("start fixture")
        return r
    }

    static let admin = "aws iam attach-user-policy --user-name u --policy-arn arn:aws:iam::aws:policy/AdministratorAccess"
    static let read =
        #"aws iam put-user-policy --user-name u --policy-name R --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'"#

    @Test("administrator meets the goal but is refused, with the attack named; `why 1` opens it")
    func administratorRefused() {
        var r = repl()
        let out = r.execute(Self.admin)
        #expect(out.contains("does not stand up to attack"))
        #expect(out.contains("iam:CreateUser") || out.contains("iam:"))
        #expect(!out.contains("Task done"))
        let why = r.execute("why 1")
        #expect(why.hasPrefix("Attack 1: user/u"))
        #expect(why.contains("AdministratorAccess"))
        #expect(r.execute("why 9999").contains("Usage: why N"))
    }

    @Test("`check` is not an attempt; a passed task cannot be undone from the next one")
    func honestProgress() {
        var r = repl()
        _ = r.execute("check")
        _ = r.execute("hint")
        #expect(r.progress.lessons["fixture"]?.steps["read"]?.attempts ?? 0 == 0)
        let done = r.execute(Self.read)
        #expect(done.contains("Task done"))
        #expect(done.contains("Grade: best"))
        // The next task: undo must not take the finished task's policy away.
        #expect(r.execute("undo") == "Nothing to undo.")
        _ = r.execute("aws iam list-users")
        #expect(r.progress.lessons["fixture"]?.steps["write"]?.result == nil)
        #expect(r.execute("check").contains("PutObject"))
    }

    @Test("`why` after an expired session explains the expiry, not an older decision")
    func whyAfterExpiry() {
        var r = REPL(world: .sandbox(), style: Style(color: false, plain: true))
        _ = r.execute(
            #"aws iam create-role --role-name R --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole"}]}'"#
        )
        _ = r.execute("aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name s1 --profile dana")
        _ = r.execute("clock +2h")
        #expect(r.execute("aws sts get-caller-identity").contains("ExpiredToken"))
        #expect(r.execute("why").contains("have expired"))
    }
}

/// Progress tells the truth: skips are not passes, only tries unlock a solution, `why` gives no
/// prediction away.
@Suite("honest progress")
struct HonestProgressTests {
    static let lesson = try! LessonLoader.load(
        yaml: """
            id: honest
            title: Honest
            summary: a prediction and a task
            minutes: 5
            solution_after: 2
            world:
              - aws iam create-user --user-name u
            steps:
              - id: guess
                predict: Can u list users?
                check: {as: user/u, do: "iam:ListUsers", on: "*"}
                explain: Nothing allows it.
                hints: [h]
              - id: grant
                task: let u list users
                goal:
                  - can: {as: user/u, do: "iam:ListUsers", on: "arn:aws:iam::111122223333:user/"}
                needs: ["iam:ListUsers"]
                hints: [one, two]
                solution:
                  - >-
                    aws iam put-user-policy --user-name u --policy-name L --policy-document
                    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}'
              - id: done
                recap: r
            """, file: "honest.yaml")

    func repl() -> REPL {
        var r = REPL(world: .sandbox(), style: Style(color: false, plain: true), lessons: LessonCatalog(lessons: [Self.lesson]), store: MemoryProgressStore())
        _ = r.execute("start honest")
        return r
    }

    @Test("`why` before a prediction is answered gives nothing away")
    func whyBeforePredicting() {
        var r = repl()
        #expect(r.execute("why").hasPrefix("Predict first"))
        #expect(r.execute("denied").contains("You predicted it"))
    }

    @Test("hints do not unlock the solution; tries do")
    func hintsDoNotUnlock() {
        var r = repl()
        _ = r.execute("denied")
        _ = r.execute("hint")
        _ = r.execute("hint")
        _ = r.execute("check")
        #expect(r.execute("solution").contains("Try 2 more time(s)"))
        _ = r.execute("aws iam list-users --profile root")
        _ = r.execute("aws iam get-user --user-name u")
        #expect(r.execute("solution").contains("One solution"))
    }

    @Test("a lesson finished by skipping shows its skips in the menu, never a plain done")
    func skipsAreNotPasses() {
        var r = repl()
        _ = r.execute("skip")
        _ = r.execute("skip")
        #expect(r.progress.mark(lesson: "honest", interactive: 2) == "finished, 2 skipped")
        #expect(r.execute("lessons").contains("finished, 2 skipped"))
    }
}

/// `graph` shows the conditions a trust puts on each principal, and the sessions still open.
@Suite("graph: trust conditions and open sessions")
struct GraphTrustTests {
    @Test("a role trusting dana with MFA until tonight, and an open session with its end")
    func conditionsAndSessions() {
        var r = REPL(world: .sandbox(), style: Style(color: false))
        _ = r.execute(
            #"aws iam create-role --role-name R --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"DateLessThan":{"aws:CurrentTime":"2026-01-01T20:00:00Z"}}},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/omar"},"Action":"sts:AssumeRole"}]}'"#
        )
        _ = r.execute("aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name s1 --profile omar")
        let graph = r.execute("graph")
        #expect(graph.contains("assumable by user dana (with MFA, until 2026-01-01T20:00:00Z), user omar"), "\(graph)")
        #expect(graph.contains("open sessions: s1 (until 2026-01-01T10:00:00Z)"))
        _ = r.execute("clock +2h")
        #expect(!r.execute("graph").contains("open sessions"), "an expired session is not open")
        // Said as sentences under --plain (for screen readers).
        var plain = r
        plain.style = Style(color: false, plain: true)
        #expect(plain.execute("graph").contains("may be assumed by user dana (with MFA, until 2026-01-01T20:00:00Z), user omar"))
    }
}
