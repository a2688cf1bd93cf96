import Policy
import World

/// Checks lessons as an author needs: schema (at load), duplicate ids, hints, the world's setup,
/// and every task replayed — goals fail before the reference solution and hold after it, and every
/// rejected design fails them.
public enum Lint {
    /// - Parameter variants: the same lessons drawn with other seeds (checked too, ids not compared).
    public static func check(_ lessons: [Lesson], variants: [Lesson] = []) -> [LessonError] {
        var problems: [LessonError] = []
        var ids: [String: String] = [:]
        for (n, lesson) in (lessons + variants).enumerated() {
            let variant = n >= lessons.count
            func problem(_ line: Int, _ path: String, _ message: String, fix: String? = nil) {
                let where_ = variant ? "\(path) (a learner's variant of the lesson)" : path
                problems.append(LessonError(file: lesson.file, line: line, column: 1, path: where_, message: message, fix: fix))
            }
            if !variant {
                if let other = ids[lesson.id] { problem(1, "id", "the lesson id `\(lesson.id)` is used by \(other) too") }
                ids[lesson.id] = lesson.file
            }
            var (world, failures) = lesson.makeWorld()
            for failure in failures { problem(1, "world", "a setup command fails: \(failure)") }
            if world.profile(lesson.startAs) == nil {
                problem(
                    1, "start_as", "no profile `\(lesson.startAs)` exists after the setup", fix: "create the user's access key in `world:`, or start as root")
            }
            for (i, step) in lesson.steps.enumerated() {
                let path = "steps[\(i)]"
                if step.hints.contains(where: { $0.trimmed().isEmpty }) { problem(step.line, "\(path).hints", "a hint is empty") }
                if step.isInteractive && step.hints.isEmpty {
                    problem(step.line, "\(path).hints", "this step has no hints", fix: "give a nudge, then which entity, then the exact command")
                }
                for goal in Self.goals(of: step) {
                    if case .can(let a, _) = goal, !ActionCatalog.knows(a.action) {
                        problem(step.line, "\(path)", "`\(a.action)` is not an action this world knows", fix: Self.actionHint(a.action))
                    }
                }
                switch step.kind {
                case .predict(let p):
                    if case .can(let ability, _) = p.check {
                        let missing: Bool
                        switch ability.principal {
                        case .session(let role): missing = world.openSession(ofRole: role) == nil
                        case .provider: missing = false
                        case .root, .anyone, .user, .role, .group, .instance, .function, .account, .service, .arn:
                            missing = world.actor(for: ability.principal) == nil
                        }
                        if missing { problem(step.line, "\(path).check.as", "\(ability.principal) does not exist at this step") }
                    }
                case .task(let task):
                    let start = world
                    let before = task.goals.map { $0.evaluate(in: world) }
                    if before.allSatisfy(\.holds) {
                        problem(
                            step.line, "\(path).goal", "the goals already hold before the task: nothing to do",
                            fix: "check the goals, or the world before this step")
                    }
                    for design in task.rejects {
                        let grading = task.grade(replaying: design.commands, from: start).grading
                        if grading.grade.done {
                            problem(
                                step.line, "\(path).reject", "the rejected design `\(design.name)` passes (graded \(grading.grade.rawValue))",
                                fix: "add a goal or a `needs:` line that tells it apart: \(design.because)")
                        }
                    }
                    for design in task.accepts {
                        let grading = task.grade(replaying: design.commands, from: start).grading
                        if !grading.grade.done {
                            problem(
                                step.line, "\(path).accept", "the accepted design `\(design.name)` does not pass: \(Self.why(grading))",
                                fix: "a correct design must pass: widen `needs:` or `trusted:`, or fix the goals")
                        }
                    }
                    for command in task.solution {
                        let outcome = world.run(command)
                        if let error = outcome.error, !task.expects(error) {
                            problem(step.line, "\(path).solution", "`\(command)` fails: \(error.description)")
                        }
                    }
                    let grading = task.grade(from: start, to: world)
                    for result in grading.goals where !result.holds {
                        problem(step.line, "\(path).goal", "after the solution, a goal fails: \(result.goal.summary) — \(result.finding)")
                    }
                    for result in grading.best where !result.holds {
                        problem(step.line, "\(path).best", "the reference solution is not the best design: \(result.goal.summary) — \(result.finding)")
                    }
                    for probe in grading.attack?.probes ?? [] where probe.verdict == .breach || probe.verdict == .extra {
                        problem(
                            step.line, "\(path).solution",
                            "the reference solution is not the best design: \(probe.who) → \(probe.action) on \(probe.resource) is allowed (\(probe.note ?? ""))",
                            fix: probe.kind == .sweep
                                ? "add it to the task's `needs:` if the task needs it" : "add the principal to the task's `trusted:` if it is meant to get in")
                    }
                    for goal in task.goals + task.best {
                        for missing in Self.unknownNames(goal, in: world) {
                            problem(
                                step.line, "\(path).goal", "a goal names \(missing), which does not exist after the solution: a `cannot` about it always holds",
                                fix: "check the spelling, or create it in `world:` or the solution")
                        }
                    }
                    for need in task.needs where !ActionCatalog.knows(need.action) {
                        problem(step.line, "\(path).needs", "`\(need.action)` is not an action this world knows", fix: Self.actionHint(need.action))
                    }
                    if grading.goals.allSatisfy(\.holds) {
                        problems += Mutation.check(task, lesson: lesson, step: step, path: path, start: start, variant: variant)
                    }
                default:
                    break
                }
            }
        }
        return problems
    }
}

