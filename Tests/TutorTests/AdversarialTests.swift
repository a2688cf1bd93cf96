import Policy
import Testing
import World

@testable import Tutor

/// Every task of every shipped lesson, with its world at the step and the task itself.
func shippedTasks() -> [(lesson: Lesson, step: Step, task: Task, world: World)] {
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
    var trial = world
    for c in commands { _ = trial.run(c) }
    return task.grade(from: world, to: trial)
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
                for spec in [a.principal, a.via].compactMap({ $0 }) where !spec.hasPrefix("arn:") {
                    let name = String(spec.split(separator: "/").last ?? "")
                    if spec.hasPrefix("role/") {
                        extra.append("aws iam attach-role-policy --role-name \(name) --policy-arn arn:aws:iam::aws:policy/AdministratorAccess --profile root")
                    }
                    if spec.hasPrefix("user/") {
                        extra.append("aws iam attach-user-policy --user-name \(name) --policy-arn arn:aws:iam::aws:policy/AdministratorAccess --profile root")
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
        // auditor, with a trust open to anyone who knows the ExternalId.
        (t, w) = task("auditor", "make-role")
        let open = [
            #"aws iam create-role --role-name Auditor --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"audit-2026"}}}]}'"#,
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
