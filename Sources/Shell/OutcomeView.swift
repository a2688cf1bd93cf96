import Tutor
import World

/// What a lesson run did, in the learner's words: marks (✓/✗, or words under `--plain`) and
/// the prose around the lesson's own feedback. Parts are separated by a blank line; the REPL
/// wraps the whole to the screen.
enum OutcomeView {
    /// The marks for right and wrong: ✓ and ✗, or words under `--plain`.
    static func marks(_ style: Style) -> (yes: String, no: String) {
        style.plain ? ("RIGHT:", "NOT QUITE:") : ("✓", "✗")
    }

    static func render(_ outcomes: [Outcome], style: Style) -> String {
        outcomes.map { render($0, style: style) }.joined(separator: "\n\n")
    }

    static func render(_ outcome: Outcome, style: Style) -> String {
        let (yes, no) = marks(style)
        switch outcome {
        case .narration(let text):
            return text
        case .waitingForEnter:
            return "(Enter for the next step)"
        case .question(let position, let text, let choices, let several):
            var lines = ["[question \(position.number)/\(position.of)] \(text)"]
            for choice in choices { lines.append("  \(choice.letter)) \(choice.text)") }
            lines.append(several ? "Answer with the letters of every right choice (such as: a c)." : "Answer with a letter.")
            return lines.joined(separator: "\n")
        case .prediction(let position, let text):
            return "[predict \(position.number)/\(position.of)] \(text)\nAnswer allowed or denied."
        case .task(let position, let text, let exam):
            let how =
                exam
                ? "Use aws commands; `next` hands the task in (it is judged in the review at the end)."
                : "Use aws commands; `check` says which goals still fail, `hint` helps."
            return "[task \(position.number)/\(position.of)] \(text)\n\(how)"
        case .recap(let text):
            return (style.plain ? "Recap: " : "── recap ──\n") + text
        case .examReview(let review):
            return examReview(review, style: style)
        case .lessonDone(let lesson):
            return "Lesson \(lesson) done. `lessons` lists the others; `recap` writes what you did."
        case .recorded:
            return "Recorded."
        case .answeredRight(let feedback):
            return "\(yes) Right. \(feedback)"
        case .answeredWrong(let feedback, let solutionOffered):
            let said = feedback.isEmpty ? "Some of it: another choice is right as well." : feedback.joined(separator: " ")
            return "\(no) Not quite: \(said)\n" + (solutionOffered ? "(`hint` helps; `solution` shows the answer.)" : "(`hint` helps.)")
        case .predicted(let right, let allowed, let detail, let explain):
            let verdict = right ? "\(yes) You predicted it." : "\(no) The simulation disagrees."
            return "\(verdict) It is \(decision(allowed, detail)).\n\(explain)\n(`why` shows the whole decision.)"
        case .designRefused(let attack):
            return "\(no) The goals hold, but the design does not stand up to attack — the task stays open:\n"
                + AttackView.lines(attack, style: style).joined(separator: "\n") + "\n(`why N` shows the engine's decision for attack N.)"
        case .taskDone(let done):
            return taskDone(done, style: style)
        case .checked(let goals, let attack):
            var lines = goals.map { r in r.holds ? "  \(yes) \(r.finding)" : "  \(no) \(r.goal.summary): \(r.finding)" }
            if let attack {
                lines.append("Attacks on your design:")
                lines += AttackView.lines(attack, style: style)
            }
            return lines.joined(separator: "\n")
        case .handedIn:
            return "Handed in."
        case .skipped(let step):
            return "Skipped \(step)."
        case .stepReset:
            return "Step reset."
        case .hint(let number, let of, let text):
            return "Hint \(number)/\(of): \(text)\(number < of ? " (`hint` again for more)" : "")"
        case .solution(.letters(let letters)):
            return "The answer is \(letters.joined(separator: " ")). Type it to go on."
        case .solution(.eitherWay):
            return "Answer either way: the engine will show what happens, and `why`."
        case .solution(.commands(let commands)):
            return "One solution:\n" + commands.map { "  " + $0 }.joined(separator: "\n")
        case .solution(.nothing):
            return "Nothing to solve here."
        case .solutionLocked(let triesLeft):
            return "Try \(triesLeft) more time(s) before the solution is shown (`hint` helps meanwhile)."
        case .refused(let refusal):
            return refused(refusal)
        }
    }

