import Foundation

/// What a learner did on one step.
public struct StepRecord: Codable, Sendable, Equatable {
    /// What became of the step (nil while open).
    public var result: StepStatus?
    public var attempts = 0
    /// The wrong choices picked, in order (question ids), `incomplete` (`StepRecord.partial`) for
    /// some of the right choices but not all, or `allowed`/`denied` for a wrong prediction.
    public var wrongChoices: [String] = []
    public var hintsUsed = 0
    public var sawSolution = false
    public var seconds = 0
    /// For a task done: `best` or `acceptable`.
    public var grade: Grade?
    /// For a task: how many times its goals held but an attack got in (the design was refused).
    public var refused: Int?
    /// For a task: the lesson's rejected designs (`reject:` names) the learner's designs matched,
    /// each once, in order.
    public var rejected: [String]?
    /// For a task: the attacks that got into the learner's designs (`who → action on resource`),
    /// each once, at most `Limits.listed`.
    public var breaches: [String]?
    /// For a task: the goals that still failed when the learner checked, skipped or handed it in,
    /// each once, at most `Limits.listed`.
    public var failedGoals: [String]?
    /// When the learner last acted on the step (seconds since 1970, the learner's clock).
    public var at: Int?

    public init() {}

    /// The wrong choice noted for an answer that picked some of the right choices, not all.
    public static let partial = "incomplete"

    /// Adds `item` to a bounded list of distinct items (nil while empty).
    static func noting(_ item: String, in list: [String]?) -> [String]? {
        var out = list ?? []
        guard !out.contains(item), out.count < LearnerProgress.Limits.listed else { return list }
        out.append(String(item.prefix(LearnerProgress.Limits.listedLength)))
        return out
    }
}

public struct LessonRecord: Codable, Sendable, Equatable {
    public var steps: [String: StepRecord] = [:]
    /// The step to resume at.
    public var current: String?
    public var finished = false
    /// Taken under the exam switch: its answers are counted apart from practice.
    public var exam: Bool?
    public init() {}
}

/// Everything saved for a learner: kept after every answer, written atomically.
public struct LearnerProgress: Codable, Sendable, Equatable {
    public var version = 1
    public var lessons: [String: LessonRecord] = [:]
    /// The lesson in progress, if any.
    public var currentLesson: String?
    /// This learner's seed: the order of a question's choices (and, later, per-learner values).
    public var seed: UInt64?
    /// The learner's name for the instructor, asked once at the first export.
    public var learner: String?
    /// This data folder's learner: made once, kept across resets, carried in every export, so
    /// the class report counts a learner who exported twice once.
    public var learnerID: String?
    public init() {}

