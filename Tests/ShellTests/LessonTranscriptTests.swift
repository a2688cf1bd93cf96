import Foundation
import Shell
import TestSupport
import Testing
import Tutor
import World

/// A learner walking every lesson through the prompt (piped mode): a wrong answer then the right
/// one for each question, a prediction (every other one wrong), `check` then the reference
/// solution for each task. The outputs are golden files, `Transcripts/lesson-ID.out`.
enum LessonWalk {
    static let folder = lessonsFolder

    static func script(for lesson: Lesson) -> [String] {
        var lines = ["start \(lesson.id)"]
        var predictions = 0
        for (i, step) in lesson.steps.enumerated() {
            let letters = Array("abcdefghij").map(String.init)
            switch step.kind {
            case .ask(let q):
                if let wrong = q.choices.firstIndex(where: { !$0.correct }) { lines.append(letters[wrong]) }
                lines.append("hint")
                lines.append(q.choices.indices.filter { q.choices[$0].correct }.map { letters[$0] }.joined(separator: " "))
            case .predict(let p):
                guard case .can(let ability, _) = p.check else { continue }
                let allowed = Goal.can(ability, expected: true).evaluate(in: lesson.world(atStep: i)).holds
                let right = predictions % 2 == 0
                predictions += 1
                lines.append((allowed == right) ? "allowed" : "denied")
            case .task(let t):
                lines.append("check")
                lines += t.solution
            case .say, .recap:
                break
            }
        }
        lines += ["recap", "lessons", "quit"]
        return lines
    }

    static func run(_ lesson: Lesson, catalog: LessonCatalog) -> (String, Tutor.LearnerProgress?) {
        let store = MemoryProgressStore()
        var repl = REPL(world: .sandbox(), lessons: catalog, store: store)
        var input = ScriptInput(lines: script(for: lesson))
        var out = ""
        _ = repl.run(input: &input, output: { out += $0 + "\n" })
        return (out, store.saved)
    }
}

@Suite("golden transcripts of every lesson")
struct LessonTranscriptTests {
    static let catalog = LessonCatalog.scan(folder: LessonWalk.folder)

    @Test("a learner walks the lesson with wrong and right answers", arguments: catalog.ids)
    func walk(_ id: String) throws {
        let lesson = try Self.catalog.lesson(id)
        let (out, progress) = LessonWalk.run(lesson, catalog: Self.catalog)
        try Transcript.check("lesson-\(id)", out)
        #expect(out.contains("Lesson \(id) done."))
        let record = try #require(progress?.lessons[id])
        #expect(record.finished)
        for step in lesson.steps where step.isInteractive {
            #expect(record.steps[step.id]?.result == .passed, "\(id).\(step.id) was not passed")
            if case .ask = step.kind { #expect(record.steps[step.id]?.wrongChoices.count == 1, "\(id).\(step.id) should record the wrong choice") }
        }
    }
}
