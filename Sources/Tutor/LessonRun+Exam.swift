import World

/// An exam: answers recorded without a verdict, tasks handed in with `next`, and a review of
/// every answer at the end.
extension LessonRun {
    /// In an exam, `next` hands the open task in: its goals are checked and recorded silently.
    public mutating func handIn() -> String? {
        guard switches.exam, let step, case .task(let task) = step.kind else { return nil }
        let grading = task.grade(from: taskStart, to: world)
        noteFlaws(grading, task: task, goals: true)
        update {
            $0.result = grading.grade.done ? .passed : .failed
            $0.grade = grading.grade.done ? grading.grade : nil
        }
        examNotes[step.id] = Self.handedIn(grading)
        index += 1
        taskStart = world
        return "Handed in.\n\n" + present()
    }

    /// What the review says of a task handed in: its grade, or the goals that failed and who got in.
    static func handedIn(_ grading: Grading) -> String {
        if grading.grade.done { return "done (grade: \(grading.grade.rawValue))." }
        var said: [String] = []
        let failing = grading.goals.filter { !$0.holds }
        if !failing.isEmpty {
            said.append("goals that failed: " + failing.prefix(3).map(\.goal.summary).joined(separator: "; "))
        }
        if let breaches = grading.attack?.breaches, !breaches.isEmpty {
            said.append("who got in: " + breaches.prefix(3).map { "\($0.who) → \($0.action)" }.joined(separator: "; "))
        }
        return "not done — " + (said.isEmpty ? "the design does not stand up to attack." : said.joined(separator: "; ") + ".")
    }

    /// The exam's review, said at the end: the score, then each answer with what was right.
    public var examReview: String? {
        guard switches.exam else { return nil }
        let interactive = lesson.steps.filter(\.isInteractive)
        let passed = interactive.filter { record.steps[$0.id]?.result == .passed }.count
        var lines = [(plain ? "Exam review: " : "── exam review ──\n") + "\(passed) of \(interactive.count) right."]
        for (n, step) in interactive.enumerated() {
            let r = record.steps[step.id]
            let mark = r?.result == .passed ? yes : no
            switch step.kind {
            case .ask(let q):
                let right = q.choices.filter(\.correct)
                var line = "\(n + 1). \(mark) \(q.text.reflowed)\n   right: \(right.map(\.text).joined(separator: "; "))"
                let wrong = (r?.wrongChoices ?? []).compactMap { id in q.choices.first { $0.id == id } }
                if r?.result != .passed {
                    line += wrong.isEmpty ? " (you chose only part of it)" : "\n   you chose: \(wrong.map(\.text).joined(separator: "; "))"
                    for choice in wrong { line += "\n   " + choice.feedback.reflowed }
                } else {
                    line += "\n   " + right.map { $0.feedback.reflowed }.joined(separator: " ")
                }
                lines.append(line)
            case .predict(let p):
                let met = examNotes[step.id] ?? (r == nil ? "not answered." : p.explain.reflowed)
                lines.append("\(n + 1). \(mark) \(p.text.reflowed)\n   \(met)")
            case .task(let t):
                let met = examNotes[step.id] ?? (r?.result == .passed ? "done." : "not done.")
                lines.append("\(n + 1). \(mark) \(t.text.reflowed)\n   \(met)\n   one solution: \(t.solution.joined(separator: " ; "))")
            default:
                break
            }
        }
        return lines.joined(separator: "\n")
    }
}
