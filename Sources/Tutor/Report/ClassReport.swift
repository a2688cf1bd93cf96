import Policy

/// The class report: who finished what, how each step went, what the room answered and which
/// designs failed — the figures defined in its legend. Pure: results in, text out (terminal,
/// Markdown, CSV, HTML).
public struct ClassReport: Sendable {
    public struct Excluded: Sendable, Equatable {
        public var file: String
        public var reason: String

        public init(file: String, reason: String) {
            self.file = file
            self.reason = reason
        }
    }

    /// An older export of a learner who exported again: the latest file counts.
    public struct Superseded: Sendable, Equatable {
        public var file: String
        public var by: String

        public init(file: String, by: String) {
            self.file = file
            self.by = by
        }
    }

    public struct StepStats: Sendable {
        public var lesson: String
        public var step: String
        public var kind: StepLabel
        /// Figures of the lesson taken as an exam (counted apart from practice).
        public var exam = false
        public var reached = 0
        public var passed = 0
        public var firstTry = 0
        public var hints = 0
        public var skipped = 0
        /// The time each learner who reached the step spent on it.
        public var seconds: [Int] = []

        /// The median of `seconds` (nil when nobody reached the step).
        public var medianSeconds: Int? {
            guard !seconds.isEmpty else { return nil }
            let sorted = seconds.sorted()
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
    }

    /// Something learners did (an answer picked, a design tried, an attack that got in), and how
    /// many of them did it at least once.
    public struct Tally: Sendable, Equatable {
        public var text: String
        public var learners: Int

        public init(text: String, learners: Int) {
            self.text = text
            self.learners = learners
        }
    }

    /// How the room answered one question or prediction.
    public struct QuestionStats: Sendable {

        public var lesson: String
        public var step: String
        public var kind: StepLabel
        public var exam = false
        public var question: String
        /// The right answer, in the lesson's words.
        public var right: String
        /// Learners who answered.
        public var answered = 0
        /// Learners right at their first answer.
        public var rightFirst = 0
        /// The wrong answers picked, most picked first.
        public var wrong: [Tally] = []

        public var missed: Int { answered - rightFirst }
    }

    /// What went wrong in one task, across the room.
    public struct TaskStats: Sendable {

        public var lesson: String
        public var step: String
        public var exam = false
        public var task: String
        public var reached = 0
        public var passed = 0
        /// Learners whose design matched each of the lesson's rejected designs.
        public var rejected: [Tally] = []
        /// Learners whose design let each attack in.
        public var breaches: [Tally] = []
        /// Learners for whom each goal still failed when they checked, skipped or handed in.
        public var failedGoals: [Tally] = []
        /// Learners with any of these.
        public var failing = 0
    }

    public let pack: PackInfo
    public let lessons: [Lesson]
    public private(set) var learners: [LearnerResults]
    public private(set) var excluded: [Excluded]
    public private(set) var superseded: [Superseded]
    /// Every step's figures: practice first, then those taken as an exam.
    public let stepStats: [StepStats]
    /// Questions and predictions, most missed first.
    public let questions: [QuestionStats]
    /// Tasks where some design failed, most failed first.
    public let tasks: [TaskStats]
    /// Names replaced by `Learner 1…n`, files by `file 1…n` (`anonymized()`).
    public private(set) var anonymous = false

    /// Checks each file against the pack: format, checksum, ranges, pack id, version and hash.
    /// Those that fail are excluded, by name, never silently. Of several files of one learner id,
    /// the latest export counts and the others are named as superseded.
    /// - Parameter unreadable: files the caller could not read, named in the report with the rest.
    public init(
        pack: PackInfo, lessons: [Lesson], files: [(name: String, data: [UInt8])], unreadable: [Excluded] = [], decode: ([UInt8]) -> LearnerResults?
    ) {
        self.pack = pack
        self.lessons = lessons
        var accepted: [(file: String, results: LearnerResults)] = []
        var excluded: [Excluded] = unreadable.map { Excluded(file: $0.file.untrusted(limit: 120), reason: $0.reason) }
        for file in files.sorted(by: { $0.name < $1.name }) {
            let name = file.name.untrusted(limit: 120)
            guard file.data.count <= Self.maximumFileSize else {
                excluded.append(Excluded(file: name, reason: "larger than \(Self.maximumFileSize / 1024) KiB: not a results file a tutor writes"))
                continue
            }
            guard let decoded = decode(file.data) else {
                excluded.append(Excluded(file: name, reason: Self.unreadable(file.data).untrusted(limit: 200)))
                continue
            }
            guard decoded.format == LearnerResults.format else {
                excluded.append(Excluded(file: name, reason: "not an iam-tutor results file"))
                continue
            }
            let r = decoded
            if !r.isIntact {
                excluded.append(Excluded(file: name, reason: "the checksum does not match: the file was edited after export"))
            } else if let problem = Self.outOfRange(r) {
                excluded.append(Excluded(file: name, reason: problem.untrusted(limit: 200)))
            } else if r.pack.id != pack.id || r.pack.version != pack.version {
                excluded.append(
                    Excluded(
                        file: name, reason: "from pack \(r.pack.id.untrusted(limit: 60)) \(r.pack.version.untrusted(limit: 30)), not \(pack.id) \(pack.version)"
                    ))
            } else if r.pack.hash != pack.hash {
                excluded.append(Excluded(file: name, reason: "from a different edition of the lessons (content hash differs)"))
            } else {
                accepted.append((name, Self.bounded(r)))
            }
        }
        // One learner id, one learner: the latest export wins (then the later file name).
        var latest: [String: Int] = [:]
        var superseded: [Superseded] = []
        var kept: [(file: String, results: LearnerResults)?] = []
        for entry in accepted {
            guard let id = entry.results.learnerID else {
                kept.append(entry)
                continue
            }
            if let i = latest[id], let previous = kept[i] {
                if (entry.results.exportedAt ?? -1) >= (previous.results.exportedAt ?? -1) {
                    superseded.append(Superseded(file: previous.file, by: entry.file))
                    kept[i] = nil
                    latest[id] = kept.count
                    kept.append(entry)
                } else {
                    superseded.append(Superseded(file: entry.file, by: previous.file))
                }
            } else {
                latest[id] = kept.count
                kept.append(entry)
            }
        }
        let learners = kept.compactMap { $0?.results }.sorted { ($0.learner.lowercased(), $0.learnerID ?? "") < ($1.learner.lowercased(), $1.learnerID ?? "") }
        self.learners = learners
        self.excluded = excluded
        self.superseded = superseded.sorted { $0.file < $1.file }
        stepStats = Self.stepStats(lessons: lessons, learners: learners)
        questions = Self.questions(lessons: lessons, learners: learners)
        tasks = Self.tasks(lessons: lessons, learners: learners)
    }