    /// Fresh progress for the same data folder: the learner id, name and seed are kept.
    public init(keepingIdentityOf old: LearnerProgress) {
        learnerID = old.learnerID
        learner = old.learner
        seed = old.seed
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    public static func decode(_ data: Data) throws -> LearnerProgress {
        try JSONDecoder().decode(LearnerProgress.self, from: data)
    }

    /// The ranges a saved counter may take. A file with numbers outside them was edited or damaged;
    /// trusting them would let `attempts += 1` or a sum of times overflow.
    public enum Limits {
        public static let attempts = 0...1_000_000
        public static let hints = 0...1_000
        /// A year on one step.
        public static let seconds = 0...31_536_000
        /// Designs, attacks and goals kept per task, and the length of each.
        public static let listed = 8
        public static let listedLength = 160
    }

    /// This progress with every counter brought into its range, and a note naming each field that
    /// was out of it (`lessons.plumber.steps.who.seconds`).
    public func validated() -> (LearnerProgress, [ProgressError]) {
        var copy = self
        var notes: [ProgressError] = []
        func clamp(_ value: inout Int, _ range: ClosedRange<Int>, _ field: String) {
            guard !range.contains(value) else { return }
            let kept = min(max(value, range.lowerBound), range.upperBound)
            notes.append(.outOfRange(field: field, value: value, range: range, kept: kept))
            value = kept
        }
        for lessonID in copy.lessons.keys.sorted() {
            for stepID in copy.lessons[lessonID]!.steps.keys.sorted() {
                let field = "lessons.\(lessonID).steps.\(stepID)."
                var step = copy.lessons[lessonID]!.steps[stepID]!
                clamp(&step.attempts, Limits.attempts, field + "attempts")
                clamp(&step.hintsUsed, Limits.hints, field + "hintsUsed")
                clamp(&step.seconds, Limits.seconds, field + "seconds")
                copy.lessons[lessonID]!.steps[stepID] = step
            }
        }
        return (copy, notes)
    }

    /// This session's progress laid over `saved` (what another tutor, or an earlier run, left in
    /// the file): every lesson and step of `saved` is kept unless this session has its own record
    /// of it, which wins.
    public func merged(over saved: LearnerProgress) -> LearnerProgress {
        var out = saved
        for (id, mine) in lessons {
            var record = saved.lessons[id] ?? LessonRecord()
            record.steps.merge(mine.steps) { _, new in new }
            record.current = mine.current ?? record.current
            record.finished = mine.finished || record.finished
            out.lessons[id] = record
        }
        out.currentLesson = currentLesson ?? saved.currentLesson
        out.seed = seed ?? saved.seed
        out.learner = learner ?? saved.learner
        out.learnerID = saved.learnerID ?? learnerID
        return out
    }

    /// `3/7`, `done`, `done, 2 skipped`, or empty: the mark the menu shows. A skipped step is
    /// never counted as passed.
    /// - Parameter exam: the lesson is an exam: until it is finished the mark counts answers, not
    ///   right ones (the verdicts wait for the review).
    public func mark(lesson id: String, interactive: Int, exam: Bool = false) -> String {
        guard let record = lessons[id] else { return "" }
        let passed = record.steps.values.filter { $0.result == .passed }.count
        let skipped = record.steps.values.filter { $0.result == .skipped }.count
        if record.finished { return skipped == 0 ? "done" : "finished, \(skipped) skipped" }
        if exam {
            let answered = record.steps.values.filter { $0.result != nil }.count
            return answered == 0 ? "started" : "\(min(answered, interactive))/\(interactive) answered"
        }
        let answered = passed + skipped
        guard answered > 0 else { return "started" }
        return "\(min(passed, interactive))/\(interactive)" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}

/// Where progress is kept: the shell gives a file (`FileProgressStore`); tests give memory.
///
/// Errors are values: loading always gives progress to go on with, and says what went wrong;
/// saving says what was written or why nothing was.
public protocol ProgressStore: Sendable {
    /// The saved progress (fresh when there is none), with what the learner must be told.
    func load() -> ProgressLoad
    /// Saves the progress; returns what was written (the progress, merged with answers another
    /// tutor saved meanwhile, if any).
    /// - Throws: why nothing was written: the caller keeps the progress and tries again later.
    func save(_ progress: LearnerProgress) throws(ProgressError) -> ProgressSave
}

/// What loading the saved progress gave.
public struct ProgressLoad: Sendable, Equatable {
    public var progress: LearnerProgress
    /// Told once at start-up: a file moved aside, counters out of range, another tutor.
    public var notes: [ProgressError] = []
    /// The saved progress exists but could not be read: nothing is saved over it, and an export
    /// would hand in empty results.
    public var unreadable: ProgressError?

    public init(progress: LearnerProgress, notes: [ProgressError] = [], unreadable: ProgressError? = nil) {
        self.progress = progress
        self.notes = notes
        self.unreadable = unreadable
    }
}

/// What a save wrote.
public struct ProgressSave: Sendable, Equatable {
    /// The progress now on disk: the one given, or it merged with answers saved by another tutor.
    public var progress: LearnerProgress
    /// What the learner must be told (a changed file merged, a damaged one moved aside).
    public var notes: [ProgressError] = []

    public init(progress: LearnerProgress, notes: [ProgressError] = []) {
        self.progress = progress
        self.notes = notes
    }
}

/// LearnerProgress kept in memory (tests, and when no data folder can be written).
public final class MemoryProgressStore: ProgressStore, @unchecked Sendable {
    public var saved: LearnerProgress?
    /// Set to make every save fail with this error (tests of a full disk).
    public var failure: ProgressError?
    public init(_ progress: LearnerProgress? = nil) { saved = progress }
    public func load() -> ProgressLoad {
        let (progress, notes) = (saved ?? LearnerProgress()).validated()
        return ProgressLoad(progress: progress, notes: notes)
    }
    public func save(_ progress: LearnerProgress) throws(ProgressError) -> ProgressSave {
        if let failure { throw failure }
        saved = progress
        return ProgressSave(progress: progress)
    }
}
