import Foundation
import Testing
import Tutor
import World

/// The goals for groups and console access ask the world's state; lint mutates password policies,
/// login profiles and MFA devices; a command the task means AWS to refuse is no broken solution.
@Suite("goals about groups and console access")
struct ConsoleGoalTests {
    static func lesson(_ steps: String, world: String = "  - aws iam create-user --user-name lee\n") throws -> Lesson {
        try LessonLoader.load(yaml: "id: x\ntitle: t\nsummary: s\nworld:\n\(world)steps:\n\(steps)", file: "x.yaml")
    }

    static func error(_ steps: String) -> String? {
        do {
            _ = try LessonLoader.load(yaml: "id: x\ntitle: t\nsummary: s\nworld:\n  - aws iam create-user --user-name lee\nsteps:\n\(steps)", file: "x.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    static func task(_ goal: String, solution: String = "[aws iam list-users]") -> String {
        "  - id: t\n    task: do it\n    goal:\n      - \(goal)\n    hints: [h]\n    solution: \(solution)\n"
    }

    @Test("a goal's unknown key, a value out of AWS's range or a missing list is refused at its place")
    func locatedErrors() {
        #expect(
            Self.error(Self.task("password-policy: {min-lenght: 14}"))
                == "x.yaml:10:27: steps[0].goal[0].password-policy.min-lenght: unknown key `min-lenght` (fix: did you mean `min-length`?)")
        #expect(
            Self.error(Self.task("password-policy: {max-age: 2000}"))
                == "x.yaml:10:36: steps[0].goal[0].password-policy.max-age: `max-age` is a whole number from 1 to 1095, as AWS allows")
        #expect(Self.error(Self.task("groups-of: {user: lee}"))?.contains("missing `groups`") == true)
        #expect(Self.error(Self.task("login-profile: {user: lee, reset: true}"))?.contains("allowed here: user, reset-required") == true)
        #expect(Self.error(Self.task("mfa-device: {name: lee}"))?.contains("unknown key `name`") == true)
        #expect(Self.error(Self.task("refused: {event: PutBucketPolicy}"))?.contains("missing `error`") == true)
    }

    @Test("password-policy asks at least as much; login-profile and mfa-device read the user")
    func consoleGoals() throws {
        var w = World()
        _ = w.run("aws iam create-user --user-name lee")
        var wanted = Goal.PasswordRequirement()
        wanted.minimumLength = 14
        wanted.maxAge = 90
        wanted.symbols = true
        let policy = Goal.passwordPolicy(wanted)
        #expect(policy.evaluate(in: w).finding.contains("no password policy of its own"))
        _ = w.run("aws iam update-account-password-policy --minimum-password-length 12 --require-symbols")
        let short = policy.evaluate(in: w)
        #expect(!short.holds && short.finding == "passwords may be 12 characters, fewer than 14; passwords never expire (no MaxPasswordAge)")
        _ = w.run("aws iam update-account-password-policy --minimum-password-length 16 --require-symbols --max-password-age 30")
        #expect(policy.evaluate(in: w).holds)

        let profile = Goal.loginProfile(user: "lee", resetRequired: true)
        #expect(profile.evaluate(in: w).finding == "lee has no console password (no login profile)")
        _ = w.run("aws iam create-login-profile --user-name lee --password 'Correct-Horse-Battery'")
        #expect(profile.evaluate(in: w).finding == "lee's password need not be changed at the next sign-in")
        _ = w.run("aws iam update-login-profile --user-name lee --password-reset-required")
        #expect(profile.evaluate(in: w).holds)

        // Without a device, no sign-in of lee's carries MFA.
        _ = w.run(
            #"aws iam put-user-policy --user-name lee --policy-name R --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}'"#
        )
        let withMFA = Goal.can(Goal.Ability(principal: .user("lee"), mfa: true, action: "ec2:DescribeInstances"), expected: true)
        #expect(withMFA.evaluate(in: w).finding.hasSuffix("user/lee has no MFA device enabled, so no sign-in of theirs carries MFA"))
        let mfa = Goal.mfaDevice(user: "lee")
        _ = w.run("aws iam create-virtual-mfa-device --virtual-mfa-device-name lee --outfile qr.png --bootstrap-method QRCodePNG")
        #expect(!mfa.evaluate(in: w).holds)
        _ = w.run(
            "aws iam enable-mfa-device --user-name lee --serial-number arn:aws:iam::111122223333:mfa/lee --authentication-code1 123456 --authentication-code2 654321"
        )
        #expect(mfa.evaluate(in: w).holds)
        #expect(withMFA.evaluate(in: w).holds)
    }

