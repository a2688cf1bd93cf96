import Policy
import World

/// A lesson being taken: the current step and the lesson's world.
///
/// What the learner did (the lesson's `LessonRecord`) is not kept here: it belongs to the
/// learner's progress, and each method that reads or changes it is lent it (`record:`). Every
/// method returns what happened (`Outcome`s, which the shell renders).
public struct LessonRun: Sendable {
    public let lesson: Lesson
    public internal(set) var index: Int
    public var world: World
    /// Tries before `solution` is offered (the lesson's `solution_after`); nil: never.
    public var attemptsBeforeSolution: Int?
    /// Seeds the order of choices (per learner).
    public var seed: UInt64 = 0
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
    var examNotes: [String: ExamNote] = [:]

    /// Adds the time since the learner's last action to the current step (a pause longer than
    /// five minutes counts as five: the learner was away).
    public mutating func tick(now: Int, record: inout LessonRecord) {
        defer { lastActivity = now }
        guard let last = lastActivity, now > last else { return }
        let spent = min(now - last, 300)
        update(&record) { $0.seconds += spent }
    }

    /// Opens `lesson` at the step `record` stopped at (its first step for a new record). The
    /// record is read, not kept.
    public init(lesson: Lesson, record: LessonRecord = LessonRecord()) {
        self.lesson = lesson
        attemptsBeforeSolution = lesson.solutionAfter
        var start = 0
        if let current = record.current, let i = lesson.steps.firstIndex(where: { $0.id == current }) { start = i }
        index = start
        world = lesson.world(atStep: start)
        taskStart = world
    }

    public var step: Step? { lesson.steps.indices.contains(index) ? lesson.steps[index] : nil }

