import Policy
import World

/// A lesson being taken: the current step, the lesson's world, and what the learner did.
/// Every method returns the text to show; the shell saves `record` after each.
public struct LessonRun: Sendable {
    public let lesson: Lesson
    public internal(set) var index: Int
    public var world: World
    public private(set) var record: LessonRecord
    /// Tries before `solution` is offered (the lesson's `solution_after`); nil: never.
    public var attemptsBeforeSolution: Int?
    /// Seeds the order of choices (per learner).
    public var seed: UInt64 = 0
    public var plain = false
    /// Presenter mode: narration is revealed one step at a time (Enter shows the next).
    public var presenter = false
    /// In presenter mode, a narration step shown and waiting for Enter.
    public private(set) var waitingForEnter = false

    /// The instructor's switches for this lesson (pack.yaml).
    public var switches = PackInfo.Switches() {
        didSet { if let n = switches.solutionAfter { attemptsBeforeSolution = n } }
    }
    /// When the learner last acted (seconds, from the shell's clock), for time spent per step.
    var lastActivity: Int?
    /// The world when the last task was done (or the lesson began): the attacks look at
    /// everything changed since — also what was typed at a question or before `next` showed the
    /// task again.
    public internal(set) var taskStart: World
    /// The decision `why` should explain next (a prediction's, a failing goal's, the first attack
    /// that got in), handed to the shell once: `takeDecision()`.
    var decisionToExplain: DecisionRecord?

    /// The decision this run last met for `why`, once (then nil until another).
    public mutating func takeDecision() -> DecisionRecord? {
        defer { decisionToExplain = nil }
        return decisionToExplain
    }

    /// The attacks last tried on the open (or just finished) task, for `why N`.
    public private(set) var lastAttack: AttackReport?
    /// In an exam, what each answer met (the engine's outcome of a prediction, a task's failing
    /// goals), kept for the review at the end and said nowhere before it.
    var examNotes: [String: String] = [:]

    /// Adds the time since the learner's last action to the current step (a pause longer than
    /// five minutes counts as five: the learner was away).
    public mutating func tick(now: Int) {
        defer { lastActivity = now }
        guard let last = lastActivity, now > last else { return }
        let spent = min(now - last, 300)
        update { $0.seconds += spent }
    }

    public init(lesson: Lesson, record: LessonRecord = LessonRecord()) {
        self.lesson = lesson
        self.record = record
        attemptsBeforeSolution = lesson.solutionAfter
        var start = 0
        if let current = record.current, let i = lesson.steps.firstIndex(where: { $0.id == current }) { start = i }
        index = start
        world = lesson.world(atStep: start)
        taskStart = world
    }

    public var step: Step? { lesson.steps.indices.contains(index) ? lesson.steps[index] : nil }
    public var finished: Bool { record.finished }

    var yes: String { plain ? "RIGHT:" : "✓" }
    var no: String { plain ? "NOT QUITE:" : "✗" }

    /// The step's position among the interactive ones, `2/5`.
    var position: String {
        let interactive = lesson.steps.indices.filter { lesson.steps[$0].isInteractive }
        let n = (interactive.firstIndex(of: index) ?? 0) + 1
        return "\(n)/\(interactive.count)"
    }

