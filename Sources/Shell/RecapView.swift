import Tutor

/// `recap`: what a lesson taught and what this learner did in it, as Markdown.
enum RecapView {
    /// A Markdown cheat-sheet of the lesson and what this learner did.
    static func markdown(_ lesson: Lesson, _ record: LessonRecord) -> String {
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