    /// The step's position among the interactive ones, `2/5`.
    var position: Outcome.Position {
        let interactive = lesson.steps.indices.filter { lesson.steps[$0].isInteractive }
        let n = (interactive.firstIndex(of: index) ?? 0) + 1
        return Outcome.Position(number: n, of: interactive.count)
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
    public mutating func present(record: inout LessonRecord) -> [Outcome] {
        var out: [Outcome] = []
        waitingForEnter = false
        while let step {
            switch step.kind {
            case .say(let text):
                out.append(.narration(text.reflowed))
                index += 1
                if presenter {
                    waitingForEnter = true
                    out.append(.waitingForEnter)
                    return out
                }
                continue
            case .recap(let text):
                out.append(.recap(text.reflowed))
                record.finished = true
                record.current = nil
                index = lesson.steps.count
                if let review = examReview(record) { out.append(.examReview(review)) }
                out.append(.lessonDone(lesson: lesson.id))
                return out
            case .ask(let q):
                record.current = step.id
                out.append(
                    .question(
                        position: position, text: q.text.reflowed, choices: lettered(q).map { ($0.letter, $0.choice.text) },
                        several: q.correctIDs.count > 1))
                return out
            case .predict(let p):
                record.current = step.id
                out.append(.prediction(position: position, text: p.text.reflowed))
                return out
            case .task(let t):
                record.current = step.id
                out.append(.task(position: position, text: t.text.reflowed, exam: switches.exam))
                return out
            }
        }
        record.finished = true
        return out
    }

    mutating func update(_ record: inout LessonRecord, _ body: (inout StepRecord) -> Void) {
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
    mutating func noteFlaws(_ grading: Grading, task: Task, goals: Bool, record: inout LessonRecord) {
        let flaws = grading.flaws
        guard !flaws.isEmpty else { return }
        let matched = task.rejects.filter { $0.commands.isEmpty == false && task.grade(replaying: $0.commands, from: taskStart).grading.flaws == flaws }
        update(&record) { r in
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
    public mutating func answer(_ text: String, record: inout LessonRecord) -> [Outcome]? {
        guard let step else { return nil }
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        switch step.kind {
        case .ask(let q):
            let lettered = lettered(q)
            let picked = words.compactMap { w in lettered.first { $0.letter == w } }
            guard !picked.isEmpty, picked.count == words.count else { return nil }
            update(&record) { $0.attempts += 1 }
            let pickedIDs = Set(picked.map(\.choice.id))
            if switches.exam {
                // Exam: recorded, not judged aloud; answering again (after `back`) replaces the
                // answer, and says nothing either way.
                let right = pickedIDs == Set(q.correctIDs)
                let wrong = picked.filter { !$0.choice.correct }.map(\.choice.id)
                update(&record) {
                    $0.result = right ? .passed : .failed
                    $0.wrongChoices = right ? [] : (wrong.isEmpty ? [StepRecord.partial] : wrong)
                }
                index += 1
                return [.recorded] + present(record: &record)
            }
            if pickedIDs == Set(q.correctIDs) {
                update(&record) { $0.result = .passed }
                let feedback = picked.map(\.choice.feedback).joined(separator: " ")
                index += 1
                return [.answeredRight(feedback: feedback)] + present(record: &record)
            }
            let wrong = picked.filter { !$0.choice.correct }
            update(&record) { $0.wrongChoices += (wrong.isEmpty ? [StepRecord.partial] : wrong.map(\.choice.id)) }
            return [.answeredWrong(feedback: wrong.map(\.choice.feedback), solutionOffered: solutionOffered(step, record))]
        case .predict(let p):
            guard let guess = words.first, words.count == 1, ["allowed", "allow", "denied", "deny", "yes", "no"].contains(guess) else { return nil }
            let predictedAllowed = ["allowed", "allow", "yes"].contains(guess)
            guard case .can(let ability, _) = p.check else { return nil }
            let (allowed, detail, decided) = Goal.decision(ability, in: world)
            update(&record) { $0.attempts += 1 }
            let right = predictedAllowed == allowed
            if switches.exam {
                // Nothing for `why` either: the engine's decision waits for the review.
                examNotes[step.id] = .predicted(allowed: predictedAllowed, it: allowed, detail: detail, explain: p.explain.reflowed)
                update(&record) {
                    $0.result = right ? .passed : .failed
                    $0.wrongChoices = right ? [] : [predictedAllowed ? "allowed" : "denied"]
                }
                index += 1
                return [.recorded] + present(record: &record)
            }
            if let decided { decisionToExplain = decided }
            update(&record) {
                $0.result = .passed
                if !right { $0.wrongChoices.append(predictedAllowed ? "allowed" : "denied") }
            }
            index += 1
            return [.predicted(right: right, allowed: allowed, detail: detail, explain: p.explain.reflowed)] + present(record: &record)
        default:
            return nil
        }
    }

    /// Whether enough tries were made for `solution` to show the answer.
    func solutionOffered(_ step: Step, _ record: LessonRecord) -> Bool {
        let r = record.steps[step.id] ?? StepRecord()
        if let n = attemptsBeforeSolution, r.attempts >= n { return true }
        return false
    }

    /// After an aws command during a task: do the goals hold, and does the design stand up to
    /// the attacks? Nil while a goal fails (or in an exam, which says nothing).
    public mutating func afterCommand(failed: Bool, record: inout LessonRecord) -> [Outcome]? {
        guard let step, case .task(let task) = step.kind else { return nil }
        update(&record) { $0.attempts += 1 }
        if switches.exam { return nil }
        let grading = task.grade(from: taskStart, to: world)
        guard grading.grade != .open else { return nil }
        lastAttack = grading.attack
        if grading.grade == .refused, let attack = grading.attack {
            update(&record) { $0.refused = ($0.refused ?? 0) + 1 }
            noteFlaws(grading, task: task, goals: false, record: &record)
            if let first = attack.breaches.first { decisionToExplain = first.record }
            return [.designRefused(attack)]
        }
        update(&record) {
            $0.result = .passed
            $0.grade = grading.grade
        }
        index += 1
        taskStart = world
        let missing = grading.best.filter { !$0.holds }.map(\.finding)
        let done = Outcome.TaskDone(
            goals: grading.goals.map { Outcome.GoalResult(goal: $0.goal, holds: $0.holds, finding: $0.finding) }, attack: grading.attack, grade: grading.grade,
            betterBecause: missing.isEmpty ? nil : task.bestBecause?.reflowed, missing: missing, extras: grading.attack?.extras ?? [])
        return [.taskDone(done)] + present(record: &record)
    }

    /// `check`: each goal of the open task, met or not, and why; once they hold, the attacks.
    /// `why` then explains the first failing goal or attack.
    public mutating func check(record: inout LessonRecord) -> [Outcome] {
        guard let step, case .task(let task) = step.kind else { return [.refused(.noTaskOpen)] }
        if switches.exam { return [.refused(.examChecksAtEnd)] }
        let grading = task.grade(from: taskStart, to: world)
        noteFlaws(grading, task: task, goals: true, record: &record)
        if let failing = grading.goals.first(where: { !$0.holds }), case .can(let ability, let expected) = failing.goal,
            let decided = Goal.decision(ability, expected: expected, in: world).record
        {
            decisionToExplain = decided
        }
        if let attack = grading.attack {
            lastAttack = attack
            if let first = attack.breaches.first { decisionToExplain = first.record }
        }
        return [.checked(goals: grading.goals.map { Outcome.GoalResult(goal: $0.goal, holds: $0.holds, finding: $0.finding) }, attack: grading.attack)]
    }

    /// The next hint, in tiers.
    public mutating func hint(record: inout LessonRecord) -> [Outcome] {
        guard let step else { return [.refused(.lessonOver)] }
        if switches.exam { return [.refused(.examNoHints)] }
        guard switches.hints else { return [.refused(.hintsOff)] }
        let used = record.steps[step.id]?.hintsUsed ?? 0
        guard !step.hints.isEmpty else { return [.refused(.noHints)] }
        let i = min(used, step.hints.count - 1)
        update(&record) { $0.hintsUsed = min(used + 1, step.hints.count) }
        return [.hint(number: i + 1, of: step.hints.count, text: step.hints[i].trimmed())]
    }

    /// The answer, after enough tries.
    public mutating func solution(record: inout LessonRecord) -> [Outcome] {
        guard let step else { return [.refused(.lessonOver)] }
        if switches.exam { return [.refused(.examNoSolutions)] }
        let r = record.steps[step.id] ?? StepRecord()
        guard let needed = attemptsBeforeSolution else { return [.refused(.solutionsOff)] }
        // Only tries unlock it: `check`, `hint` and `why` are not tries.
        guard r.attempts >= needed else { return [.solutionLocked(triesLeft: needed - r.attempts)] }
        update(&record) { $0.sawSolution = true }
        switch step.kind {
        case .ask(let q):
            return [.solution(.letters(lettered(q).filter(\.choice.correct).map(\.letter)))]
        case .predict:
            return [.solution(.eitherWay)]
        case .task(let t):
            return [.solution(.commands(t.solution))]
        default:
            return [.solution(.nothing)]
        }
    }

    /// Moves on; a skipped task is solved with its reference solution so later steps still work.
    public mutating func skip(record: inout LessonRecord) -> [Outcome] {
        guard let step else { return [.refused(.lessonOver)] }
        guard switches.skip else { return [.refused(.skipOff)] }
        if case .task(let t) = step.kind {
            noteFlaws(t.grade(from: taskStart, to: world), task: t, goals: true, record: &record)
            for command in t.solution { _ = world.run(command) }
            taskStart = world
        }
        update(&record) { $0.result = .skipped }
        index += 1
        return [.skipped(step: step.id)] + present(record: &record)
    }

    /// Back to the previous step that wants the learner.
    public mutating func back(record: inout LessonRecord) -> [Outcome] {
        var i = index - 1
        while i >= 0, !lesson.steps[i].isInteractive { i -= 1 }
        guard i >= 0 else { return [.refused(.firstStep)] }
        index = i
        return present(record: &record)
    }

    /// Starts the current step again (its world as it was when it began).
    public mutating func resetStep(record: inout LessonRecord) -> [Outcome] {
        world = lesson.world(atStep: index)
        taskStart = world
        if let step { record.steps[step.id] = nil }
        return [.stepReset] + present(record: &record)
    }
}