    /// The choices in the learner's order, with their letters.
    func lettered(_ q: Question) -> [(letter: String, choice: Question.Choice)] {
        var order = Array(q.choices.indices)
        var state = seed &+ UInt64(truncatingIfNeeded: (lesson.id + (step?.id ?? "")).utf8.reduce(5381) { ($0 &* 33) &+ Int($1) })
        if seed != 0 {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                order.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
            }
        }
        let letters = Array("abcdefghij")
        return order.enumerated().map { (String(letters[$0.offset]), q.choices[$0.element]) }
    }

    /// Shows the current step; narration runs on by itself until a step wants the learner.
    public mutating func present() -> String {
        var out: [String] = []
        waitingForEnter = false
        while let step {
            switch step.kind {
            case .say(let text):
                out.append(text.reflowed)
                index += 1
                if presenter {
                    waitingForEnter = true
                    out.append("(Enter for the next step)")
                    return out.joined(separator: "\n\n")
                }
                continue
            case .recap(let text):
                out.append((plain ? "Recap: " : "── recap ──\n") + text.reflowed)
                record.finished = true
                record.current = nil
                index = lesson.steps.count
                if let review = examReview { out.append(review) }
                out.append("Lesson \(lesson.id) done. `lessons` lists the others; `recap` writes what you did.")
                return out.joined(separator: "\n\n")
            case .ask(let q):
                record.current = step.id
                var lines = ["[question \(position)] \(q.text.reflowed)"]
                for (letter, choice) in lettered(q) { lines.append("  \(letter)) \(choice.text)") }
                lines.append(q.correctIDs.count > 1 ? "Answer with the letters of every right choice (such as: a c)." : "Answer with a letter.")
                out.append(lines.joined(separator: "\n"))
                return out.joined(separator: "\n\n")
            case .predict(let p):
                record.current = step.id
                out.append("[predict \(position)] \(p.text.reflowed)\nAnswer allowed or denied.")
                return out.joined(separator: "\n\n")
            case .task(let t):
                record.current = step.id
                let how =
                    switches.exam
                    ? "Use aws commands; `next` hands the task in (it is judged in the review at the end)."
                    : "Use aws commands; `check` says which goals still fail, `hint` helps."
                out.append("[task \(position)] \(t.text.reflowed)\n\(how)")
                return out.joined(separator: "\n\n")
            }
        }
        record.finished = true
        return out.joined(separator: "\n\n")
    }

    mutating func update(_ body: (inout StepRecord) -> Void) {
        guard let step else { return }
        var r = record.steps[step.id] ?? StepRecord()
        body(&r)
        if let lastActivity, lastActivity > 0 { r.at = lastActivity }
        record.steps[step.id] = r
        record.exam = switches.exam ? true : nil
    }

    /// Notes what a design of the open task got wrong, for the debrief: the goals still failing
    /// (when `goals` is set: the learner checked, skipped or handed it in), the attacks that got
    /// in, and the lesson's rejected designs that fail the same goals and let in the same attacks.
    mutating func noteFlaws(_ grading: Grading, task: Task, goals: Bool) {
        let flaws = grading.flaws
        guard !flaws.isEmpty else { return }
        let matched = task.rejects.filter { $0.commands.isEmpty == false && task.grade(replaying: $0.commands, from: taskStart).grading.flaws == flaws }
        update { r in
            if goals { for goal in flaws.goals.sorted() { r.failedGoals = StepRecord.noting(goal, in: r.failedGoals) } }
            for breach in flaws.breaches.sorted() { r.breaches = StepRecord.noting(breach, in: r.breaches) }
            for design in matched { r.rejected = StepRecord.noting(design.name, in: r.rejected) }
        }
    }

    /// Whether the current step takes a typed answer (a letter, allowed/denied).
    public var wantsAnswer: Bool {
        switch step?.kind {
        case .ask?, .predict?: true
        default: false
        }
    }

    /// Takes an answer to a question or a prediction. Returns nil when `text` is not an answer.
    public mutating func answer(_ text: String) -> String? {
        guard let step else { return nil }
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        switch step.kind {
        case .ask(let q):
            let lettered = lettered(q)
            let picked = words.compactMap { w in lettered.first { $0.letter == w } }
            guard !picked.isEmpty, picked.count == words.count else { return nil }
            update { $0.attempts += 1 }
            let pickedIDs = Set(picked.map(\.choice.id))
            if switches.exam {
                // Exam: recorded, not judged aloud; answering again (after `back`) replaces the
                // answer, and says nothing either way.
                let right = pickedIDs == Set(q.correctIDs)
                let wrong = picked.filter { !$0.choice.correct }.map(\.choice.id)
                update {
                    $0.result = right ? .passed : .failed
                    $0.wrongChoices = right ? [] : (wrong.isEmpty ? ["incomplete"] : wrong)
                }
                index += 1
                return "Recorded.\n\n" + present()
            }
            if pickedIDs == Set(q.correctIDs) {
                update { $0.result = .passed }
                let feedback = picked.map(\.choice.feedback).joined(separator: " ")
                index += 1
                return "\(yes) Right. \(feedback)\n\n" + present()
            }
            let wrong = picked.filter { !$0.choice.correct }
            update { $0.wrongChoices += (wrong.isEmpty ? ["incomplete"] : wrong.map(\.choice.id)) }
            let feedback = wrong.isEmpty ? "Some of it: another choice is right as well." : wrong.map(\.choice.feedback).joined(separator: " ")
            return "\(no) Not quite: \(feedback)" + hintSuffix(step)
        case .predict(let p):
            guard let guess = words.first, words.count == 1, ["allowed", "allow", "denied", "deny", "yes", "no"].contains(guess) else { return nil }
            let predictedAllowed = ["allowed", "allow", "yes"].contains(guess)
            guard case .can(let ability, _) = p.check else { return nil }
            let (allowed, detail, decided) = Goal.decision(ability, in: world)
            let outcome = allowed ? "allowed (\(detail))" : "denied (\(detail))"
            update { $0.attempts += 1 }
            let right = predictedAllowed == allowed
            if switches.exam {
                // Nothing for `why` either: the engine's decision waits for the review.
                examNotes[step.id] = "you said \(predictedAllowed ? "allowed" : "denied"); it is \(outcome). \(p.explain.reflowed)"
                update {
                    $0.result = right ? .passed : .failed
                    $0.wrongChoices = right ? [] : [predictedAllowed ? "allowed" : "denied"]
                }
                index += 1
                return "Recorded.\n\n" + present()
            }
            if let decided { decisionToExplain = decided }
            update {
                $0.result = .passed
                if !right { $0.wrongChoices.append(predictedAllowed ? "allowed" : "denied") }
            }
            index += 1
            let verdict = right ? "\(yes) You predicted it." : "\(no) The simulation disagrees."
            return "\(verdict) It is \(outcome).\n\(p.explain.reflowed)\n(`why` shows the whole decision.)\n\n" + present()
        default:
            return nil
        }
    }

    func hintSuffix(_ step: Step) -> String {
        let r = record.steps[step.id] ?? StepRecord()
        if let n = attemptsBeforeSolution, r.attempts >= n { return "\n(`hint` helps; `solution` shows the answer.)" }
        return "\n(`hint` helps.)"
    }

    /// After an aws command during a task: do the goals hold, and does the design stand up to
    /// the attacks?
    public mutating func afterCommand(failed: Bool) -> String? {
        guard let step, case .task(let task) = step.kind else { return nil }
        update { $0.attempts += 1 }
        if switches.exam { return nil }
        let grading = task.grade(from: taskStart, to: world)
        guard grading.grade != .open else { return nil }
        lastAttack = grading.attack
        let attacks = grading.attack.map { $0.lines(yes: yes, no: no) } ?? []
        if grading.grade == .refused {
            update { $0.refused = ($0.refused ?? 0) + 1 }
            noteFlaws(grading, task: task, goals: false)
            if let first = grading.attack?.breaches.first { decisionToExplain = first.record }
            return "\(no) The goals hold, but the design does not stand up to attack — the task stays open:\n" + attacks.joined(separator: "\n")
                + "\n(`why N` shows the engine's decision for attack N.)"
        }
        var gradeNote = ""
        if grading.grade == .best {
            gradeNote = "\nGrade: best."
        } else {
            var reasons: [String] = []
            let missing = grading.best.filter { !$0.holds }.map(\.finding)
            if !missing.isEmpty { reasons.append("\(task.bestBecause?.reflowed ?? "a better design exists") (\(missing.joined(separator: "; ")))") }
            let extras = grading.attack?.extras ?? []
            if !extras.isEmpty {
                let listed = extras.prefix(3).map { "\($0.who) also allows \($0.action) on \(AttackReport.short($0.resource))" }.joined(separator: "; ")
                reasons.append("\(listed)\(extras.count > 3 ? " (and \(extras.count - 3) more)" : ""); the task needs less")
            }
            gradeNote = "\nGrade: acceptable — it works, but \(reasons.joined(separator: "; also "))"
        }
        update {
            $0.result = .passed
            $0.grade = grading.grade
        }
        index += 1
        taskStart = world
        let found = grading.goals.map { "  \(yes) \($0.finding)" }.joined(separator: "\n")
        return
            "\(yes) Task done — the simulation confirms:\n\(found)\nAttacks tried on your design:\n\(attacks.joined(separator: "\n"))\(gradeNote)\n(`why N` shows the engine's decision for attack N.)\n\n"
            + present()
    }

    /// `check`: each goal of the open task, met or not, and why; once they hold, the attacks.
    /// `why` then explains the first failing goal or attack.
    public mutating func check() -> String {
        guard let step, case .task(let task) = step.kind else { return "There is no task open: `check` tests a task's goals." }
        if switches.exam { return "In this exam, goals are checked at the end; `next` hands the task in." }
        let grading = task.grade(from: taskStart, to: world)
        noteFlaws(grading, task: task, goals: true)
        var lines = grading.goals.map { r in r.holds ? "  \(yes) \(r.finding)" : "  \(no) \(r.goal.summary): \(r.finding)" }
        if let failing = grading.goals.first(where: { !$0.holds }), case .can(let ability, let expected) = failing.goal,
            let record = Goal.decision(ability, expected: expected, in: world).record
        {
            decisionToExplain = record
        }
        if let attack = grading.attack {
            lastAttack = attack
            lines.append("Attacks on your design:")
            lines += attack.lines(yes: yes, no: no)
            if let first = attack.breaches.first { decisionToExplain = first.record }
        }
        return lines.joined(separator: "\n")
    }

    /// The next hint, in tiers.
    public mutating func hint() -> String {
        guard let step else { return "The lesson is over." }
        if switches.exam { return "No hints in an exam: the review at the end explains every answer." }
        guard switches.hints else { return "Hints are turned off for this lesson." }
        let used = record.steps[step.id]?.hintsUsed ?? 0
        guard !step.hints.isEmpty else { return "This step has no hints." }
        let i = min(used, step.hints.count - 1)
        update { $0.hintsUsed = min(used + 1, step.hints.count) }
        let more = i + 1 < step.hints.count ? " (`hint` again for more)" : ""
        return "Hint \(i + 1)/\(step.hints.count): \(step.hints[i].trimmed())\(more)"
    }

    /// The answer, after enough tries.
    public mutating func solution() -> String {
        guard let step else { return "The lesson is over." }
        if switches.exam { return "Solutions are not shown in an exam." }
        let r = record.steps[step.id] ?? StepRecord()
        guard let needed = attemptsBeforeSolution else { return "Solutions are not shown in this lesson; `hint` still helps." }
        // Only tries unlock it: `check`, `hint` and `why` are not tries.
        guard r.attempts >= needed else {
            return "Try \(needed - r.attempts) more time(s) before the solution is shown (`hint` helps meanwhile)."
        }
        update { $0.sawSolution = true }
        switch step.kind {
        case .ask(let q):
            let letters = lettered(q).filter(\.choice.correct).map(\.letter)
            return "The answer is \(letters.joined(separator: " ")). Type it to go on."
        case .predict:
            return "Answer either way: the engine will show what happens, and `why`."
        case .task(let t):
            return "One solution:\n" + t.solution.map { "  " + $0 }.joined(separator: "\n")
        default:
            return "Nothing to solve here."
        }
    }

    /// Moves on; a skipped task is solved with its reference solution so later steps still work.
    public mutating func skip() -> String {
        guard let step else { return "The lesson is over." }
        guard switches.skip else { return "Skipping is turned off for this lesson." }
        if case .task(let t) = step.kind {
            noteFlaws(t.grade(from: taskStart, to: world), task: t, goals: true)
            for command in t.solution { _ = world.run(command) }
            taskStart = world
        }
        update { $0.result = .skipped }
        index += 1
        return "Skipped \(step.id).\n\n" + present()
    }

    /// Back to the previous step that wants the learner.
    public mutating func back() -> String {
        var i = index - 1
        while i >= 0, !lesson.steps[i].isInteractive { i -= 1 }
        guard i >= 0 else { return "This is the first step." }
        index = i
        return present()
    }

    /// Starts the current step again (its world as it was when it began).
    public mutating func resetStep() -> String {
        world = lesson.world(atStep: index)
        taskStart = world
        if let step { record.steps[step.id] = nil }
        return "Step reset.\n\n" + present()
    }

    /// A Markdown cheat-sheet of the lesson and what this learner did.
    public func recap() -> String {
        var lines = ["# \(lesson.title)", "", lesson.summary.reflowed, ""]
        for step in lesson.steps {
            let r = record.steps[step.id]
            switch step.kind {
            case .ask(let q):
                lines.append("- **Question:** \(q.text.reflowed)")
                lines.append("  - answer: \(q.choices.filter(\.correct).map(\.text).joined(separator: "; "))")
                if let wrong = r?.wrongChoices, !wrong.isEmpty {
                    lines.append("  - you first chose: \(wrong.compactMap { id in q.choices.first { $0.id == id }?.text }.joined(separator: "; "))")
                }
            case .task(let t):
                lines.append("- **Task:** \(t.text.reflowed) — \((r?.result ?? .open).rawValue)")
                lines.append("  - one solution: `\(t.solution.joined(separator: "` then `"))`")
            case .recap(let text):
                lines.append("")
                lines.append(text.reflowed)
            default:
                break
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
