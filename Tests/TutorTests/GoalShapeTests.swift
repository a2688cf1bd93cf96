import Testing
import Tutor
import World

/// The shape drawn from a task's goals, and held against a world by the engine.
@Suite("the goal's shape")
struct GoalShapeTests {
    static func task(_ goals: String, trusted: String = "") throws -> Task {
        let lesson = try LessonLoader.load(
            yaml: """
                id: x
                title: t
                summary: s
                world:
                  - aws iam create-user --user-name dana
                steps:
                  - id: t
                    task: do it
                \(trusted.isEmpty ? "" : "    trusted: \(trusted)\n")    goal:
                \(goals)
                    hints: [h]
                    solution: [aws iam list-users]
                """, file: "x.yaml")
        guard case .task(let task) = lesson.steps[0].kind else { throw LessonError(file: "x", line: 1, column: 1, path: "", message: "no task") }
        return task
    }

    @Test("a contractor let in now and kept out tonight; an outside account trusted by name; one line per permission")
    func timeAndTrust() throws {
        let task = try Self.task(
            """
                  - can: {as: "arn:aws:iam::222233334444:user/con", via: role/Helper, do: "lambda:GetFunction", on: "*"}
                  - cannot: {as: "arn:aws:iam::222233334444:user/con", via: role/Helper, from: 12h, do: "lambda:GetFunction", on: "*"}
                  - can: {as: role/Helper, do: "lambda:GetFunction", on: "*"}
            """, trusted: "[account/222233334444]")
        let shape = GoalShape(task)
        #expect(
            shape.drawing(arrow: "-->") == [
                "  role Helper", "      assumable by user con (account 222233334444)", "      not by user con (account 222233334444) (12h from now)",
                "      by nobody else (but account 222233334444)", "      may do lambda:GetFunction on *",
            ])
    }

    @Test("the same provider with other claims is kept out; the engine says who gets in")
    func claims() throws {
        let task = try Self.task(
            """
                  - can: {as: oidc/token.actions.githubusercontent.com, via: role/Deploy, claims: {sub: "repo:org/app:ref:refs/heads/main"}, do: "s3:PutObject", on: "arn:aws:s3:::b/k"}
                  - cannot: {as: oidc/token.actions.githubusercontent.com, via: role/Deploy, claims: {sub: "repo:org/fork:ref:refs/heads/main"}, do: "s3:PutObject", on: "arn:aws:s3:::b/k"}
            """)
        let shape = GoalShape(task)
        #expect(shape.edges.count == 1 && shape.forbidden.count == 1)
        #expect(shape.forbidden[0].claims["sub"] == "repo:org/fork:ref:refs/heads/main")
        var w = World()
        _ = w.run("aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com")
        let open =
            #"aws iam create-role --role-name Deploy --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}'"#
        _ = w.run(open)
        let status = shape.status(in: w, arrow: "->")
        #expect(status.first { $0.key.hasPrefix("edge") }?.mark == .met)
        // Any repository gets in: the fork too.
        #expect(status.first { $0.key.hasPrefix("not") }?.mark == .extra)
        #expect(status.first { $0.key.hasPrefix("permission") }?.text == "role Deploy may do s3:PutObject on arn:aws:s3:::b/k")
    }

    @Test("goals about the world itself are drawn as sentences and held against it")
    func facts() throws {
        let task = try Self.task(
            """
                  - groups-of: {user: dana, groups: [Developers]}
                  - password-policy: {min-length: 14}
            """)
        let shape = GoalShape(task)
        #expect(
            shape.drawing(arrow: "-->") == ["  in the world", "      dana is in exactly Developers", "      the password policy asks at least 14 characters"])
        var w = World()
        _ = w.run("aws iam create-user --user-name dana")
        _ = w.run("aws iam create-group --group-name Developers")
        #expect(
            shape.status(in: w, arrow: "->").map(\.text) == [
                "dana is not in Developers", "the account has no password policy of its own (AWS's default applies: 8 characters, passwords never expire)",
            ])
        _ = w.run("aws iam add-user-to-group --group-name Developers --user-name dana")
        #expect(shape.status(in: w, arrow: "->").first?.mark == .met)
    }
}
