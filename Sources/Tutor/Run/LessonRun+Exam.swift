import World

/// An exam: answers recorded without a verdict, tasks handed in with `next`, and a review of
/// every answer at the end.
extension LessonRun {
    /// In an exam, `next` hands the open task in: its goals are checked and recorded silently.
    public mutating func handIn(record: inout LessonRecord) -> [Outcome]? {
        guard switches.exam, let step, case .task(let task) = step.kind else { return nil }
        let grading = task.grade(from: taskStart, to: world)
        noteFlaws(grading, task: task, goals: true, record: &record)
        update(&record) {
            $0.result = grading.grade.done ? .passed : .failed
            $0.grade = grading.grade.done ? grading.grade : nil
        }
        examNotes[step.id] = Self.handedIn(grading)
        index += 1
        taskStart = world
        return [.handedIn] + present(record: &record)
    }

    /// What the review says of a task handed in: its grade, or the goals that failed and who got in.
    static func handedIn(_ grading: Grading) -> ExamNote {
        .handedIn(
            grade: grading.grade, failing: grading.goals.filter { !$0.holds }.prefix(3).map(\.goal.summary),
            breaches: (grading.attack?.breaches ?? []).prefix(3).map { ($0.who, $0.action) })
    }

    /// The exam's review, said at the end: the score, then each answer with what was right.
    public func examReview(_ record: LessonRecord) -> ExamReview? {
        guard switches.exam else { return nil }
        let interactive = lesson.steps.filter(\.isInteractive)
        let passed = interactive.filter { record.steps[$0.id]?.result == .passed }.count
        var answers: [ExamReview.Answer] = []
        for (n, step) in interactive.enumerated() {
            let r = record.steps[step.id]
            let right = r?.result == .passed
            switch step.kind {
            case .ask(let q):
                let wrong = (r?.wrongChoices ?? []).compactMap { id in q.choices.first { $0.id == id } }
                answers.append(
                    .init(number: n + 1, right: right, step: .question(text: q.text.reflowed, right: q.choices.filter(\.correct), wrongPicked: wrong)))
            case .predict(let p):
                answers.append(
                    .init(
                        number: n + 1, right: right,
                        step: .prediction(text: p.text.reflowed, met: examNotes[step.id], answered: r != nil, explain: p.explain.reflowed))
                )
            case .task(let t):
                answers.append(.init(number: n + 1, right: right, step: .task(text: t.text.reflowed, met: examNotes[step.id], solution: t.solution)))
            default:
                break
            }
        }
        return ExamReview(right: passed, total: interactive.count, answers: answers)
    }
}