    /// The projector's view: learners named `Learner 1…n` (numbered in the order of their ids, not
    /// their names), and the files named only by number, since file names carry names.
    public func anonymized() -> ClassReport {
        var copy = self
        copy.anonymous = true
        let order = learners.indices.sorted { (learners[$0].learnerID ?? learners[$0].checksum) < (learners[$1].learnerID ?? learners[$1].checksum) }
        var renamed = learners
        for (n, i) in order.enumerated() { renamed[i].learner = "Learner \(n + 1)" }
        copy.learners = order.map { renamed[$0] }
        var files: [String: String] = [:]
        func number(_ file: String) -> String {
            if let known = files[file] { return known }
            files[file] = "file \(files.count + 1)"
            return files[file]!
        }
        copy.excluded = excluded.map { Excluded(file: number($0.file), reason: $0.reason) }
        copy.superseded = superseded.map { Superseded(file: number($0.file), by: number($0.by)) }
        return copy
    }

    /// Why a file the caller could not decode is not a results file: where it is wrong, when it is
    /// JSON with a wrong field.
    static func unreadable(_ data: [UInt8]) -> String {
        do {
            _ = try LearnerResults.decode(data)
        } catch {
            return error.description
        }
        return ResultsError(problem: nil).description
    }

    /// The largest results file read: a whole pack's results are a few dozen KiB.
    public static let maximumFileSize = 1 << 20