    /// `allowed (detail)` or `denied (detail)`.
    static func decision(_ allowed: Bool, _ detail: String) -> String {
        allowed ? "allowed (\(detail))" : "denied (\(detail))"
    }

    static func taskDone(_ done: Outcome.TaskDone, style: Style) -> String {
        let (yes, _) = marks(style)
        var gradeNote: String
        if done.grade == .best {
            gradeNote = "\nGrade: best."
        } else {
            var reasons: [String] = []
            if !done.missing.isEmpty {
                reasons.append("\(done.betterBecause ?? "a better design exists") (\(done.missing.joined(separator: "; ")))")
            }
            if !done.extras.isEmpty {
                let listed = done.extras.prefix(3).map { "\($0.who) also allows \($0.action) on \(AttackReport.short($0.resource))" }.joined(separator: "; ")
                reasons.append("\(listed)\(done.extras.count > 3 ? " (and \(done.extras.count - 3) more)" : ""); the task needs less")
            }
            gradeNote = "\nGrade: acceptable — it works, but \(reasons.joined(separator: "; also "))"
        }
        let found = done.goals.map { "  \(yes) \($0.finding)" }.joined(separator: "\n")
        let attacks = done.attack.map { AttackView.lines($0, style: style) } ?? []
        return
            "\(yes) Task done — the simulation confirms:\n\(found)\nAttacks tried on your design:\n\(attacks.joined(separator: "\n"))\(gradeNote)\n(`why N` shows the engine's decision for attack N.)"
    }

    static func examReview(_ review: ExamReview, style: Style) -> String {
        let (yes, no) = marks(style)
        var lines = [(style.plain ? "Exam review: " : "── exam review ──\n") + "\(review.right) of \(review.total) right."]
        for answer in review.answers {
            let mark = answer.right ? yes : no
            switch answer.step {
            case .question(let text, let right, let wrong):
                var line = "\(answer.number). \(mark) \(text)\n   right: \(right.map(\.text).joined(separator: "; "))"
                if !answer.right {
                    line += wrong.isEmpty ? " (you chose only part of it)" : "\n   you chose: \(wrong.map(\.text).joined(separator: "; "))"
                    for choice in wrong { line += "\n   " + choice.feedback.reflowed }
                } else {
                    line += "\n   " + right.map { $0.feedback.reflowed }.joined(separator: " ")
                }
                lines.append(line)
            case .prediction(let text, let met, let answered, let explain):
                let said = met.map(note) ?? (answered ? explain : "not answered.")
                lines.append("\(answer.number). \(mark) \(text)\n   \(said)")
            case .task(let text, let met, let solution):
                let said = met.map(note) ?? (answer.right ? "done." : "not done.")
                lines.append("\(answer.number). \(mark) \(text)\n   \(said)\n   one solution: \(solution.joined(separator: " ; "))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What an exam answer met, as the review says it.
    static func note(_ note: ExamNote) -> String {
        switch note {
        case .predicted(let said, let allowed, let detail, let explain):
            return "you said \(said ? "allowed" : "denied"); it is \(decision(allowed, detail)). \(explain)"
        case .handedIn(let grade, let failing, let breaches):
            if grade.done { return "done (grade: \(grade.rawValue))." }
            var said: [String] = []
            if !failing.isEmpty { said.append("goals that failed: " + failing.joined(separator: "; ")) }
            if !breaches.isEmpty { said.append("who got in: " + breaches.map { "\($0.who) → \($0.action)" }.joined(separator: "; ")) }
            return "not done — " + (said.isEmpty ? "the design does not stand up to attack." : said.joined(separator: "; ") + ".")
        }
    }

    static func refused(_ refusal: Outcome.Refusal) -> String {
        switch refusal {
        case .lessonOver: "The lesson is over."
        case .noTaskOpen: "There is no task open: `check` tests a task's goals."
        case .examChecksAtEnd: "In this exam, goals are checked at the end; `next` hands the task in."
        case .examNoHints: "No hints in an exam: the review at the end explains every answer."
        case .hintsOff: "Hints are turned off for this lesson."
        case .noHints: "This step has no hints."
        case .examNoSolutions: "Solutions are not shown in an exam."
        case .solutionsOff: "Solutions are not shown in this lesson; `hint` still helps."
        case .skipOff: "Skipping is turned off for this lesson."
        case .firstStep: "This is the first step."
        }
    }
}
