import Foundation
import Tutor
import World

/// A synthetic class of thirty learners, made deterministically from the lessons, so the report's
/// golden files can be compared byte for byte (`RECORD_REPORTS=1` writes them anew).
public enum SyntheticClass {
    public static let names = [
        "Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lu", "Max", "Nia", "Oz",
        "Pia", "Quin", "Ray", "Sol", "Tam", "Uma", "Vic", "Wes", "Xia", "Yan", "Zed", "Abe", "Bea", "Cal", "Dot",
    ]

    /// The world's seeded generator, drawn from for test data.
    public struct Rng {
        var generator: IDGenerator
        init(state: UInt64) { generator = IDGenerator(seed: state) }
        public mutating func next() -> UInt64 { generator.next() }
        public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    public static func progress(for index: Int, lessons: [Lesson]) -> LearnerProgress {
        var rng = Rng(state: UInt64(index + 1) * 7919)
        var progress = LearnerProgress()
        progress.learnerID = "00000000-0000-4000-8000-\(String(100_000_000_000 + index))"
        let reached = 3 + rng.below(lessons.count - 2)
        for (li, lesson) in lessons.enumerated() where li < reached {
            var record = LessonRecord()
            let steps = lesson.steps.filter(\.isInteractive)
            let stopAt = li == reached - 1 ? rng.below(steps.count + 1) : steps.count
            for (si, step) in steps.enumerated() where si < stopAt {
                var r = StepRecord()
                r.result = rng.below(20) == 0 ? .skipped : .passed
                r.hintsUsed = rng.below(3) == 0 ? 1 + rng.below(2) : 0
                r.seconds = 20 + rng.below(180)
                if case .ask(let q) = step.kind, rng.below(3) == 0, let wrong = q.choices.filter({ !$0.correct }).randomElement(using: &rng) {
                    r.wrongChoices = [wrong.id]
                }
                if case .predict = step.kind, rng.below(4) == 0, let index = lesson.steps.firstIndex(where: { $0.id == step.id }) {
                    r.wrongChoices = [lesson.rightPrediction(atStep: index) == "allowed" ? "denied" : "allowed"]
                }
                r.attempts = 1 + r.wrongChoices.count + (step.label == .task ? rng.below(4) : 0)
                // Some designs fail before the task passes: a rejected one, an attack that got in, a goal.
                if case .task(let t) = step.kind, rng.below(3) == 0 {
                    if let design = t.rejects.randomElement(using: &rng) {
                        r.rejected = [design.name]
                        r.refused = 1
                        r.breaches = ["an outsider → sts:AssumeRole on role/\(design.name.split(separator: " ").last ?? "")"]
                    }
                    if let goal = t.goals.randomElement(using: &rng) { r.failedGoals = [goal.summary] }
                }
                record.steps[step.id] = r
            }
            record.finished = stopAt == steps.count
            // A few learners took the last lesson they reached as an exam.
            if li == reached - 1 && index % 7 == 3 { record.exam = true }
            progress.lessons[lesson.id] = record
        }
        return progress
    }

    public static func files(pack: PackInfo, lessons: [Lesson]) -> [(name: String, data: [UInt8])] {
        let packID = LearnerResults.Pack(id: pack.id, version: pack.version, hash: pack.hash)
        var files: [(String, [UInt8])] = names.enumerated().map { i, name in
            (
                "\(name.lowercased()).json",
                Array(
                    LearnerResults(learner: name, pack: packID, lessons: lessons, progress: progress(for: i, lessons: lessons), exportedAt: 1_800_000_000)
                        .encoded())
            )
        }
        // Ada exported on Monday too: the same learner id, an earlier export, fewer lessons.
        var monday = progress(for: 0, lessons: lessons)
        monday.lessons = monday.lessons.filter { $0.key == lessons[0].id }
        files.append(
            ("ada-monday.json", Array(LearnerResults(learner: "Ada", pack: packID, lessons: lessons, progress: monday, exportedAt: 1_799_700_000).encoded())))
        // Edited after export: the checksum no longer matches.
        var tampered = LearnerResults(learner: "Mallory", pack: packID, lessons: lessons, progress: progress(for: 3, lessons: lessons))
        tampered.lessons[0].steps[0].hints = 0
        tampered.lessons[0].steps[0].wrongChoices = []
        tampered.lessons[0].steps[0].seconds += 1
        files.append(("mallory.json", Array(tampered.encoded())))
        // From last year's pack.
        let old = LearnerResults(
            learner: "Olga", pack: .init(id: pack.id, version: "0.9.0", hash: pack.hash), lessons: lessons, progress: progress(for: 5, lessons: lessons))
        files.append(("olga.json", Array(old.encoded())))
        files.append(("notes.json", Array("{\"hello\": 1}".utf8)))
        return files
    }
}

extension Array {
    public func randomElement(using rng: inout SyntheticClass.Rng) -> Element? { isEmpty ? nil : self[rng.below(count)] }
}

extension SyntheticClass {
    public struct LessonsUnreadable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The class report of the thirty learners (and three files it must leave out), over the
    /// shipped lessons in the pack's order.
    public static func report() throws -> ClassReport {
        let pack = try PackInfo.load(folder: lessonsFolder)
        let (lessons, problems) = LessonCatalog.scan(folder: lessonsFolder).ordered(pack.order).parseAll()
        guard problems.isEmpty else { throw LessonsUnreadable(description: problems.map(\.description).joined(separator: "\n")) }
        return ClassReport(pack: pack, lessons: lessons, files: files(pack: pack, lessons: lessons)) { bytes in
            try? JSONDecoder().decode(LearnerResults.self, from: Data(bytes))
        }
    }
}
