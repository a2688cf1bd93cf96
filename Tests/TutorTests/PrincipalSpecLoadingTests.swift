import Testing
import Tutor
import World

/// A lesson's principals are read once, where the lesson is loaded: a bad one is reported at its
/// line and column, and a good one is written back in the lesson's words.
@Suite("principals in a lesson")
struct PrincipalSpecLoadingTests {
    /// A fixture lesson (not a shipped one) with one task whose goals and `trusted:` are given.
    static func fixture(goals: [String], trusted: String? = nil) -> String {
        var lines = [
            "id: fixture", "title: t", "summary: s", "world:", "  - aws iam create-user --user-name dana", "  - aws iam create-group --group-name Devs",
            "steps:", "  - id: t", "    task: do it",
        ]
        if let trusted { lines.append("    trusted: \(trusted)") }
        lines.append("    goal:")
        lines += goals.map { "      - \($0)" }
        lines += ["    hints: [h]", "    solution: [aws iam list-users]"]
        return lines.joined(separator: "\n") + "\n"
    }

    func error(_ yaml: String) -> LessonError? {
        do {
            _ = try LessonLoader.load(yaml: yaml, file: "fixture.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("a principal that names nothing is reported at its line and column, with what to write")
    func badAs() {
        // Line 11 is the first goal; `users/dana` starts at column 19.
        let e = error(Self.fixture(goals: [#"can: {as: users/dana, do: "iam:ListUsers", on: "*"}"#]))
        #expect(
            e?.description
                == "fixture.yaml:11:19: steps[0].goal[0].can.as: `as` names a principal: user/NAME, role/NAME, instance/ID, function/NAME, root, or an IAM ARN"
        )
    }

    @Test("a `via:` that is no role is refused where it is written")
    func badVia() {
        let e = error(Self.fixture(goals: [#"can: {as: user/dana, via: user/boss, do: "iam:ListUsers", on: "*"}"#]))
        #expect(e?.line == 11 && e?.column == 35)
        #expect(e?.path == "steps[0].goal[0].can.via")
        #expect(e?.message == "`via` names the role assumed: role/NAME or a role's ARN")
    }

    @Test("each entry of a list is placed on its own: the second of `trusted:`, the third of `only-trusted`")
    func badListEntries() {
        let trusted = error(
            Self.fixture(goals: [#"can: {as: user/dana, do: "iam:ListUsers", on: "*"}"#], trusted: "[account/444455556666, accounts/555566667777]"))
        #expect(trusted?.line == 10 && trusted?.column == 37)
        #expect(trusted?.path == "steps[0].trusted[1]")
        #expect(trusted?.message == "`accounts/555566667777` is not a principal")
        let only = error(Self.fixture(goals: ["only-trusted: {role: R, principals: [user/dana, role/Other, group/Devs]}"]))
        #expect(only?.line == 11 && only?.column == 69)
        #expect(only?.path == "steps[0].goal[0].only-trusted.principals[2]")
    }

    @Test("`did` reads the trail for a user or a role; `shared-managed` lists groups, roles and users")
    func narrowerKinds() {
        let did = error(Self.fixture(goals: ["did: {as: instance/i-1, event: ListUsers}"]))
        #expect(did?.path == "steps[0].goal[0].did.as" && did?.line == 11 && did?.column == 19)
        let shared = error(Self.fixture(goals: ["shared-managed: [group/Devs, function/f]"]))
        #expect(shared?.path == "steps[0].goal[0].shared-managed[1]" && shared?.line == 11 && shared?.column == 38)
    }

    @Test("every form is written back as the lesson wrote it, in the goal's words")
    func roundTrip() throws {
        let forms = [
            "user/dana", "role/Helper", "root", "instance/i-0abc", "instance/*", "function/save-order", "session/Helper", "saml/CorpIdP",
            "oidc/token.actions.githubusercontent.com", "arn:aws:iam::999988887777:user/auditor", "arn:aws:iam::999988887777:root",
        ]
        let lesson = try LessonLoader.load(
            yaml: Self.fixture(
                goals: forms.map { #"can: {as: "\#($0)", via: "arn:aws:iam::111122223333:role/Deployer", do: "iam:ListUsers", on: "*"}"# },
                trusted: "[account/444455556666, service/codebuild.amazonaws.com, \"arn:aws:iam::444455556666:role/Ci\"]"),
            file: "fixture.yaml")
        guard case .task(let task) = lesson.steps[0].kind else {
            Issue.record("no task")
            return
        }
        var written: [String] = []
        for goal in task.goals {
            guard case .can(let a, _) = goal else { continue }
            written.append(a.principal.description)
            #expect(a.via?.description == "arn:aws:iam::111122223333:role/Deployer")
            #expect(goal.summary.hasPrefix("\(a.principal.description) via arn:aws:iam::111122223333:role/Deployer can "))
        }
        #expect(written == forms)
        #expect(task.trusted.map(\.description) == ["account/444455556666", "service/codebuild.amazonaws.com", "arn:aws:iam::444455556666:role/Ci"])
        #expect(task.trusted == [.account("444455556666"), .service("codebuild.amazonaws.com"), PrincipalSpec("arn:aws:iam::444455556666:role/Ci")!])
    }
}