    /// A learner's file as the report may show it: every text made safe and short (no control
    /// or direction characters, a bounded length), each wrong choice counted once per step —
    /// the report counts learners, not how often one file repeats a choice.
    public static func bounded(_ r: LearnerResults) -> LearnerResults {
        var out = r
        out.learner = r.learner.untrusted(limit: 60)
        if out.learner.isEmpty { out.learner = "(no name)" }
        out.learnerID = r.learnerID.map { String($0.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }.prefix(64)) }.flatMap {
            $0.isEmpty ? nil : $0
        }
        func listed(_ items: [String]?) -> [String]? {
            guard let items else { return nil }
            var seen = Set<String>()
            return items.map { $0.untrusted(limit: LearnerProgress.Limits.listedLength) }.filter { !$0.isEmpty && seen.insert($0).inserted }
                .prefix(LearnerProgress.Limits.listed).map { $0 }
        }
        out.lessons = r.lessons.prefix(200).map { lesson in
            var l = lesson
            l.id = lesson.id.untrusted(limit: 60)
            l.steps = lesson.steps.prefix(200).map { step in
                var s = step
                s.id = step.id.untrusted(limit: 60)
                var seen = Set<String>()
                // Choice ids are short words: anything else is cut down to letters, digits, `-`, `_` and `.`.
                s.wrongChoices = step.wrongChoices.map { String($0.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }.prefix(40)) }
                    .filter { !$0.isEmpty && seen.insert($0).inserted }.prefix(20).map { $0 }
                s.rejected = listed(step.rejected)
                s.breaches = listed(step.breaches)
                s.failedGoals = listed(step.failedGoals)
                return s
            }
            return l
        }
        return out
    }

    /// The first counter of a results file outside the range progress keeps (a file written by
    /// hand, checksum recomputed): such a file is left out, naming the field, before any sum.
    static func outOfRange(_ r: LearnerResults) -> String? {
        typealias Limits = LearnerProgress.Limits
        if let at = r.exportedAt, !Self.exportTimes.contains(at) {
            return "exportedAt is \(at), outside \(Self.exportTimes.lowerBound)…\(Self.exportTimes.upperBound)"
        }
        for lesson in r.lessons {
            for step in lesson.steps {
                if let at = step.at, !Self.exportTimes.contains(at) {
                    return "\(lesson.id).\(step.id).at is \(at), outside \(Self.exportTimes.lowerBound)…\(Self.exportTimes.upperBound)"
                }
                for (name, value, range) in [
                    ("attempts", step.attempts, Limits.attempts), ("hints", step.hints, Limits.hints), ("seconds", step.seconds, Limits.seconds),
                    ("refused", step.refused ?? 0, Limits.attempts),
                ]
                where !range.contains(value) {
                    return "\(lesson.id).\(step.id).\(name) is \(value), outside \(range.lowerBound)…\(range.upperBound)"
                }
            }
        }
        return nil
    }

    /// Export times a file may carry: from 1970 to 2100.
    static let exportTimes = 0...4_102_444_800

    public func lesson(of learner: LearnerResults, _ id: String) -> LearnerResults.LessonResult? {
        learner.lessons.first { $0.id == id }
    }

    /// `done`, `3/5`, or `-`: a step skipped is not a step passed, so a lesson finished with
    /// skips shows what was passed (`3/5`), never `done`. A lesson taken as an exam is marked `*`.
    public func cell(_ learner: LearnerResults, _ lesson: Lesson) -> String {
        guard let l = self.lesson(of: learner, lesson.id) else { return "-" }
        let passed = l.steps.filter { $0.status == .passed }.count
        let mark = (l.exam ?? false) ? "*" : ""
        if l.finished && passed == l.steps.count && passed > 0 { return "done" + mark }
        return passed == 0 ? "-" + mark : "\(passed)/\(l.steps.count)" + mark
    }

    /// Lessons done (`done` in the grid) by a learner.
    func done(_ learner: LearnerResults) -> Int { lessons.filter { cell(learner, $0).hasPrefix("done") }.count }

    /// Whether the learner reached a step: answered, acted on it, or skipped it.
    public static func reached(_ r: LearnerResults.StepResult) -> Bool { r.status != .open || r.attempts > 0 }

    /// First try: passed with no hint and no solution shown; a question or a prediction answered
    /// once and right; a task whose designs were never refused by an attack nor matched a
    /// rejected design — however many commands it took.
    public static func firstTry(_ r: LearnerResults.StepResult, kind: StepLabel) -> Bool {
        guard r.status == .passed && r.hints == 0 && !r.sawSolution else { return false }
        if kind == .task { return (r.refused ?? 0) == 0 && (r.rejected ?? []).isEmpty }
        return r.wrongChoices.isEmpty && r.attempts <= 1
    }

    /// The learners' results for one step, in one mode (practice or exam).
    static func results(_ learners: [LearnerResults], lesson: String, step: String, exam: Bool) -> [LearnerResults.StepResult] {
        learners.compactMap { learner in
            guard let l = learner.lessons.first(where: { $0.id == lesson }), (l.exam ?? false) == exam else { return nil }
            return l.steps.first { $0.id == step }
        }
    }

    /// Whether any learner took the lesson as an exam (practice is always listed).
    static func modes(_ learners: [LearnerResults], lesson: String) -> [Bool] {
        learners.contains { $0.lessons.contains { $0.id == lesson && ($0.exam ?? false) } } ? [false, true] : [false]
    }

    static func stepStats(lessons: [Lesson], learners: [LearnerResults]) -> [StepStats] {
        var out: [StepStats] = []
        for exam in [false, true] {
            for lesson in lessons where modes(learners, lesson: lesson.id).contains(exam) {
                for step in lesson.steps where step.isInteractive {
                    var s = StepStats(lesson: lesson.id, step: step.id, kind: step.label, exam: exam)
                    for r in results(learners, lesson: lesson.id, step: step.id, exam: exam) where reached(r) {
                        s.reached += 1
                        if r.status == .passed { s.passed += 1 }
                        if r.status == .skipped { s.skipped += 1 }
                        if firstTry(r, kind: step.label) { s.firstTry += 1 }
                        s.hints += r.hints
                        s.seconds.append(r.seconds)
                    }
                    out.append(s)
                }
            }
        }
        return out
    }

    static func questions(lessons: [Lesson], learners: [LearnerResults]) -> [QuestionStats] {
        var out: [QuestionStats] = []
        for lesson in lessons {
            for (index, step) in lesson.steps.enumerated() {
                let question: String
                let right: String
                let text: (String) -> String
                switch step.kind {
                case .ask(let q):
                    question = q.text.reflowed
                    right = q.choices.filter(\.correct).map(\.text).joined(separator: "; ")
                    text = { wrong in q.choices.first { $0.id == wrong }?.text ?? (wrong == StepRecord.partial ? "only some of the right choices" : wrong) }
                case .predict(let p):
                    question = p.text.reflowed
                    right = lesson.rightPrediction(atStep: index) ?? ""
                    text = { $0 }
                default:
                    continue
                }
                for exam in modes(learners, lesson: lesson.id) {
                    var q = QuestionStats(lesson: lesson.id, step: step.id, kind: step.label, exam: exam, question: question, right: right)
                    var picked: [String: Int] = [:]
                    var order: [String] = []
                    for r in results(learners, lesson: lesson.id, step: step.id, exam: exam)
                    where r.attempts > 0 || r.status == .passed || r.status == .failed {
                        q.answered += 1
                        if r.status == .passed && r.wrongChoices.isEmpty { q.rightFirst += 1 }
                        for wrong in r.wrongChoices {
                            if picked[wrong] == nil { order.append(wrong) }
                            picked[wrong, default: 0] += 1
                        }
                    }
                    guard q.answered > 0 else { continue }
                    q.wrong = order.map { Tally(text: text($0), learners: picked[$0]!) }.enumerated()
                        .sorted { ($0.element.learners, -$0.offset) > ($1.element.learners, -$1.offset) }.map(\.element)
                    out.append(q)
                }
            }
        }
        // Most missed first: the share missed, then the number; ties keep the lessons' order.
        return out.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            let left = x.missed * y.answered
            let right = y.missed * x.answered
            if left != right { return left > right }
            if x.missed != y.missed { return x.missed > y.missed }
            return a.offset < b.offset
        }.map(\.element)
    }

    static func tasks(lessons: [Lesson], learners: [LearnerResults]) -> [TaskStats] {
        var out: [TaskStats] = []
        for lesson in lessons {
            for step in lesson.steps {
                guard case .task(let task) = step.kind else { continue }
                for exam in modes(learners, lesson: lesson.id) {
                    var t = TaskStats(lesson: lesson.id, step: step.id, exam: exam, task: task.text.reflowed)
                    var rejected: [String: Int] = [:]
                    var breaches: [String: Int] = [:]
                    var goals: [String: Int] = [:]
                    for r in results(learners, lesson: lesson.id, step: step.id, exam: exam) where reached(r) {
                        t.reached += 1
                        if r.status == .passed { t.passed += 1 }
                        for x in r.rejected ?? [] { rejected[x, default: 0] += 1 }
                        for x in r.breaches ?? [] { breaches[x, default: 0] += 1 }
                        for x in r.failedGoals ?? [] { goals[x, default: 0] += 1 }
                        if !(r.rejected ?? []).isEmpty || !(r.breaches ?? []).isEmpty || !(r.failedGoals ?? []).isEmpty { t.failing += 1 }
                    }
                    func counts(_ d: [String: Int]) -> [Tally] {
                        d.map { Tally(text: $0.key, learners: $0.value) }.sorted { ($0.learners, $1.text) > ($1.learners, $0.text) }.prefix(10).map {
                            $0
                        }
                    }
                    t.rejected = counts(rejected)
                    t.breaches = counts(breaches)
                    t.failedGoals = counts(goals)
                    if t.failing > 0 { out.append(t) }
                }
            }
        }
        return out.enumerated().sorted { ($0.element.failing, -$0.offset) > ($1.element.failing, -$1.offset) }.map(\.element)
    }

    func seconds(_ learner: LearnerResults) -> Int { learner.lessons.reduce(0) { $0 + $1.steps.reduce(0) { $0 + $1.seconds } } }
    func hints(_ learner: LearnerResults) -> Int { learner.lessons.reduce(0) { $0 + $1.steps.reduce(0) { $0 + $1.hints } } }
    func wrongAnswers(_ learner: LearnerResults) -> Int { learner.lessons.reduce(0) { $0 + $1.steps.reduce(0) { $0 + $1.wrongChoices.count } } }

    static func minutes(_ seconds: Int) -> String { "\((seconds + 30) / 60) min" }
    static func percent(_ n: Int, _ of: Int) -> String { of == 0 ? "-" : "\(n * 100 / of)%" }
    /// `45 s` under two minutes, else `3 min`.
    static func duration(_ seconds: Int?) -> String {
        guard let seconds else { return "-" }
        return seconds < 120 ? "\(seconds) s" : minutes(seconds)
    }
    static func learners(_ n: Int) -> String { n == 1 ? "1 learner" : "\(n) learners" }

    // MARK: - The legend

    /// What each figure means, said in every format.
    public static let legend: [(figure: String, meaning: String)] = [
        (
            "Learners",
            "one per learner id (made once per data folder and carried in every export): a learner who exported twice counts once, by the latest export; the older files are named as superseded."
        ),
        (
            "Completion",
            "done: the lesson finished with every question, prediction and task passed; 3/5: steps passed of the lesson's five (a skipped step is not passed); -: none passed; *: taken as an exam."
        ),
        ("Reached", "learners who answered a step, acted on it or skipped it."),
        ("Passed", "of the learners who reached a step, the share who passed it (skipped and open steps are not passed; in an exam, answered right)."),
        (
            "First try",
            "of the learners who reached a step, the share who passed it with no hint and no solution shown, and: a question or a prediction answered once, right; a task whose designs were never refused by an attack nor matched a rejected design, however many commands it took."
        ),
        ("Hints", "hints taken on a step, added over learners (each hint once per learner)."),
        (
            "Time",
            "time on a step runs from when it is shown, or from the learner's previous action, to each action on it; a pause over 5 minutes counts as 5. Steps give the median over the learners who reached them; a learner's time adds up their steps."
        ),
        (
            "Answers",
            "per question, the learners who answered it, how many were right at their first answer, and how many picked each wrong answer at least once (a learner who tried several counts in each, so the wrong answers may add up to more than those who missed)."
        ),
        (
            "Designs that failed",
            "per task, the learners whose design matched one of the lesson's rejected designs (the same goals failing and the same attacks getting in), let an attack in, or still failed a goal when they checked, skipped or handed it in; each learner counts once per line."
        ),
        ("Exam", "lessons taken under the exam switch are counted apart from practice: their figures never mix."),
    ]

    // MARK: - Terminal

    public func text() -> String {
        var out = ["Class report — \(pack.title) (\(pack.id) \(pack.version)): \(learners.count) learners\(anonymous ? " (anonymous)" : "")"]
        if !excluded.isEmpty {
            out.append("Left out of the figures:")
            for e in excluded { out.append("  \(e.file): \(e.reason)") }
        }
        if !superseded.isEmpty {
            out.append("Superseded by a later export of the same learner:")
            for s in superseded { out.append("  \(s.file): superseded by \(s.by)") }
        }
        out.append("")
        out.append("Completion")
        let nameWidth = max(7, learners.map(\.learner.count).max() ?? 0)
        let header = "LEARNER".padding(nameWidth) + "  " + lessons.indices.map { String($0 + 1).padding(5) }.joined(separator: " ")
        out.append(header.trimmed(.trailing) { $0 == " " })
        for learner in learners {
            out.append(
                (learner.learner.padding(nameWidth) + "  " + lessons.map { cell(learner, $0).padding(5) }.joined(separator: " ")).trimmed(.trailing) {
                    $0 == " "
                })
        }
        out.append("  (columns: " + lessons.enumerated().map { "\($0.offset + 1) \($0.element.id)" }.joined(separator: ", ") + ")")
        for exam in [false, true] {
            let rows = stepStats.filter { $0.exam == exam && $0.reached > 0 }
            guard !rows.isEmpty else { continue }
            out.append("")
            out.append(exam ? "Exam steps (counted apart from practice)" : "Steps")
            out.append("  " + "STEP".padding(34) + " REACHED PASSED FIRST TRY HINTS MEDIAN TIME")
            for s in rows {
                out.append(
                    "  \(("\(s.lesson).\(s.step)").padding(34)) \(String(s.reached).padding(7)) \(Self.percent(s.passed, s.reached).padding(6)) \((exam ? "-" : Self.percent(s.firstTry, s.reached)).padding(9)) \(String(s.hints).padding(5)) \(Self.duration(s.medianSeconds))"
                )
            }
        }
        out.append("")
        out.append("Answers (most missed first)")
        for q in questions where q.missed > 0 {
            out.append("  \(q.lesson).\(q.step)\(q.exam ? " (exam)" : ""): \(q.question)")
            out.append("    right: \(q.right) — \(q.rightFirst) of \(q.answered) at the first answer (\(Self.percent(q.rightFirst, q.answered)))")
            for a in q.wrong { out.append("    \(String(a.learners).padding(3)) of \(q.answered): \(a.text)") }
        }
        if !tasks.isEmpty {
            out.append("")
            out.append("Designs that failed (most failing first)")
            for t in tasks {
                out.append("  \(t.lesson).\(t.step)\(t.exam ? " (exam)" : ""): \(t.failing) of \(t.reached) learners; \(t.passed) passed")
                for c in t.rejected { out.append("    \(String(c.learners).padding(3)) rejected design: \(c.text)") }
                for c in t.breaches { out.append("    \(String(c.learners).padding(3)) attack got in: \(c.text)") }
                for c in t.failedGoals { out.append("    \(String(c.learners).padding(3)) goal failed: \(c.text)") }
            }
        }
        out.append("")
        for learner in learners {
            out.append(
                "\(learner.learner): \(done(learner))/\(lessons.count) lessons done, \(Self.minutes(seconds(learner))), \(hints(learner)) hints, \(wrongAnswers(learner)) wrong answers"
            )
        }
        out.append("")
        out.append("Legend")
        for (figure, meaning) in Self.legend { out.append("  \(figure): \(meaning)") }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - Markdown

    public func markdown() -> String {
        var out = [
            "# Class report — \(pack.title)", "", "Pack `\(pack.id)` \(pack.version), \(learners.count) learners\(anonymous ? " (anonymous)" : "").", "",
        ]
        if !excluded.isEmpty {
            out.append("**Left out of the figures:**")
            out.append("")
            for e in excluded { out.append("- \(e.file.markdownCell): \(e.reason.markdownCell)") }
            out.append("")
        }
        if !superseded.isEmpty {
            out.append("**Superseded by a later export of the same learner:**")
            out.append("")
            for s in superseded { out.append("- \(s.file.markdownCell): superseded by \(s.by.markdownCell)") }
            out.append("")
        }
        out.append("## Completion")
        out.append("")
        out.append("| Learner | " + lessons.map(\.id).joined(separator: " | ") + " |")
        out.append("|---|" + lessons.map { _ in "---" }.joined(separator: "|") + "|")
        for learner in learners {
            out.append("| \(learner.learner.markdownCell) | " + lessons.map { cell(learner, $0).markdownCell }.joined(separator: " | ") + " |")
        }
        for exam in [false, true] {
            let rows = stepStats.filter { $0.exam == exam && $0.reached > 0 }
            guard !rows.isEmpty else { continue }
            out.append("")
            out.append(exam ? "## Exam steps (counted apart from practice)" : "## Steps")
            out.append("")
            out.append("| Step | Kind | Reached | Passed | First try | Hints | Median time |")
            out.append("|---|---|---|---|---|---|---|")
            for s in rows {
                out.append(
                    "| \(s.lesson.markdownCell).\(s.step.markdownCell) | \(s.kind.rawValue) | \(s.reached) | \(Self.percent(s.passed, s.reached)) | \(exam ? "-" : Self.percent(s.firstTry, s.reached)) | \(s.hints) | \(Self.duration(s.medianSeconds)) |"
                )
            }
        }
        out.append("")
        out.append("## Answers (most missed first)")
        for q in questions where q.missed > 0 {
            out.append("")
            out.append("### \(q.lesson.markdownCell).\(q.step.markdownCell)\(q.exam ? " (exam)" : "") — \(q.question.lessonMarkdownCell)")
            out.append("")
            out.append("| Answer | Learners | Of those who answered |")
            out.append("|---|---|---|")
            out.append("| right: \(q.right.lessonMarkdownCell) (at the first answer) | \(q.rightFirst) | \(q.rightFirst) of \(q.answered) |")
            for a in q.wrong { out.append("| \(a.text.lessonMarkdownCell) | \(a.learners) | \(a.learners) of \(q.answered) |") }
        }
        if !tasks.isEmpty {
            out.append("")
            out.append("## Designs that failed (most failing first)")
            for t in tasks {
                out.append("")
                out.append(
                    "### \(t.lesson.markdownCell).\(t.step.markdownCell)\(t.exam ? " (exam)" : "") — \(t.failing) of \(t.reached) learners; \(t.passed) passed")
                out.append("")
                for c in t.rejected { out.append("- \(c.learners) rejected design: \(c.text.markdownCell)") }
                for c in t.breaches { out.append("- \(c.learners) attack got in: \(c.text.markdownCell)") }
                for c in t.failedGoals { out.append("- \(c.learners) goal failed: \(c.text.markdownCell)") }
            }
        }
        out.append("")
        out.append("## Learners")
        for learner in learners {
            out.append("")
            out.append("### \(learner.learner.markdownCell)")
            out.append("")
            out.append("\(done(learner)) of \(lessons.count) lessons done; \(Self.minutes(seconds(learner))); \(hints(learner)) hints.")
            for l in learner.lessons {
                let wrong = l.steps.flatMap { s in s.wrongChoices.map { "\(s.id.markdownCell): \($0.markdownCell)" } }
                if !wrong.isEmpty { out.append("- \(l.id.markdownCell): first answers wrong — \(wrong.joined(separator: ", "))") }
            }
        }
        out.append("")
        out.append("## Legend")
        out.append("")
        for (figure, meaning) in Self.legend { out.append("- **\(figure)**: \(meaning.markdownCell)") }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - CSV

    /// One row per learner and step: the raw results (the figures and their legend are in the
    /// other formats); lists inside a field are separated by `;`.
    public func csv() -> String {
        var rows = [
            "learner,lesson,step,kind,result,attempts,wrong_choices,hints,saw_solution,seconds,grade,exam,refused,rejected_designs,breaches,failed_goals,learner_id"
        ]
        for learner in learners {
            for l in learner.lessons {
                for s in l.steps {
                    rows.append(
                        [
                            learner.learner, l.id, s.id, s.kind.rawValue, s.status.rawValue, String(s.attempts), s.wrongChoices.joined(separator: ";"),
                            String(s.hints),
                            s.sawSolution ? "yes" : "no", String(s.seconds), s.design?.rawValue ?? "", (l.exam ?? false) ? "yes" : "no", String(s.refused ?? 0),
                            (s.rejected ?? []).joined(separator: ";"), (s.breaches ?? []).joined(separator: ";"), (s.failedGoals ?? []).joined(separator: ";"),
                            anonymous ? "" : learner.learnerID ?? "",
                        ].map(\.csvField).joined(separator: ","))
                }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    // MARK: - HTML

    /// One self-contained page: no network, readable on a projector and on paper; tables, bars
    /// and charts in inline SVG.
    public func html() -> String {
        var b = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Class report — \(pack.title.htmlEscaped)</title>
            <style>
            body{font:18px/1.4 system-ui,sans-serif;margin:2rem;color:#111;background:#fff}
            h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:2px solid #333}h3{margin:1.2rem 0 .3rem;font-size:1.1rem}
            table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #999;padding:.3rem .6rem;text-align:left}
            td.done{background:#2e7d32;color:#fff;font-weight:bold}td.part{background:#f9a825}td.none{background:#eee;color:#777}
            .excluded{background:#fdecea;border-left:6px solid #c62828;padding:.5rem 1rem}.superseded{margin-top:.6rem;background:#fff8e1;border-left:6px solid #f9a825;padding:.5rem 1rem}
            #grid td{text-align:center;min-width:3.2rem}.legend{color:#444}td.n{text-align:right}
            .bar{display:inline-block;height:.9rem;background:#1565c0;vertical-align:middle;margin-right:.4rem}.bar.right{background:#2e7d32}
            dl.legend dt{font-weight:bold;margin-top:.4rem}dl.legend dd{margin-left:1.5rem}
            @media print{body{font-size:10pt;margin:0}h2{break-after:avoid}table,svg,.question,.task{break-inside:avoid}
            td.done,td.part,td.none,.bar{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}
            </style></head><body>
            <h1>Class report — \(pack.title.htmlEscaped)</h1>
            <p>Pack <code>\(pack.id.htmlEscaped)</code> \(pack.version.htmlEscaped) · \(learners.count) learners\(anonymous ? " · anonymous" : "")</p>

            """
        if !excluded.isEmpty {
            b += "<div class=\"excluded\"><strong>Left out of the figures:</strong><ul>"
            for e in excluded { b += "<li><code>\(e.file.htmlEscaped)</code>: \(e.reason.htmlEscaped)</li>" }
            b += "</ul></div>\n"
        }
        if !superseded.isEmpty {
            b += "<div class=\"superseded\"><strong>Superseded by a later export of the same learner:</strong><ul>"
            for s in superseded { b += "<li><code>\(s.file.htmlEscaped)</code>: superseded by <code>\(s.by.htmlEscaped)</code></li>" }
            b += "</ul></div>\n"
        }
        b +=
            "<h2>Completion</h2>\n<table id=\"grid\"><tr><th>Learner</th>"
            + lessons.enumerated().map { "<th title=\"\($1.id.htmlEscaped)\">\($0 + 1)</th>" }.joined()
            + "</tr>\n"
        for learner in learners {
            b += "<tr><th>\(learner.learner.htmlEscaped)</th>"
            for lesson in lessons {
                let c = cell(learner, lesson)
                b += "<td class=\"\(c.hasPrefix("done") ? "done" : c.hasPrefix("-") ? "none" : "part")\">\(c.htmlEscaped)</td>"
            }
            b += "</tr>\n"
        }
        b +=
            "</table>\n<p class=\"legend\">" + lessons.enumerated().map { "\($0 + 1) \($1.id.htmlEscaped)" }.joined(separator: " · ")
            + "</p>\n<h2>Lessons finished</h2>\n"
        let finished = lessons.map { lesson in learners.filter { cell($0, lesson).hasPrefix("done") }.count }
        b += barChart(labels: lessons.map(\.id), values: finished, maximum: max(1, learners.count), unit: "learners")
        b += "<h2>Steps passed at the first try</h2>\n"
        let stats = stepStats.filter { !$0.exam && $0.reached > 0 }
        b += barChart(labels: stats.map { "\($0.lesson).\($0.step)" }, values: stats.map { $0.firstTry * 100 / max(1, $0.reached) }, maximum: 100, unit: "%")
        for exam in [false, true] {
            let rows = stepStats.filter { $0.exam == exam && $0.reached > 0 }
            guard !rows.isEmpty else { continue }
            b += "<h2>\(exam ? "Exam steps (counted apart from practice)" : "Steps")</h2>\n"
            b +=
                "<table class=\"steps\"><tr><th>Step</th><th>Kind</th><th>Reached</th><th>Passed</th><th>First try</th><th>Hints</th><th>Median time</th></tr>\n"
            for s in rows {
                b +=
                    "<tr><td>\(s.lesson.htmlEscaped).\(s.step.htmlEscaped)</td><td>\(s.kind.rawValue.htmlEscaped)</td><td class=\"n\">\(s.reached)</td><td class=\"n\">\(Self.percent(s.passed, s.reached))</td><td class=\"n\">\(exam ? "-" : Self.percent(s.firstTry, s.reached))</td><td class=\"n\">\(s.hints)</td><td class=\"n\">\(Self.duration(s.medianSeconds))</td></tr>\n"
            }
            b += "</table>\n"
        }
        b += "<h2>Answers (most missed first)</h2>\n"
        for q in questions where q.missed > 0 {
            b += "<div class=\"question\"><h3>\(q.lesson.htmlEscaped).\(q.step.htmlEscaped)\(q.exam ? " (exam)" : "") — \(q.question.htmlEscaped)</h3>\n"
            b += "<table><tr><th>Answer</th><th>Learners (of \(q.answered) who answered)</th></tr>\n"
            b +=
                "<tr><td>right: \(q.right.htmlEscaped) <small>(at the first answer)</small></td><td>\(bar(q.rightFirst, of: q.answered, right: true))</td></tr>\n"
            for a in q.wrong { b += "<tr><td>\(a.text.htmlEscaped)</td><td>\(bar(a.learners, of: q.answered, right: false))</td></tr>\n" }
            b += "</table></div>\n"
        }
        if !tasks.isEmpty {
            b += "<h2>Designs that failed (most failing first)</h2>\n"
            for t in tasks {
                b +=
                    "<div class=\"task\"><h3>\(t.lesson.htmlEscaped).\(t.step.htmlEscaped)\(t.exam ? " (exam)" : "") — \(t.failing) of \(t.reached) learners; \(t.passed) passed</h3>\n"
                b += "<table><tr><th>What failed</th><th>Learners</th></tr>\n"
                for (label, counts) in [("rejected design", t.rejected), ("attack got in", t.breaches), ("goal failed", t.failedGoals)] {
                    for c in counts { b += "<tr><td>\(label): \(c.text.htmlEscaped)</td><td>\(bar(c.learners, of: t.reached, right: false))</td></tr>\n" }
                }
                b += "</table></div>\n"
            }
        }
        b += "<h2>Learners</h2>\n"
        for learner in learners {
            b +=
                "<h3>\(learner.learner.htmlEscaped)</h3><p>\(done(learner)) of \(lessons.count) lessons done; \(Self.minutes(seconds(learner))); \(hints(learner)) hints.</p>\n"
        }
        b += "<h2>Legend</h2>\n<dl class=\"legend\">\n"
        for (figure, meaning) in Self.legend { b += "<dt>\(figure.htmlEscaped)</dt><dd>\(meaning.htmlEscaped)</dd>\n" }
        b += "</dl>\n</body></html>\n"
        return b
    }

    /// `n of total` with a bar as long as the share (at most 300 px).
    func bar(_ n: Int, of total: Int, right: Bool) -> String {
        let width = total == 0 ? 0 : n * 300 / total
        return "<span class=\"bar\(right ? " right" : "")\" style=\"width:\(width)px\"></span>\(n) of \(total)"
    }

    func barChart(labels: [String], values: [Int], maximum: Int, unit: String) -> String {
        let rowHeight = 26
        let labelWidth = 260
        let barWidth = 500
        let height = rowHeight * labels.count + 10
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 90)\" height=\"\(height)\" role=\"img\" aria-label=\"bar chart\">\n"
        for (i, (label, value)) in zip(labels, values).enumerated() {
            let y = i * rowHeight + 5
            let w = value * barWidth / max(1, maximum)
            svg += "<text x=\"0\" y=\"\(y + 17)\" font-size=\"15\">\(label.htmlEscaped)</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(w)\" height=\"\(rowHeight - 6)\" fill=\"#1565c0\"/>"
            let shownUnit = unit == "learners" && value == 1 ? "learner" : unit
            svg += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 17)\" font-size=\"15\">\(value) \(shownUnit)</text>\n"
        }
        return svg + "</svg>\n"
    }
}

extension Lesson {
    /// What the engine decides for the prediction at step `index` (`allowed` or `denied`), in the
    /// lesson's world as it stands there with the earlier tasks solved.
    public func rightPrediction(atStep index: Int) -> String? {
        guard steps.indices.contains(index), case .predict(let p) = steps[index].kind, case .can(let ability, _) = p.check else { return nil }
        return Goal.decision(ability, in: world(atStep: index)).allowed ? "allowed" : "denied"
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }

    /// Text for an HTML page: `&`, `<`, `>`, `"` and `'` escaped.
    public var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for ch in self {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A CSV field: quoted when it must be, and never a formula - a field a spreadsheet would
    /// evaluate (`=`, `+`, `-`, `@`, TAB or CR first) gets a leading `'` (OWASP's CSV injection advice).
    var csvField: String {
        var text = self
        if let first = text.first, "=+-@\t\r".contains(first), Int(text) == nil { text = "'" + text }
        guard text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// The lesson's own text (trusted, and Markdown already) in a table cell: only the column
    /// separator and line breaks are taken care of.
    var lessonMarkdownCell: String {
        split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|").split(separator: "\n").joined(separator: " ")
    }

    /// Text for a Markdown table cell or line: Markdown's and HTML's special characters escaped,
    /// so a name cannot become a link, a tag or a column.
    var markdownCell: String {
        var out = ""
        for ch in self {
            switch ch {
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "!", "|", "~": out += "\\" + String(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    /// Untrusted text made safe to print anywhere: control characters (terminal escapes among
    /// them), line and paragraph separators and text-direction overrides are dropped, runs of white
    /// space become one space, and it is cut at `limit` characters (with an ellipsis).
    func untrusted(limit: Int) -> String {
        var out = ""
        var count = 0
        var lastWasSpace = false
        for scalar in unicodeScalars {
            let v = scalar.value
            let control =
                v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0xFEFF
            if control {
                if (v == 0x09 || v == 0x0A || v == 0x0D) && !lastWasSpace && !out.isEmpty { out += " "; count += 1; lastWasSpace = true }
                continue
            }
            if scalar == " " {
                if lastWasSpace { continue }
                lastWasSpace = true
            } else {
                lastWasSpace = false
            }
            if count >= limit {
                out += "…"
                break
            }
            out.unicodeScalars.append(scalar)
            count += 1
        }
        return out.trimmed(where: { $0 == " " })
    }
}