extension Lint {
    static func goals(of step: Step) -> [Goal] {
        switch step.kind {
        case .predict(let p): [p.check]
        case .task(let t): t.goals + t.best
        default: []
        }
    }

    static func actionHint(_ action: String) -> String {
        let names = ActionCatalog.actions.map(\.name)
        return Suggestion.closest(to: action, among: names).map { "did you mean `\($0)`?" }
            ?? "actions are written service:Action, as in the Service Authorization Reference"
    }

    /// The entities a goal names that the world does not hold.
    static func unknownNames(_ goal: Goal, in world: World) -> [String] {
        let home = world.account(world.homeAccount)
        var out: [String] = []
        func user(_ n: String) { if home?.user(n) == nil { out.append("user/\(n)") } }
        func role(_ spec: PrincipalSpec) {
            if world.account(spec.account ?? world.homeAccount)?.role(spec.roleName ?? "") == nil { out.append(spec.description) }
        }
        switch goal {
        case .can(let a, _):
            switch a.principal {
            case .provider(let provider):
                if !(home?.identityProviders.contains { $0.name == provider.name } ?? false) { out.append(a.principal.description) }
            case .session(let name):
                role(.role(name))
            case .root, .anyone, .user, .role, .group, .instance, .function, .account, .service, .arn:
                if world.actor(for: a.principal) == nil { out.append(a.principal.description) }
            }
            if let via = a.via { role(via) }
        case .noAccessKeys(let u), .accessKeys(let u, _, _): user(u)
        case .member(let u, let g, _):
            user(u)
            if home?.group(g) == nil { out.append("group/\(g)") }
        case .onlyTrusted(let r, let principals):
            role(.role(r))
            for p in principals where world.actor(for: p) == nil { out.append(p.description) }
        case .maxSession(let r, _), .instanceWithRole(let r): role(.role(r))
        case .noUserPolicies(let users): users.forEach(user)
        case .exists: break
        case .did(let p, _, _):
            switch p {
            case .role: role(p)
            case .user(let name): user(name)
            case .root, .anyone, .group, .session, .instance, .function, .provider, .account, .service, .arn: out.append(p.description)
            }
        case .groupsOf(let u, let groups):
            user(u)
            for g in groups where home?.group(g) == nil { out.append("group/\(g)") }
        case .loginProfile(let u, _), .mfaDevice(let u): user(u)
        case .refused, .passwordPolicy: break
        case .sharedManaged(let entities):
            for e in entities {
                switch e {
                case .role: role(e)
                case .user(let name): user(name)
                case .group(let name): if home?.group(name) == nil { out.append(e.description) }
                case .root, .anyone, .session, .instance, .function, .provider, .account, .service, .arn: out.append(e.description)
                }
            }
        }
        return out
    }

    /// Why a design did not pass, in a line.
    static func why(_ grading: Grading) -> String {
        if let failing = grading.goals.first(where: { !$0.holds }) { return "\(failing.goal.summary) — \(failing.finding)" }
        if let breach = grading.attack?.breaches.first { return "\(breach.who) → \(breach.action) on \(breach.resource) (\(breach.note ?? ""))" }
        return grading.grade.rawValue
    }
}
