import Tutor
import World

/// The shape the open task asks for (`goal`), drawn as `graph` draws the world, and after each
/// change the parts of it that changed.
enum GoalView {
    /// The diagram's arrow (as `graph` draws it), and the status lines' shorter one.
    static func arrow(_ style: Style) -> String { style.plain ? "-->" : "──▶" }
    static func shortArrow(_ style: Style) -> String { style.plain ? "->" : "→" }

    /// A status's mark: its words, and the same in colour.
    static func mark(_ m: GoalShape.Status.Mark, _ style: Style) -> (words: String, shown: String) {
        let words =
            switch m {
            case .met: style.plain ? "MET:" : "✓"
            case .missing: style.plain ? "MISSING:" : "✗ missing:"
            case .extra: style.plain ? "NOT ASKED FOR:" : "✗ extra:"
            }
        return (words, m == .met ? style.green(words) : style.red(words))
    }

    /// One status line, wrapped to the width (measured without colour) and hanging under its text.
    static func line(_ words: String, _ shown: String, _ text: String, lead: String, style: Style) -> String {
        let wrapped = style.wrap(lead + words + " " + text, indent: lead + "    ")
        return lead + shown + wrapped.dropFirst(lead.count + words.count)
    }

    /// `goal`: the shape, then how the world stands against it.
    static func render(_ run: LessonRun, style: Style) -> String {
        guard let step = run.step, case .task(let task) = step.kind else {
            return "There is no task open: `goal` draws the shape a task asks for."
        }
        let shape = GoalShape(task)
        let arrow = arrow(style)
        var lines = [style.bold("the shape task \(step.id) asks for")]
        lines += shape.drawing(arrow: arrow)
        if run.switches.exam { return lines.joined(separator: "\n") }
        lines.append(style.bold("your world against it"))
        for s in shape.status(in: run.world, arrow: shortArrow(style)) {
            let m = mark(s.mark, style)
            lines.append(line(m.words, m.shown, s.text, lead: "  ", style: style))
        }
        return lines.joined(separator: "\n")
    }

    /// What changed in the world's standing against the shape: each part newly met, missing or
    /// extra, and each trust entry beyond the shape that is gone. Nil when nothing changed.
    static func changes(from before: [GoalShape.Status], to now: [GoalShape.Status], style: Style) -> String? {
        var lines: [String] = []
        for s in now where !before.contains(s) {
            let m = mark(s.mark, style)
            lines.append(line(m.words, m.shown, s.text, lead: "      ", style: style))
        }
        for s in before where s.mark == .extra && !now.contains(where: { $0.key == s.key }) {
            let gone = style.plain ? "GONE:" : "✓ gone:"
            lines.append(line(gone, style.green(gone), s.text, lead: "      ", style: style))
        }
        guard !lines.isEmpty else { return nil }
        return style.dim("goal:") + lines.joined(separator: "\n").dropFirst(5)
    }
}
