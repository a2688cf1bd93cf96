import Foundation
import TestSupport
import Testing
import Tutor
import XAPI

@Suite("xAPI statements")
struct StatementTests {
    static let lessons = [FixtureLessons.trip, FixtureLessons.helper].map { try! LessonLoader.load(yaml: $0, file: "fixture.yaml") }
    static let pack: PackInfo = {
        var p = PackInfo()
        p.id = "fixture"
        p.version = "2.1.0"
        p.title = "Fixture pack"
        p.hash = "fnv1a64:0123456789abcdef"
        return p
    }()

    static func results(name: String = "Ada", id: String = "0b0e5c1e-0000-4000-8000-000000000001", who: StepStatus = .passed, wrong: [String] = [])
        -> LearnerResults
    {
        var progress = LearnerProgress()
        progress.learnerID = id
        var trip = LessonRecord()
        var step = StepRecord()
        step.result = who
        step.attempts = 1 + wrong.count
        step.wrongChoices = wrong
        step.seconds = 95
        trip.steps["who"] = step
        var predict = StepRecord()
        predict.result = .passed
        predict.attempts = 1
        predict.wrongChoices = ["allowed"]
        trip.steps["predict"] = predict
        trip.finished = true
        progress.lessons["trip"] = trip
        var helper = LessonRecord()
        var build = StepRecord()
        build.result = .passed
        build.attempts = 4
        build.grade = .best
        helper.steps["build"] = build
        progress.lessons["helper"] = helper
        return LearnerResults(learner: name, pack: .init(id: pack.id, version: pack.version, hash: pack.hash), lessons: lessons, progress: progress)
    }

    func statements(_ r: LearnerResults = Self.results(), names: Bool = true) -> [JSONValue] {
        XAPIStatements(base: "https://lrs.example.edu/iam", names: names).statements(for: r, pack: Self.pack, lessons: Self.lessons)
    }

    @Test("version 5 UUIDs match RFC 4122's construction (Python's uuid5 gives the same)")
    func uuid5() {
        #expect(UUID5.make(namespace: UUID5.dnsNamespace, name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        #expect(
            UUID5.make(namespace: UUID5.urlNamespace, name: "https://example.org") != UUID5.make(namespace: UUID5.urlNamespace, name: "https://example.org/"))
    }

    @Test("one statement per step reached and per lesson finished: actor, verb, object, result, context")
    func shape() throws {
        let all = statements()
        let verbs = all.map { $0["verb"]?["id"]?.string ?? "" }
        #expect(
            verbs == [
                "http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/completed",
                "http://adlnet.gov/expapi/verbs/passed",
            ])
        let who = all[0]
        #expect(
            who["actor"]
                == .object([
                    "objectType": "Agent", "name": "Ada",
                    "account": .object(["homePage": "https://lrs.example.edu/iam", "name": "0b0e5c1e-0000-4000-8000-000000000001"]),
                ]))
        #expect(who["object"]?["id"]?.string == "https://lrs.example.edu/iam/activities/fixture/trip/who")
        #expect(who["object"]?["definition"]?["interactionType"] == "choice")
        #expect(who["object"]?["definition"]?["correctResponsesPattern"] == .array(["role"]))
        #expect(who["result"]?["success"] == true)
        #expect(who["result"]?["response"] == "role")
        #expect(who["result"]?["duration"] == "PT95S")
        let context = try #require(who["context"])
        #expect(context["revision"] == "2.1.0")
        #expect(context["registration"]?.string == XAPIStatements.registration(learnerID: "0b0e5c1e-0000-4000-8000-000000000001", pack: "fixture"))
        #expect(
            context["contextActivities"]?["grouping"]
                == .array([
                    .object([
                        "objectType": "Activity", "id": "https://lrs.example.edu/iam/activities/fixture",
                        "definition": .object(["name": .object(["en-US": "Fixture pack"]), "type": "http://adlnet.gov/expapi/activities/course"]),
                    ])
                ]))
        #expect(context["contextActivities"]?["parent"]?.serialized().contains("/activities/fixture/trip\"") == true)
        // A wrong prediction: not a success, and the answer given.
        #expect(all[1]["result"]?["success"] == false)
        #expect(all[1]["result"]?["response"] == "allowed")
        #expect(all[1]["object"]?["definition"]?["correctResponsesPattern"] == .array(["denied"]))
        // The lesson finished: its score.
        #expect(all[2]["result"]?["score"] == .object(["raw": 2, "min": 0, "max": 2, "scaled": .decimal(2, of: 2)]))
        #expect(all[3]["result"]?["response"] == "best")
        #expect(all.allSatisfy { $0["version"] == "1.0.3" })
    }

    @Test("ids come from the content: the same results give the same ids, other results other ids")
    func deterministicIDs() {
        let ids = statements().map { $0["id"]?.string ?? "" }
        #expect(ids == statements().map { $0["id"]?.string ?? "" })
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 36 && Array($0)[14] == "5" })
        let other = statements(Self.results(wrong: ["user"])).map { $0["id"]?.string ?? "" }
        #expect(other[0] != ids[0], "another answer, another statement")
        #expect(other[3] == ids[3], "the task's statement is unchanged")
        #expect(XAPIStatements.file(statements()) == XAPIStatements.file(statements()), "byte for byte")
    }

    @Test("names can be left out; a hostile name is bounded and stripped of control characters")
    func names() {
        #expect(statements(names: false).allSatisfy { $0["actor"]?["name"] == nil })
        let hostile = Self.results(name: "\u{1B}[2J" + String(repeating: "A", count: 100_000))
        let text = XAPIStatements.file(statements(hostile))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
        #expect(text.utf8.count < 40_000)
    }

    @Test("a statement file parses as a JSON array of objects")
    func file() throws {
        let data = Data(XAPIStatements.file(statements()).utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(parsed.count == 4)
        #expect((parsed[2]["result"] as? [String: Any]).flatMap { $0["score"] as? [String: Any] }?["scaled"] as? Double == 1)
    }
}
