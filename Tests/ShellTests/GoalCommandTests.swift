import Shell
import TestSupport
import Testing
import Tutor
import World

/// `goal` draws the shape the open task asks for, and each change in a task shows what changed
/// against it — met, missing, extra, gone — and nothing when nothing did.
@Suite("the goal's shape at the prompt")
struct GoalCommandTests {
    func repl(plain: Bool = false) throws -> REPL {
        let lesson = try LessonLoader.load(yaml: FixtureLessons.shape, file: "shape.yaml")
        var r = REPL(world: .sandbox(), style: Style(color: false, plain: plain), lessons: LessonCatalog(lessons: [lesson]), store: MemoryProgressStore())
        _ = r.execute("start shape")
        return r
    }

    static let trust =
        #"aws iam create-role --role-name ProjectEC2 --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/dana","999988887777"]},"Action":"sts:AssumeRole"}]}'"#
    static let fixed =
        #"aws iam update-assume-role-policy --role-name ProjectEC2 --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}'"#

    @Test("goal draws who may assume the role, with which conditions, who may not, and what it may do")
    func drawing() throws {
        var r = try repl()
        #expect(
            r.execute("goal") == """
                the shape task make-role asks for
                  role ProjectEC2
                      assumable by user dana (with MFA)
                      not by user eve
                      by nobody else
                      may do ec2:RunInstances on *
                  user dana
                      may not do ec2:RunInstances on *
                your world against it
                  ✗ missing: user dana → role ProjectEC2 (with MFA)
                  ✓ user eve → role ProjectEC2 refused, as asked
                  ✗ missing: role ProjectEC2 may do ec2:RunInstances on *
                  ✓ user dana may not do ec2:RunInstances on *
                """)
        #expect(r.execute("help").contains("goal"))
        #expect(r.execute("help goal").contains("who must not, what each may do"))
        #expect(Completion.candidates(line: "", word: "go", world: r.world) == ["goal"])
        #expect(Completion.candidates(line: "help ", word: "go", world: r.world) == ["goal"])
    }

    @Test("after each change, only what changed: an extra account and a trust without MFA, then MFA asked and the account gone")
    func changes() throws {
        var r = try repl()
        let first = r.execute(Self.trust)
        #expect(first.hasSuffix("goal: ✗ extra: user dana → role ProjectEC2 without MFA too\n      ✗ extra: account 999988887777 → role ProjectEC2"))
        // A command that changes nothing says nothing more.
        #expect(!r.execute("aws iam list-roles").contains("goal:"))
        let second = r.execute(Self.fixed)
        #expect(
            second
                == "goal: ✓ user dana → role ProjectEC2 (with MFA)\n      ✓ gone: account 999988887777 → role ProjectEC2"
        )
        let done = r.execute("aws iam attach-role-policy --role-name ProjectEC2 --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess")
        #expect(done.contains("Task done") && !done.contains("goal:"))
        // The next task has its own shape: a service, and an instance that carries the role.
        let next = r.execute("goal")
        #expect(next.contains("  role AppRole\n      assumable by service ec2.amazonaws.com\n      by nobody else"))
        #expect(next.contains("✗ missing: a running EC2 instance → role AppRole"))
        let lambda =
            #"aws iam create-role --role-name AppRole --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#
        #expect(r.execute(lambda).hasSuffix("goal: ✗ extra: service lambda.amazonaws.com → role AppRole"))
    }

    @Test("plain words instead of marks; nothing drawn outside a task, and nothing said in an exam")
    func plainAndQuiet() throws {
        var r = try repl(plain: true)
        #expect(r.execute(Self.trust).contains("goal: NOT ASKED FOR: user dana -> role ProjectEC2 without MFA too"))
        var sandbox = REPL(world: .sandbox(), style: Style(color: false), lessons: LessonCatalog(lessons: []), store: nil)
        #expect(sandbox.execute("goal").hasPrefix("No lesson is open."))

        let lesson = try LessonLoader.load(yaml: FixtureLessons.shape, file: "shape.yaml")
        var exam = REPL(world: .sandbox(), style: Style(color: false), lessons: LessonCatalog(lessons: [lesson]), store: MemoryProgressStore())
        var switches = PackInfo.Switches()
        switches.exam = true
        exam.pack.switches["shape"] = switches
        _ = exam.execute("start shape")
        #expect(!exam.execute(Self.trust).contains("goal:"))
        #expect(!exam.execute("goal").contains("your world against it"))
    }
}
