/// The curriculum's coverage map: each concept a pack teaches, and whether a task or a prediction
/// makes the learner practise it (checked by the simulation) or it is only told.
public struct Coverage: Sendable {
    public struct Concept: Sendable, Equatable {
        public var id: String
        /// `lesson.step` of each task or prediction that practises it.
        public var checkedBy: [String]
        /// Lessons that name it (`teaches:` of the lesson) or tell it in narration and questions.
        public var toldIn: [String]
        public var toldOnly: Bool { checkedBy.isEmpty }
    }

    public var concepts: [Concept]

    public init(_ lessons: [Lesson]) {
        var order: [String] = []
        var checked: [String: [String]] = [:]
        var told: [String: [String]] = [:]
        func note(_ id: String) { if !order.contains(id) { order.append(id) } }
        for lesson in lessons {
            for id in lesson.teaches {
                note(id)
                if !(told[id] ?? []).contains(lesson.id) { told[id, default: []].append(lesson.id) }
            }
            for step in lesson.steps {
                for id in step.teaches {
                    note(id)
                    switch step.kind {
                    case .task, .predict: checked[id, default: []].append("\(lesson.id).\(step.id)")
                    case .say, .ask, .recap: if !(told[id] ?? []).contains(lesson.id) { told[id, default: []].append(lesson.id) }
                    }
                }
            }
        }
        concepts = order.map { Concept(id: $0, checkedBy: checked[$0] ?? [], toldIn: told[$0] ?? []) }
    }

    /// The map as a Markdown table (for the README, or a terminal).
    public var markdown: String {
        var lines = ["| concept | practised at the prompt (lesson.step) | told in |", "|---|---|---|"]
        for c in concepts {
            lines.append("| \(c.id) | \(c.toldOnly ? "**told only**" : c.checkedBy.joined(separator: ", ")) | \(c.toldIn.joined(separator: ", ")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A warning for each concept that no task or prediction practises.
    public var warnings: [String] {
        concepts.filter(\.toldOnly).map { "concept `\($0.id)` is only told (in \($0.toldIn.joined(separator: ", "))): no task or prediction practises it" }
    }
}
