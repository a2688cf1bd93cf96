import Foundation
import Shell
import TestSupport
import Testing
import Tutor
import World

/// What the tutor records for the class report, as a learner produces it at the prompt: the
/// figures the report's legend defines start here.
@Suite("what the tutor records for the report", .serialized)
struct ReportNumbersTests {
    final class Clock: @unchecked Sendable { var now = 0 }

    static let trustDana =
        #"aws iam create-role --role-name Helper --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole"}]}'"#
    static let trustAccount =
        #"aws iam create-role --role-name Helper --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}'"#
    static let look =
        #"aws iam put-role-policy --role-name Helper --policy-name Look --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}'"#

    func repl(_ store: MemoryProgressStore = MemoryProgressStore(), clock: Clock = Clock(), pack: PackInfo = PackInfo()) -> REPL {
        var repl = REPL(world: .sandbox(), lessons: FixtureLessons.withTask, store: store)
        repl.now = { clock.now }
        repl.pack = pack
        return repl
    }

    @Test("the first step's time runs from when it is shown, not from the first thing typed")
    func firstStepTime() {
        let clock = Clock()
        let store = MemoryProgressStore()
        var repl = repl(store, clock: clock)
        clock.now = 1000
        _ = repl.execute("start trip")
        clock.now = 1030
        _ = repl.execute("c")
        clock.now = 1045
        _ = repl.execute("denied")
        let steps = store.saved?.lessons["trip"]?.steps
        #expect(steps?["who"]?.seconds == 30, "30 s from the question shown to the answer")
        #expect(steps?["who"]?.at == 1030, "when the learner answered, for the statement's timestamp")
        #expect(steps?["predict"]?.seconds == 15)
    }

    @Test("a perfect run of a task of several commands (and reads between) is a first try")
    func multiCommandFirstTry() throws {
        let store = MemoryProgressStore()
        var repl = repl(store)
        _ = repl.execute("start helper")
        for command in [
            "aws iam list-roles", Self.trustDana, "aws iam get-role --role-name Helper", "aws iam list-role-policies --role-name Helper", Self.look,
        ] {
            _ = repl.execute(command)
        }
        let step = try #require(store.saved?.lessons["helper"]?.steps["build"])
        #expect(step.result == .passed)
        #expect(step.attempts == 5, "every aws command counts as an attempt")
        #expect(step.refused == nil && step.rejected == nil)
        let result = LearnerResults(
            learner: "Ada", pack: .init(id: "p", version: "1", hash: ""), lessons: [try FixtureLessons.withTask.lesson("helper")], progress: store.saved!)
        #expect(ClassReport.firstTry(result.lessons[0].steps[0], kind: .task))
    }

    @Test("a design an attack gets into is recorded: refused, the rejected design it matches, the attack")
    func refusedDesign() throws {
        let store = MemoryProgressStore()
        var repl = repl(store)
        _ = repl.execute("start helper")
        _ = repl.execute(Self.trustAccount)
        let out = repl.execute(Self.look)
        #expect(out.contains("does not stand up to attack"))
        var step = try #require(store.saved?.lessons["helper"]?.steps["build"])
        #expect(step.refused == 1)
        #expect(step.rejected == ["trust the whole account"])
        #expect(step.breaches?.contains { $0.contains("omar") && $0.contains("sts:AssumeRole") } == true, "\(step.breaches ?? [])")
        // Fixed: the task passes, but not at the first try.
        _ = repl.execute(
            #"aws iam update-assume-role-policy --role-name Helper --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole"}]}'"#
        )
        step = try #require(store.saved?.lessons["helper"]?.steps["build"])
        #expect(step.result == .passed)
        let result = LearnerResults(
            learner: "Ada", pack: .init(id: "p", version: "1", hash: ""), lessons: [try FixtureLessons.withTask.lesson("helper")], progress: store.saved!)
        #expect(!ClassReport.firstTry(result.lessons[0].steps[0], kind: .task))
    }

    @Test("`check` and `skip` record the goals still failing, once each")
    func failedGoals() throws {
        let store = MemoryProgressStore()
        var repl = repl(store)
        _ = repl.execute("start helper")
        _ = repl.execute("check")
        _ = repl.execute("check")
        let step = try #require(store.saved?.lessons["helper"]?.steps["build"])
        #expect(step.failedGoals == ["user/dana via role/Helper can ec2:DescribeInstances on *"])
    }

    @Test("a lesson begun in practice starts afresh under the exam switch, and is marked as an exam")
    func examApart() throws {
        let store = MemoryProgressStore()
        var practice = repl(store)
        _ = practice.execute("start trip")
        _ = practice.execute("b")
        #expect(store.saved?.lessons["trip"]?.steps["who"]?.wrongChoices == ["admins"])
        #expect(store.saved?.lessons["trip"]?.exam == nil)
        var pack = PackInfo()
        var exam = PackInfo.Switches()
        exam.exam = true
        pack.switches["trip"] = exam
        var repl = repl(store, pack: pack)
        _ = repl.execute("start trip")
        _ = repl.execute("c")
        let record = try #require(store.saved?.lessons["trip"])
        #expect(record.exam == true)
        #expect(record.steps["who"]?.wrongChoices == [], "the practice answer is not carried into the exam")
        #expect(record.steps["who"]?.result == .passed)
    }

    @Test("the learner id is made once, kept when all progress is forgotten, and carried in the export")
    func learnerID() throws {
        let store = MemoryProgressStore()
        var repl = repl(store)
        repl.ensureLearnerID { "first-id" }
        repl.ensureLearnerID { "second-id" }
        #expect(store.saved?.learnerID == "first-id")
        _ = repl.execute("reset all") { _ in "y" }
        #expect(store.saved?.learnerID == "first-id")
        let (results, _) = repl.exportResults(name: "Ada")
        #expect(results?.learnerID == "first-id")
        #expect(results?.isIntact == true)
        // Another tutor's save merged over: the id on disk stays.
        var other = LearnerProgress()
        other.learnerID = "other-id"
        #expect(other.merged(over: store.saved!).learnerID == "first-id")
    }
}