    @Test("groups-of asks for exactly the groups; refused asks the trail for the learner's refused call")
    func groupGoals() {
        var w = World()
        for c in [
            "create-user --user-name dev1", "create-group --group-name A", "create-group --group-name B", "add-user-to-group --group-name A --user-name dev1",
        ] {
            _ = w.run("aws iam \(c)")
        }
        let exactly = Goal.groupsOf(user: "dev1", groups: ["B"])
        #expect(exactly.evaluate(in: w).finding == "dev1 is not in B; dev1 is still in A")
        _ = w.run("aws iam add-user-to-group --group-name B --user-name dev1")
        #expect(exactly.evaluate(in: w).finding == "dev1 is still in A")
        _ = w.run("aws iam remove-user-from-group --group-name A --user-name dev1")
        #expect(exactly.evaluate(in: w).holds)

        let tried = Goal.refused(event: "CreateRole", error: "MalformedPolicyDocument")
        #expect(!tried.evaluate(in: w).holds)
        _ = w.run(
            #"aws iam create-role --role-name R --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/A"},"Action":"sts:AssumeRole"}]}'"#
        )
        #expect(tried.evaluate(in: w).holds)

        // A bucket's policy is something that exists, or not.
        let noPolicy = Goal.exists("bucket-policy/team-share", expected: false)
        _ = w.run("aws s3 mb s3://team-share")
        #expect(noPolicy.evaluate(in: w).holds)
        _ = w.run(
            #"aws s3api put-bucket-policy --bucket team-share --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dev1"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::team-share/*"}]}'"#
        )
        #expect(noPolicy.evaluate(in: w).finding == "bucket-policy/team-share exists")
    }

    @Test("a solution may hold the command a refused goal asks AWS to refuse; any other refusal is a broken solution")
    func refusedOnPurpose() throws {
        let refusal =
            #"aws iam create-role --role-name R --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/G"},"Action":"sts:AssumeRole"}]}'"#
        let steps = """
              - id: t
                task: try it, then put lee in G
                goal:
                  - refused: {event: CreateRole, error: MalformedPolicyDocument}
                  - member: {user: lee, group: G}
                hints: [h]
                solution:
                  - >-
                    \(refusal)
                  - aws iam add-user-to-group --group-name G --user-name lee

            """
        let world = "  - aws iam create-user --user-name lee\n  - aws iam create-group --group-name G\n"
        #expect(Lint.check([try Self.lesson(steps, world: world)]).isEmpty)
        let without = try Self.lesson(
            steps.replacingOccurrences(of: "      - refused: {event: CreateRole, error: MalformedPolicyDocument}\n", with: ""), world: world)
        #expect(Lint.check([without]).map(\.message).contains { $0.contains("fails: An error occurred (MalformedPolicyDocument)") })
    }

    @Test("lint mutates a password policy, a login profile and an MFA device, and says which mutant a loose goal lets through")
    func mutants() throws {
        let policy = """
              - id: t
                task: a strict policy
                goal:
                  - password-policy: {min-length: 14, symbols: true}
                hints: [h]
                solution: [aws iam update-account-password-policy --minimum-password-length 14 --require-symbols --max-password-age 90]

            """
        let loose = Lint.check([try Self.lesson(policy)]).map(\.message)
        #expect(
            loose == ["an insecure variant of the reference solution is graded best: --max-password-age left out (in `aws iam update-account-password-policy`)"]
        )
        #expect(Lint.check([try Self.lesson(policy.replacingOccurrences(of: "symbols: true}", with: "symbols: true, max-age: 90}"))]).isEmpty)

        let console = """
              - id: t
                task: a password to change, and MFA
                goal:
                  - login-profile: {user: lee}
                  - mfa-device: {user: lee}
                hints: [h]
                solution:
                  - aws iam create-login-profile --user-name lee --password 'Correct-Horse-Battery' --password-reset-required
                  - aws iam create-virtual-mfa-device --virtual-mfa-device-name lee --outfile qr.png --bootstrap-method QRCodePNG
                  - aws iam enable-mfa-device --user-name lee --serial-number arn:aws:iam::111122223333:mfa/lee --authentication-code1 123456 --authentication-code2 654321

            """
        let found = Lint.check([try Self.lesson(console)]).map(\.message)
        #expect(
            found == ["an insecure variant of the reference solution is graded best: --password-reset-required left out (in `aws iam create-login-profile`)"])
        #expect(
            Lint.check([try Self.lesson(console.replacingOccurrences(of: "{user: lee}\n      - mfa", with: "{user: lee, reset-required: true}\n      - mfa"))])
                .isEmpty)
    }
}
