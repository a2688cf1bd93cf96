import Policy
import TestSupport
import Testing
import World

@testable import Tutor

/// Every task of every shipped lesson, with its world at the step and the task itself (read once).
func shippedTasks() -> [(lesson: Lesson, step: Step, task: Task, world: World)] { shippedTaskList }

let shippedTaskList = readShippedTasks()

func readShippedTasks() -> [(lesson: Lesson, step: Step, task: Task, world: World)] {
    let (lessons, _) = LessonCatalog.scan(folder: lessonsFolder).parseAll()
    var out: [(Lesson, Step, Task, World)] = []
    for lesson in lessons {
        for (i, step) in lesson.steps.enumerated() {
            if case .task(let task) = step.kind { out.append((lesson, step, task, lesson.world(atStep: i))) }
        }
    }
    return out
}

/// The task's grade after `commands`, from the world at its step.
func grade(_ task: Task, _ world: World, _ commands: [String]) -> Grading {
    task.grade(replaying: commands, from: world).grading
}

@Suite("a task is done only when no attack gets in")
struct AdversarialLessonTests {
    @Test("every reference solution is graded best, and its attacks are shown")
    func referenceSolutionsAreBest() {
        for (lesson, step, task, world) in shippedTasks() {
            let g = grade(task, world, task.solution)
            #expect(g.grade == .best, "\(lesson.id).\(step.id): \(Lint.why(g))")
            #expect(g.attack != nil)
        }
    }

    @Test("trust widened to everyone, to the whole account, or to another service is never graded best")
    func widenedTrustIsRefused() {
        var tried = 0
        for (lesson, step, task, world) in shippedTasks() {
            for mutant in Mutation.mutants(of: task.solution, home: world.homeAccount) where mutant.name.hasPrefix("trust") {
                tried += 1
                let g = grade(task, world, mutant.commands)
                #expect(g.grade != .best, "\(lesson.id).\(step.id): \(mutant.name) is graded best")
                if mutant.name.hasPrefix("trust widened to everyone") {
                    #expect(!g.grade.done, "\(lesson.id).\(step.id): trusting everyone passes as \(g.grade)")
                }
            }
        }
        #expect(tried >= 20)
    }

    @Test("AdministratorAccess added to each principal a task grants to never passes")
    func administratorNeverPasses() {
        for (lesson, step, task, world) in shippedTasks() {
            var extra: [String] = []
            for goal in task.goals {
                guard case .can(let a, true) = goal else { continue }
                for spec in [a.principal, a.via].compactMap({ $0 }) {
                    switch spec {
                    case .role(let name):
                        extra.append("aws iam attach-role-policy --role-name \(name) --policy-arn arn:aws:iam::aws:policy/AdministratorAccess --profile root")
                    case .user(let name):
                        extra.append("aws iam attach-user-policy --user-name \(name) --policy-arn arn:aws:iam::aws:policy/AdministratorAccess --profile root")
                    default:
                        break
                    }
                }
            }
            guard !extra.isEmpty else { continue }
            let g = grade(task, world, task.solution + extra)
            #expect(!g.grade.done, "\(lesson.id).\(step.id): AdministratorAccess passes as \(g.grade)")
        }
    }

    func task(_ lesson: String, _ step: String) -> (Task, World) {
        let found = shippedTasks().first { $0.lesson.id == lesson && $0.step.id == step }!
        return (found.task, found.world)
    }

    static let trustAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#

    @Test("the designs that used to pass: each is refused now, with the attack that got in")
    func knownHoles() {
        // ec2-s3: the role trusts lambda.amazonaws.com, not EC2: the instance gets no credentials.
        var (t, w) = task("ec2-s3", "make-role")
        let lambdaTrust = t.solution.map { $0.replacingOccurrences("ec2.amazonaws.com", "lambda.amazonaws.com") }
        #expect(!grade(t, w, lambdaTrust).grade.done)
        // plumber: detaching the role's policy leaves her able to assume it.
        (t, w) = task("plumber", "revoke")
        #expect(!grade(t, w, ["aws iam detach-role-policy --role-name ProjectEC2 --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess"]).grade.done)
        // break-glass: Allow NotAction ec2:TerminateInstances on * hands out everything else.
        (t, w) = task("break-glass", "break-glass-role")
        let notAction = t.solution.map {
            $0.contains("put-role-policy") || $0.contains("attach-role-policy")
                ? #"aws iam put-role-policy --role-name SecurityBreakGlassRole --policy-name Contain --profile root --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"ec2:TerminateInstances","Resource":"*"}]}'"#
                : $0
        }
        let g = grade(t, w, notAction)
        #expect(!g.grade.done)
        #expect(g.attack?.breaches.contains { $0.kind == .sweep && $0.action.hasPrefix("iam:") } == true)
        // auditor, with a trust open to anyone in any account who has MFA.
        (t, w) = task("auditor", "make-role")
        let open = [
            #"aws iam create-role --role-name Auditor --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}'"#,
            "aws iam attach-role-policy --role-name Auditor --policy-arn arn:aws:iam::aws:policy/SecurityAudit",
        ]
        let audit = grade(t, w, open)
        #expect(audit.grade == .refused)
        #expect(audit.attack?.breaches.contains { $0.who.contains("another AWS account") } == true)
    }

