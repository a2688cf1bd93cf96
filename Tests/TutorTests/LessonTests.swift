import Foundation
import TestSupport
import Testing
import Tutor
import World

@Suite("the lessons in lessons/")
struct LessonFolderTests {
    @Test("every lesson loads and passes lint: solutions replayed, rejected designs fail")
    func lintPasses() {
        let (lessons, problems) = LessonCatalog.scan(folder: lessonsFolder).parseAll()
        let lint = Lint.check(lessons)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        #expect(lint.isEmpty, "\(lint.map(\.description).joined(separator: "\n"))")
        #expect(lessons.count == 14)
        let ids = [
            "basics", "plumber", "ec2-s3", "lambda-dynamodb", "groups", "auditor", "termination", "break-glass", "cross-account", "credentials", "console",
            "federation", "myths", "challenge",
        ]
        #expect(lessons.map(\.id) == ids)
    }

    @Test("every task has a solution, every interactive step hints, every question a right answer")
    func shape() {
        let (lessons, _) = LessonCatalog.scan(folder: lessonsFolder).parseAll()
        for lesson in lessons {
            #expect((5...15).contains(lesson.minutes), "\(lesson.id) should take 5 to 15 minutes")
            let interactive = lesson.steps.filter(\.isInteractive)
            #expect(interactive.count * 2 >= lesson.steps.count - 1, "\(lesson.id): the learner should act in most steps")
            for step in interactive { #expect(!step.hints.isEmpty, "\(lesson.id).\(step.id) has no hints") }
            guard case .recap? = lesson.steps.last?.kind else {
                Issue.record("\(lesson.id) does not end with a recap")
                continue
            }
        }
    }
}

@Suite("lesson files: errors name the place")
struct LessonErrorTests {
    func error(_ yaml: String) -> LessonError? {
        do {
            _ = try LessonLoader.load(yaml: yaml, file: "x.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func schemaErrors() {
        let missingTitle = error("id: a\nsummary: s\nsteps:\n  - id: s1\n    say: hi\n")
        #expect(missingTitle?.description == "x.yaml:1:1: missing `title` (fix: add `title: …`)")
        let unknown = error("id: a\ntitle: t\nsummary: s\nstepz: []\n")
        #expect(unknown?.description == "x.yaml:4:1: stepz: unknown key `stepz` (fix: did you mean `steps`?)")
        let noCorrect = error(
            """
            id: a
            title: t
            summary: s
            steps:
              - id: q
                ask: pick
                choices:
                  - {id: x, text: one, feedback: f}
                  - {id: y, text: two, feedback: f}
                hints: [h]
            """)
        #expect(noCorrect?.description == "x.yaml:8:7: steps[0].choices: no choice is marked `correct: true` (fix: mark the right answer (or answers))")
        let badGoal = error(
            """
            id: a
            title: t
            summary: s
            steps:
              - id: t
                task: do it
                goal:
                  - cann: {as: user/x, do: "s3:GetObject"}
                solution: [aws iam list-users]
            """)
        #expect(badGoal?.description == "x.yaml:8:9: steps[0].goal[0].cann: unknown goal `cann` (fix: did you mean `can`?)")
        let duplicate = error("id: a\ntitle: t\nsummary: s\nsteps:\n  - id: s1\n    say: hi\n  - id: s1\n    say: again\n")
        #expect(duplicate?.description == "x.yaml:7:5: steps[1].id: the step id `s1` is used by steps[0] too (fix: give each step its own id)")
        let yaml = error("id: a\ntitle: [unclosed\n")
        #expect(yaml?.line == 3 || yaml?.line == 2)
        #expect(yaml?.message.hasPrefix("not valid YAML") == true)
    }

    @Test("lint catches a solution that does not reach the goals, and a rejected design that passes")
    func lintCatchesBrokenTasks() throws {
        let lesson = try LessonLoader.load(
            yaml: """
                id: broken
                title: t
                summary: s
                world:
                  - aws iam create-user --user-name u
                steps:
                  - id: t1
                    task: let u read objects
                    goal:
                      - can: {as: user/u, do: "s3:GetObject", on: "arn:aws:s3:::b/k"}
                    reject:
                      - name: every object
                        commands:
                          - >-
                            aws iam put-user-policy --user-name u --policy-name P --policy-document
                            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'

                        because: too much
                    hints: [h]
                    solution: [aws iam list-users]
                """, file: "broken.yaml")
        let problems = Lint.check([lesson]).map(\.message)
        #expect(problems.contains { $0.contains("the rejected design `every object` passes (graded best)") }, "\(problems)")
        #expect(problems.contains { $0.contains("after the solution, a goal fails: user/u can s3:GetObject on arn:aws:s3:::b/k") })
    }
}

@Suite("goals ask the simulation")
struct GoalTests {
    @Test func roleSessionsExpireButKeysDoNot() throws {
        let lesson = try LessonCatalog.scan(folder: lessonsFolder).lesson("plumber")
        let world = lesson.world(atStep: lesson.steps.count)
        let later = Goal.can(
            .init(principal: .user("dana"), via: .role("ProjectEC2"), mfa: false, action: "ec2:RunInstances", resource: "*", after: 7200), expected: false)
        #expect(later.evaluate(in: world).holds)
        let now = Goal.can(.init(principal: .user("dana"), via: .role("ProjectEC2"), action: "ec2:RunInstances"), expected: true)
        #expect(!now.evaluate(in: world).holds, "at the end of the lesson the trust no longer names dana")
    }

    /// A world with dana allowed sts:AssumeRole, and a role R trusting her with `trust` and
    /// allowed ec2:StopInstances; `extra` commands after.
    func roleWorld(condition: String, extra: [String] = []) -> World {
        var world = World()
        for command in [
            "aws iam create-user --user-name dana",
            #"aws iam put-user-policy --user-name dana --policy-name P --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}'"#,
            #"aws iam create-role --role-name R --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole","Condition":"#
                + condition + "}]}'",
            #"aws iam put-role-policy --role-name R --policy-name S --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StopInstances","Resource":"*"}]}'"#,
        ] + extra {
            _ = world.run(command)
        }
        return world
    }

    /// STS API Reference, AssumeRole: RoleSessionName is the caller's to give, and a trust
    /// policy may require one with the `sts:RoleSessionName` key (UG
    /// `reference_policies_iam-condition-keys.html#ck_rolesessionname`).
    @Test func aTrustThatAsksForHerOwnSessionNameLetsHerIn() {
        let world = roleWorld(condition: #"{"StringEquals":{"sts:RoleSessionName":"dana"}}"#)
        let goal = Goal.can(.init(principal: .user("dana"), via: .role("R"), action: "ec2:StopInstances"), expected: true)
        #expect(goal.evaluate(in: world).holds, "\(goal.evaluate(in: world).finding)")
    }

    /// STS API Reference, AssumeRole (DurationSeconds, up to the role's MaxSessionDuration): a
    /// time cut-off in the trust policy stops new sessions; one taken just before it lasts as long
    /// as the role allows.
    @Test func aCutOffDoesNotEndSessionsAlreadyGiven() {
        let cutoff = #"{"DateLessThan":{"aws:CurrentTime":"2026-01-01T20:00:00Z"}}"#
        var later = Goal.Ability(principal: .user("dana"), via: .role("R"), action: "ec2:StopInstances")
        later.from = 12 * 3600
        let goal = Goal.can(later, expected: false)
        #expect(goal.evaluate(in: roleWorld(condition: cutoff)).holds, "an hour-long session taken before 20:00 is over twelve hours on")
        let long = roleWorld(condition: cutoff, extra: ["aws iam update-role --role-name R --max-session-duration 43200"])
        let result = goal.evaluate(in: long)
        #expect(!result.holds && result.finding.contains("lasting the role's maximum of 12h"), "\(result.finding)")
    }

    @Test func onlyTrustedNamesWhoElseGetsIn() {
        var world = World()
        _ = world.run("aws iam create-user --user-name a")
        _ = world.run("aws iam create-user --user-name b")
        _ = world.run(
            #"aws iam put-user-policy --user-name b --policy-name P --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}'"#
        )
        _ = world.run(
            #"aws iam create-role --role-name R --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}'"#
        )
        let result = Goal.onlyTrusted(role: "R", principals: [.user("a")]).evaluate(in: world)
        #expect(!result.holds)
        #expect(result.finding == "user/b may assume R too; user/a cannot assume R")
    }
}

@Suite("the lesson runner")
struct LessonRunTests {
    @Test("a seed reorders the choices, and the right choice is still right")
    func seededChoices() throws {
        let lesson = try LessonCatalog.scan(folder: lessonsFolder).lesson("plumber")
        var orders: Set<String> = []
        for seed: UInt64 in [0, 7, 12345, 999_999] {
            var record = LessonRecord()
            var run = LessonRun(lesson: lesson)
            run.seed = seed
            var choices: [(letter: String, text: String)] = []
            for case .question(_, _, let shown, _) in run.present(record: &record) { choices = shown }
            #expect(choices.map { $0.letter } == ["a", "b", "c", "d"])
            orders.insert(choices.map { $0.text }.joined(separator: "|"))
            let role = try #require(choices.first { $0.text.contains("a role she may assume") })
            let answered = run.answer(role.letter, record: &record)
            let reply = try #require(answered)
            guard case .answeredRight(let feedback) = reply.first else {
                Issue.record("the right choice was not taken as right: \(reply)")
                continue
            }
            #expect(!feedback.isEmpty, "the lesson's feedback on the choice")
        }
        #expect(orders.count > 1, "different seeds should give different orders")
    }

    @Test("a task passes as soon as the world meets its goals, whatever commands got there")
    func anyCorrectDesignPasses() throws {
        let lesson = try LessonCatalog.scan(folder: lessonsFolder).lesson("plumber")
        var record = LessonRecord()
        record.current = "make-role"
        var run = LessonRun(lesson: lesson, record: record)
        _ = run.present(record: &record)
        // A different, equally good design: a customer managed policy instead of the AWS one.
        _ = run.world.run(
            #"aws iam create-role --role-name ProjectEC2 --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole"}]}'"#
        )
        #expect(run.afterCommand(failed: false, record: &record) == nil)
        _ = run.world.run(
            #"aws iam create-policy --policy-name RunEC2 --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}'"#
        )
        _ = run.world.run("aws iam attach-role-policy --role-name ProjectEC2 --policy-arn arn:aws:iam::111122223333:policy/RunEC2")
        let done = run.afterCommand(failed: false, record: &record)
        guard case .taskDone(let task)? = done?.first else {
            Issue.record("the task is not done: \(String(describing: done))")
            return
        }
        #expect(task.goals.allSatisfy { $0.holds })
        #expect(record.steps["make-role"]?.result == .passed)
    }
}

@Suite("grades and time")
struct GradeTests {
    @Test("a design that works but is not the best is graded acceptable, with the reason")
    func acceptable() throws {
        let lesson = try LessonCatalog.scan(folder: lessonsFolder).lesson("basics")
        var record = LessonRecord()
        record.current = "grant"
        var run = LessonRun(lesson: lesson, record: record)
        _ = run.present(record: &record)
        run.tick(now: 1000, record: &record)
        _ = run.world.run(
            #"aws iam put-user-policy --user-name sam --policy-name R --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::team-reports/*"}]}'"#
        )
        run.tick(now: 1090, record: &record)
        let done = run.afterCommand(failed: false, record: &record)
        guard case .taskDone(let task)? = done?.first else {
            Issue.record("the task is not done: \(String(describing: done))")
            return
        }
        #expect(task.grade == .acceptable)
        #expect(task.betterBecause?.hasPrefix("a wildcard such as s3:Get* also hands out object ACLs and tags") == true)
        #expect(!task.missing.isEmpty, "the best goal the design misses")
        #expect(record.steps["grant"]?.grade == .acceptable)
        #expect(record.steps["grant"]?.seconds == 90)
    }

    @Test("the reference solution is graded best")
    func best() throws {
        let lesson = try LessonCatalog.scan(folder: lessonsFolder).lesson("basics")
        var record = LessonRecord()
        record.current = "grant"
        var run = LessonRun(lesson: lesson, record: record)
        _ = run.present(record: &record)
        guard case .task(let task)? = run.step?.kind else { Issue.record("not a task"); return }
        for command in task.solution { _ = run.world.run(command) }
        let done = run.afterCommand(failed: false, record: &record)
        guard case .taskDone(let task)? = done?.first else {
            Issue.record("the task is not done: \(String(describing: done))")
            return
        }
        #expect(task.grade == .best)
        #expect(task.missing.isEmpty && task.extras.isEmpty)
    }
}

@Suite("per-learner variants")
struct VariantTests {
    @Test("neighbours get different people, with the same goals, and every variant passes lint")
    func seedsDrawDifferentWorlds() throws {
        let catalog = LessonCatalog.scan(folder: lessonsFolder)
        var people: Set<String> = []
        for seed in [UInt64(0)] + LessonCatalog.lintSeeds {
            let lesson = try catalog.lesson("plumber", seed: seed)
            let user = try #require(lesson.world.first { $0.hasPrefix("aws iam create-user --user-name ") })
            let person = String(user.dropFirst("aws iam create-user --user-name ".count))
            people.insert(person)
            guard case .task(let task)? = lesson.step("make-role")?.kind, case .can(let ability, _)? = task.goals.first else {
                Issue.record("plumber.make-role changed shape")
                continue
            }
            #expect(ability.principal == .user(person), "the goal follows the drawn person")
            #expect(Lint.check([lesson]).isEmpty, "seed \(seed): \(Lint.check([lesson]).map(\.description))")
            if case .say(let text)? = lesson.steps.first?.kind { #expect(text.hasPrefix(person.prefix(1).uppercased() + person.dropFirst())) }
        }
        #expect(people.count >= 2)
        #expect(try catalog.lesson("plumber", seed: 0).world.contains("aws iam create-user --user-name dana"), "seed 0 keeps the first values")
        let (variants, problems) = catalog.variantsForLint()
        #expect(problems.isEmpty)
        #expect(variants.count == LessonCatalog.lintSeeds.count)
    }

    @Test func badVariantsAreLocated() {
        #expect(throws: LessonError.self) {
            _ = try LessonLoader.load(yaml: "id: v\ntitle: t\nsummary: s\nvariants:\n  person dana\nsteps:\n  - id: a\n    say: x\n", file: "v.yaml")
        }
        do {
            _ = try LessonLoader.load(yaml: "id: v\ntitle: t\nsummary: s\nvariants:\n  person dana\nsteps:\n  - id: a\n    say: x\n", file: "v.yaml")
        } catch {
            #expect(error.description == "v.yaml:5:3: variants: a variant is written `name: [value, value, …]` (fix: such as `person: [dana, dara, devi]`)")
        }
    }
}