    @Test("a narrower correct design passes: StopInstances on the account's instances only")
    func narrowerDesignPasses() {
        let (t, w) = task("break-glass", "break-glass-role")
        let narrow = t.solution.map {
            $0.contains("put-role-policy") || $0.contains("attach-role-policy")
                ? #"aws iam put-role-policy --role-name SecurityBreakGlassRole --policy-name Contain --profile root --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StopInstances","Resource":"arn:aws:ec2:*:111122223333:instance/*"},{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}'"#
                : $0
        }
        let g = grade(t, w, narrow)
        #expect(g.grade == .best, "\(Lint.why(g))")
    }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
    }
}

/// Designs found by attacking the grader itself: each passed once, none may pass again.
@Suite("holes found in the grader stay closed")
struct GraderHoleTests {
    func task(_ lesson: String, _ step: String) -> (Task, World) {
        let found = shippedTasks().first { $0.lesson.id == lesson && $0.step.id == step }!
        return (found.task, found.world)
    }

    static func trust(_ statement: String) -> String {
        #"{"Version":"2012-10-17","Statement":["# + statement + "]}"
    }

    /// The reference solution with the trust policy of its first command replaced.
    func withTrust(_ t: Task, _ document: String) -> [String] {
        var commands = t.solution
        if let i = commands.firstIndex(where: { $0.contains("--assume-role-policy-document") || $0.contains("update-assume-role-policy") }),
            let start = commands[i].firstIndex(of: "'")
        {
            commands[i] = String(commands[i][..<start]) + "'" + document + "'"
        }
        return commands
    }

    func refused(_ t: Task, _ w: World, _ commands: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let g = grade(t, w, commands)
        #expect(!g.grade.done, "\(what) passes as \(g.grade)", sourceLocation: sourceLocation)
    }

    @Test("a bystander given what the task needs is not excused by the task's needs")
    func bystanders() {
        var (t, w) = task("plumber", "make-role")
        refused(
            t, w, t.solution + ["aws iam attach-user-policy --user-name eve --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess"], "EC2 for a bystander")
        (t, w) = task("termination", "split")
        refused(
            t, w,
            t.solution + [
                "aws iam create-user --user-name ops-bot", "aws iam create-access-key --user-name ops-bot",
                #"aws iam put-user-policy --user-name ops-bot --policy-name T --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*"}]}'"#,
            ], "a standing termination right for a new user")
        refused(
            t, w,
            t.solution.map {
                $0.contains("put-group-policy")
                    ? #"aws iam put-group-policy --group-name Ops --policy-name Operate --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","ec2:StartInstances","ec2:StopInstances"],"Resource":"*"},{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}'"#
                    : $0
            }, "termination kept in the group behind MFA")
    }

    @Test("conditions an outsider meets: their own user name, an ARN pattern, their own tags")
    func conditionsOutsidersMeet() {
        let (t, w) = task("plumber", "make-role")
        for condition in [#"{"StringEquals":{"aws:username":"dana"}}"#, #"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/dana"}}"#] {
            refused(
                t, w, withTrust(t, Self.trust(#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":"# + condition + "}")),
                condition)
        }
        refused(
            t, w,
            withTrust(
                t,
                Self.trust(
                    #"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalTag/project":"ec2"}}}"#))
                + ["aws iam tag-user --user-name dana --tags Key=project,Value=ec2"], "a tag anyone may give themselves")
    }

    @Test("accounts and providers nobody vouches for")
    func strangers() {
        var (t, w) = task("ec2-s3", "make-role")
        refused(
            t, w,
            withTrust(
                t,
                Self.trust(#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}"#)),
            "an unknown account")
        (t, w) = task("lambda-dynamodb", "build")
        refused(
            t, w,
            withTrust(
                t,
                Self.trust(
                    #"{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}"#
                )), "Cognito without an audience")
    }

    @Test("an MFA condition that is not one")
    func hollowConditions() {
        let (t, w) = task("termination", "split")
        let null = t.solution.map {
            $0.replacingOccurrences(#"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#, #"{"Null":{"aws:MultiFactorAuthPresent":"false"}}"#)
        }
        #expect(null != t.solution)
        refused(t, w, null, "Null instead of Bool")
    }

    @Test("a Deny that does not bite: an MFA exception, a date")
    func denyThatDoesNotBite() {
        let (t, w) = task("plumber", "revoke")
        for condition in [#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#, #"{"DateLessThan":{"aws:CurrentTime":"2026-01-02T00:00:00Z"}}"#] {
            refused(
                t, w,
                [
                    "aws iam put-user-policy --user-name dana --policy-name NoEC2Role --policy-document '"
                        + #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/ProjectEC2","Condition":"#
                        + condition + "}]}'"
                ], condition)
        }
    }

    @Test("bucket policies: every action, every folder, and whoever they name")
    func bucketPolicies() {
        var (t, w) = task("basics", "grant")
        refused(
            t, w,
            [
                #"aws s3api put-bucket-policy --bucket team-reports --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/sam"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::team-reports/*"},{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::team-reports/public/*"}]}'"#
            ], "public write under a prefix")
        refused(
            t, w,
            [
                #"aws s3api put-bucket-policy --bucket team-reports --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/sam"},"Action":["s3:GetObject","s3:DeleteBucket"],"Resource":["arn:aws:s3:::team-reports","arn:aws:s3:::team-reports/*"]}]}'"#
            ], "DeleteBucket for sam through the bucket policy")
        (t, w) = task("auditor", "make-role")
        refused(
            t, w,
            t.solution + [
                #"aws s3api put-bucket-policy --bucket ledger --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"s3:*","Resource":["arn:aws:s3:::ledger","arn:aws:s3:::ledger/*"]}]}'"#
            ], "the audit firm may delete the ledger")
    }

    @Test("services the world does not model are swept too")
    func otherServices() {
        let (t, w) = task("ec2-s3", "make-role")
        refused(
            t, w,
            t.solution.map {
                $0.contains("put-role-policy")
                    ? #"aws iam put-role-policy --role-name S3Uploader --policy-name Upload --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","secretsmanager:GetSecretValue","ssm:SendCommand"],"Resource":"*"},{"Effect":"Deny","Action":"s3:PutObject","NotResource":"arn:aws:s3:::uploads-bucket/incoming/*"}]}'"#
                    : $0
            }, "secrets and shell access on the side")
    }

    /// A name pattern is not a list of people: `user/lead*` lets in whoever is created later with a
    /// matching name. IAM UG, `reference_policies_condition-keys.html` (aws:PrincipalArn with ArnLike).
    @Test("a user created later whose name a pattern matches is tried")
    func namePatternsLetInLaterUsers() {
        let (t, w) = task("groups", "not-principal")
        let patterned =
            t.solution.prefix(1)
            + [
                #"aws s3api put-bucket-policy --bucket team-share --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::team-share/*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/lead*"}}}]}'"#
            ]
        let g = grade(t, w, Array(patterned))
        #expect(!g.grade.done, "user/lead* passes as \(g.grade)")
        #expect(g.attack?.breaches.contains { $0.who.contains("created later as leadx") } == true)
    }

    /// S3 bucket names are global: a grant on a bucket nobody has made yet goes to whoever makes it,
    /// in any account (data written there leaves the company). IAM UG, "Amazon S3 bucket naming
    /// rules": names are unique across all AWS accounts in a partition.
    @Test("a grant on a bucket that does not exist yet is swept too")
    func bucketsNobodyMadeYet() {
        let (t, w) = task("ec2-s3", "make-role")
        let widened = t.solution.map {
            $0.contains("put-role-policy")
                ? #"aws iam put-role-policy --role-name S3Uploader --policy-name Upload --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::uploads-bucket/incoming/*"},{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::uploads-archive-2027","arn:aws:s3:::uploads-archive-2027/*"]}]}'"#
                : $0
        }
        let g = grade(t, w, widened)
        #expect(g.grade != .best, "s3:* on a bucket nobody has made passes as best")
        let probes = g.attack?.probes ?? []
        #expect(probes.contains { $0.resource.hasPrefix("arn:aws:s3:::uploads-archive-2027") && $0.verdict != .refused })
        // The task's own design does not meet the absent bucket.
        let best = grade(t, w, t.solution)
        #expect(best.grade == .best)
    }
}

/// `did` goals read the audit trail: the work was done, by whom, with MFA.
@Suite("goals that read the trail")
struct TrailGoalTests {
    @Test("a stop by a role session counts only when it succeeded, and with MFA when asked")
    func didReadsTheTrail() {
        let (t, w) = shippedTasks().first { $0.lesson.id == "break-glass" && $0.step.id == "night" }.map { ($0.task, $0.world) }!
        let stop = Goal.did(principal: .role("SecurityBreakGlassRole"), event: "StopInstances", mfa: true)
        #expect(!stop.evaluate(in: w).holds)
        var without = w
        for c in [
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/SecurityAnalystRole --role-session-name s1 --profile ana",
            "aws ec2 stop-instances --instance-ids i-05bd8af997213ad5e3",
        ] { _ = without.run(c) }
        // The analyst role cannot stop it: a refused call is no proof.
        #expect(!stop.evaluate(in: without).holds)
        var done = w
        for c in t.solution { _ = done.run(c) }
        let r = stop.evaluate(in: done)
        #expect(r.holds)
        #expect(r.finding.contains("assumed-role/SecurityBreakGlassRole/ana-contains"))
    }
}
