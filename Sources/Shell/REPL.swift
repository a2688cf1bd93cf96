import Policy
import Tutor
import World

/// What the shell may do outside the world: read files for `file://` and `s3 cp`, write exports.
public struct ShellEnvironment: Sendable {
    public var readFile: FileReader
    public var writeFile: @Sendable (String, String) -> Bool
    /// Whether a file exists (`recap`, `graph` and `export` never replace one without --force).
    public var fileExists: @Sendable (String) -> Bool

    public init(
        readFile: @escaping FileReader = { _ in nil }, writeFile: @escaping @Sendable (String, String) -> Bool = { _, _ in false },
        fileExists: @escaping @Sendable (String) -> Bool = { _ in false }
    ) {
        self.readFile = readFile
        self.writeFile = writeFile
        self.fileExists = fileExists
    }
}

/// The read-eval-print loop: one command table drives parsing, help and completion.
public struct REPL {
    /// The sandbox's world (when no lesson is open).
    private var sandbox: World
    /// The lesson being taken, with its own world. What the learner did in it is in `progress`
    /// (nowhere else): `advance` lends it to the run.
    var run: LessonRun? {
        didSet {
            if let old = oldValue, old.lesson.id != run?.lesson.id, progress.lessons[old.lesson.id]?.finished == true { lastFinished = old }
        }
    }
    /// The last lesson finished, for `recap` after the end.
    var lastFinished: LessonRun?
    public let lessons: LessonCatalog
    /// The pack's identity and the instructor's switches (the switches and hash are read in full
    /// when first needed: `fullPack`).
    public var pack = PackInfo()
    /// Reads the whole pack.yaml (switches, hash); nil when the pack has none to read.
    public var loadFullPack: (@Sendable () -> PackInfo?)?
    private var fullPackLoaded = false

    mutating func fullPack() -> PackInfo {
        if !fullPackLoaded, let load = loadFullPack {
            fullPackLoaded = true
            if let full = load() { pack = full }
        }
        return pack
    }
    public private(set) var progress: LearnerProgress
    let store: (any ProgressStore)?
    /// The learner's clock, in seconds (time spent per step); tests pass a fixed one.
    public var now: @Sendable () -> Int = { 0 }
    /// What loading progress said (a file moved aside, counters out of range, another tutor):
    /// told in the welcome.
    var loadNotes: [ProgressError] = []
    /// The saved progress exists but could not be read (then `export` refuses).
    var progressUnreadable: ProgressError?
    /// What saving said since the last command's output: printed right after it.
    var saveNotices: [ProgressError] = []
    /// Whether the last save failed (the next good one says so).
    var saveFailing = false

    /// The world commands act on: the open lesson's, or the sandbox.
    public internal(set) var world: World {
        get { run?.world ?? sandbox }
        set {
            if run != nil { run!.world = newValue } else { sandbox = newValue }
        }
    }
    /// The world before each change, for `undo` (within the open step only: a task once done
    /// cannot be undone from the next one), the last `undoLimit` changes.
    private var history: [World] = []
    /// How many changes `undo` can take back, one after another.
    public static let undoLimit = 50
    /// Whether older changes were forgotten since the history was last emptied.
    private var historyTrimmed = false
    /// The last aws command's error, when it failed before any policy was read (for `why`).
    var lastFailure: AWSError?
    /// The last decision met — by an aws command, a prediction, a goal or an attack — for `why`.
    var lastDecision: DecisionRecord?
    private let initial: World
    public var style: Style
    public let environment: ShellEnvironment
    /// Whether the loop should end.
    private(set) var finished = false

    public init(
        world: World, style: Style = Style(), environment: ShellEnvironment = ShellEnvironment(), lessons: LessonCatalog = LessonCatalog(entries: []),
        store: (any ProgressStore)? = nil
    ) {
        self.sandbox = world
        self.initial = world
        self.style = style
        self.environment = environment
        self.lessons = lessons
        self.store = store
        let loaded = store?.load() ?? ProgressLoad(progress: LearnerProgress())
        self.progress = loaded.progress
        self.loadNotes = loaded.notes + (loaded.unreadable.map { [$0] } ?? [])
        self.progressUnreadable = loaded.unreadable
    }

    public var prompt: String {
        if let run { return "iam:\(run.lesson.id)\(run.switches.exam ? "[exam]" : "")(\(world.currentProfile))> " }
        return "iam(\(world.currentProfile))> "
    }

    public static let continuationPrompt = "...> "

    /// Said when an exam opens: what is off, and how a task is handed in.
    static func examBanner(plain: Bool) -> String {
        (plain ? "EXAM: " : "━━ EXAM ━━ ")
            + "Answers are recorded without feedback until the review at the end: no hints, no `check`, no solutions, and `why` waits for the review. `back` lets you change an answer; `next` hands a task in."
    }

    public static let banner = """
        iam-tutor — learn when to use an IAM user, a group or a role.
        This is the sandbox: account 111122223333 with dana (a developer), ana (an analyst) and omar (ops).
        You are its root user. Type an aws command, `help`, `show users`, `graph`, or `quit`.
        """

    /// Presenter mode (`--present`): steps revealed on Enter, the world's diagram after every change.
    public var presenter = false

    /// In presenter mode, the step (`lesson#index`) the diagram was last shown with.
    var diagramShownFor: String?

    /// The terminal's width now (nil: keep the style's); asked before every command.
    public var measureWidth: (@Sendable () -> Int?)?

    /// Open in the sandbox, with its welcome, even when there are lessons (`iam-tutor sandbox`).
    public var sandboxFirst = false

    /// The welcome: the lesson menu when there are lessons, else the sandbox.
    public var welcome: String {
        let notes = loadNotes.map { render($0) }
        guard !lessons.isEmpty, !sandboxFirst else { return ([style.wrap(Self.banner)] + notes).joined(separator: "\n") }
        var lines = ["iam-tutor — learn when to use an IAM user, a group or a role."]
        lines.append(menu)
        if let current = progress.currentLesson, lessons.ids.contains(current) {
            lines.append(style.wrap("Type `start \(current)` to go on where you left off, `sandbox` to play freely, or `help`."))
        } else {
            lines.append(style.wrap("Type `start \(lessons.ids[0])`, `lessons`, or `help`. Until then you are in the sandbox, as its root user."))
        }
        lines += notes
        return lines.joined(separator: "\n")
    }

    var menu: String {
        let width = lessons.entries.map(\.id.count).max() ?? 8
        return lessons.entries.enumerated().map { i, l in
            let exam = pack.switches(for: l.id).exam
            let mark = [exam ? "exam" : "", progress.mark(lesson: l.id, interactive: l.interactive, exam: exam)].filter { !$0.isEmpty }.joined(separator: ", ")
            let pad = String(repeating: " ", count: max(1, width - l.id.count + 2))
            let number = String(i + 1)
            let head = String(repeating: " ", count: max(0, 3 - number.count)) + number + " " + l.id + pad
            let tail = mark.isEmpty ? "" : "  [\(mark)]"
            var summary = String(l.summary.trimmed().split(separator: "\n").first ?? "")
            // A narrow terminal (a projector's zoomed font) shortens the summary, so the marks stay
            // in their column; narrower still, the line wraps under the summary.
            let room = style.width - head.count - tail.count
            if summary.count > room, room >= 20 { summary = String(summary.prefix(room - 1)).trimmed() + "…" }
            return style.wrap(head + summary + tail, indent: String(repeating: " ", count: head.count))
        }.joined(separator: "\n")
    }

    /// Reads and runs commands until the input ends or `quit`. Returns the exit status.
    /// - Parameter afterEach: told the world after every command (completion reads it).
    /// Said on leaving, by `quit` or Ctrl-D alike.
    static let goodbye = "Bye."

    /// How far piped input may continue one command before it is dropped as runaway.
    public static let continuationLimit = (lines: 200, bytes: 65536)

    public mutating func run<Input: LineInput>(input: inout Input, output: (String) -> Void, afterEach: (World) -> Void = { _ in }) -> Int32 {
        if let width = measureWidth?() { style.width = max(40, width) }
        output(welcome)
        if let notice = takeSaveNotices() { output(notice) }
        var pending: [String] = []
        var open = ShellWords.OpenCommand()
        var lineNumber = 0
        var firstLine = 0
        while !finished {
            let prompt = pending.isEmpty ? self.prompt : Self.continuationPrompt
            switch input.read(prompt: prompt) {
            case .end:
                if !pending.isEmpty { output(style.yellow("(the unfinished command was dropped)")) }
                output(Self.goodbye)
                return 0
            case .interrupt:
                pending = []
                open = ShellWords.OpenCommand()
                continue
            case .line(let line):
                lineNumber += 1
                if input.echoes { output(prompt + line) }
                if !pending.isEmpty && line.trimmed().isEmpty {
                    output(style.yellow("(the unfinished command was dropped)"))
                    pending = []
                    open = ShellWords.OpenCommand()
                    continue
                }
                if pending.isEmpty { firstLine = lineNumber }
                pending.append(line)
                open.feed(line)
                if !open.isComplete {
                    if let said = continuation(open, piped: !input.isTerminal, firstLine: firstLine, lineNumber: lineNumber) {
                        output(said.text)
                        if said.dropped {
                            pending = []
                            open = ShellWords.OpenCommand()
                        }
                    }
                    continue
                }
                let text = pending.joined(separator: "\n")
                pending = []
                open = ShellWords.OpenCommand()
                guard !text.trimmed().isEmpty else {
                    if presenter, run?.waitingForEnter == true {
                        output(style.wrap(OutcomeView.render(advance { $0.present(record: &$1) } ?? [], style: style)))
                        if let diagram = presenterDiagram() { output(diagram) }
                        saveProgress()
                        if let notice = takeSaveNotices() { output(notice) }
                    }
                    continue
                }
                input.remember(text)
                let result = execute(text) { question in
                    if case .line(let answer) = input.read(prompt: question) {
                        lineNumber += 1
                        if input.echoes { output(question + answer) }
                        return answer
                    }
                    return nil
                }
                if !result.isEmpty { output(result) }
                if let open = run, progress.lessons[open.lesson.id]?.finished == true {
                    // A finished lesson hands back to the sandbox; `recap` still has it.
                    lastFinished = open
                    run = nil
                }
                afterEach(world)
            }
        }
        return 0
    }

    /// What to say while a command is still open: after its first continuation line, what is open
    /// and how to leave; in piped input, past the limit, a located error (the command is dropped).
    func continuation(_ open: ShellWords.OpenCommand, piped: Bool, firstLine: Int, lineNumber: Int) -> (text: String, dropped: Bool)? {
        let what = open.openDescription ?? "the command is still open"
        if piped && (open.lines >= Self.continuationLimit.lines || open.bytes >= Self.continuationLimit.bytes) {
            let size = open.lines >= Self.continuationLimit.lines ? "\(open.lines) lines" : "\(open.bytes) bytes"
            return (
                style.red(
                    "error: input line \(lineNumber): the command begun at input line \(firstLine) is still open after \(size) (\(what)); it was dropped."),
                true
            )
        }
        guard open.lines == 2 else { return nil }
        return (style.dim("(\(what); an empty line or Ctrl-C drops the command)"), false)
    }

    /// Runs one complete command and returns what it prints, followed by what saving the
    /// learner's progress said (a failure is told right after the command that met it).
    /// - Parameter ask: asks the learner a question (for confirmations) and returns the answer.
    public mutating func execute(_ text: String, ask: (String) -> String? = { _ in nil }) -> String {
        if let width = measureWidth?() { style.width = max(40, width) }
        var out = perform(text, ask: ask)
        if let decision = run?.takeDecision() { lastDecision = decision }
        if let diagram = presenterDiagram() { out += "\n\n" + diagram }
        guard let notice = takeSaveNotices() else { return out }
        return out.isEmpty ? notice : out + "\n" + notice
    }

    mutating func perform(_ text: String, ask: (String) -> String?) -> String {
        let words: [String]
        do {
            words = try ShellWords.split(text)
        } catch {
            return style.red("error: a quote is not closed")
        }
        guard let first = words.first else { return "" }
        let time = now()
        advance { $0.tick(now: time, record: &$1) }
        let stepBefore = run.map { ($0.lesson.id, $0.index) }
        defer {
            if let stepBefore, let now = run.map({ ($0.lesson.id, $0.index) }), stepBefore != now { forgetHistory() }
        }
        if first == "aws" {
            let before = world
            var out = runAWS(text)
            if presenter && !Self.sameShape(before, world) {
                out += "\n\n" + style.dim("── the world now ──") + "\n" + WorldGraph(world).text(style: style)
            }
            if let done = advance({ $0.afterCommand(failed: false, record: &$1) }) ?? nil {
                out += "\n" + style.wrap(OutcomeView.render(done, style: style))
                saveProgress()
            } else if let changes = shapeChanges() {
                out += (out.isEmpty ? "" : "\n") + changes
            }
            return out
        }
        if run?.wantsAnswer == true, TutorCommand.named(first) == nil {
            if let reply = advance({ $0.answer(text, record: &$1) }) ?? nil {
                saveProgress()
                return style.wrap(OutcomeView.render(reply, style: style))
            }
            return style.yellow(
                run!.step.map { if case .ask = $0.kind { "Answer with a letter, or `hint`." } else { "Answer allowed or denied, or `hint`." } } ?? "")
        }
        guard let command = TutorCommand.named(first) else {
            let names = TutorCommand.all.flatMap { [$0.name] + $0.aliases } + ["aws"]
            let hint = Suggestion.closest(to: first, among: names).map { " Did you mean `\($0)`?" } ?? ""
            return style.red("Unknown command `\(first)`.") + hint + " Type `help` for the commands."
        }
        return command.run(&self, Array(words.dropFirst()), ask)
    }

    /// Where the open task's world stood against its goal's shape after the last command.
    private var shapeSeen: (lesson: String, step: Int, status: [GoalShape.Status])?

    /// After a command during a task: the parts of the goal's shape that changed (nil: none,
    /// no shape, or an exam, which gives no feedback).
    mutating func shapeChanges() -> String? {
        guard let run, let step = run.step, case .task(let task) = step.kind, !run.switches.exam else { return nil }
        let shape = GoalShape(task)
        guard !shape.isEmpty else { return nil }
        let arrow = GoalView.shortArrow(style)
        let seen = shapeSeen.flatMap { $0.lesson == run.lesson.id && $0.step == run.index ? $0.status : nil }
        let before = seen ?? shape.status(in: run.taskStart, arrow: arrow)
        let now = shape.status(in: run.world, arrow: arrow)
        shapeSeen = (run.lesson.id, run.index, now)
        return GoalView.changes(from: before, to: now, style: style)
    }

    mutating func runAWS(_ text: String) -> String {
        let before = world
        let outcome = world.run(text, readFile: environment.readFile)
        lastFailure = outcome.error != nil && outcome.decision == nil ? outcome.error : nil
        if let decision = outcome.decision { lastDecision = decision }
        if outcome.error == nil || world.trail.count != before.trail.count || world.sessions.count != before.sessions.count {
            remember(before)
        }
        var out: [String] = outcome.prompts.map { style.dim($0) }
        if !outcome.output.isEmpty { out.append(outcome.output) }
        if let error = outcome.error {
            out.append(style.red(error.description))
            if error.code == .accessDenied || error.code == .unauthorizedOperation {
                out.append(style.dim("(type `why` to see which policies were checked)"))
            }
        }
        if let notice = outcome.notice {
            out.append(style.yellow(style.wrap("note: " + notice, indent: "  ")))
        }
        return out.joined(separator: "\n")
    }

    /// Whether two worlds hold the same identities, policies and workloads (for presenter mode).
    static func sameShape(_ a: World, _ b: World) -> Bool {
        a.accounts == b.accounts && a.instances == b.instances && a.functions == b.functions
    }

    mutating func change(_ body: (inout World) -> Void) {
        remember(world)
        body(&world)
    }

    /// Keeps a world for `undo`, forgetting the oldest beyond `undoLimit`.
    private mutating func remember(_ before: World) {
        history.append(before)
        if history.count > Self.undoLimit {
            history.removeFirst(history.count - Self.undoLimit)
            historyTrimmed = true
        }
    }

    private mutating func forgetHistory() {
        history.removeAll()
        historyTrimmed = false
    }

    mutating func undo() -> String {
        guard let previous = history.popLast() else {
            return historyTrimmed ? "Nothing more to undo: `undo` takes back the last \(Self.undoLimit) changes." : "Nothing to undo."
        }
        world = previous
        return "Undone: the world is as it was before your last change."
    }

    mutating func reset() {
        remember(world)
        world = initial
    }

    mutating func finish() { finished = true }

    /// The learner's results over the whole pack, sealed for the instructor.
    public mutating func exportResults(name: String) -> (LearnerResults?, String?) {
        if let unreadable = progressUnreadable {
            return (nil, "Not exported: your saved progress could not be read, so the results would be empty. \(unreadable.description)")
        }
        let (all, problems) = lessons.parseAll()
        if let problem = problems.first { return (nil, "the lessons cannot be read: \(problem.description)") }
        progress.learner = name
        saveProgress()
        let pack = fullPack()
        let results = LearnerResults(
            learner: name, pack: .init(id: pack.id, version: pack.version, hash: pack.hash), lessons: all, progress: progress, exportedAt: now())
        return (results, nil)
    }

    /// The learner's name for the instructor (`--name`), kept with the progress.
    public mutating func setLearnerName(_ name: String) {
        guard progress.learner != name else { return }
        progress.learner = name
        saveProgress()
    }

    /// Gives this data folder its learner id, once (the shell makes it; it is kept across resets).
    public mutating func ensureLearnerID(_ make: () -> String) {
        guard progress.learnerID == nil else { return }
        progress.learnerID = make()
        saveProgress()
    }

    /// In presenter mode, when a new question or task is on screen: the world's diagram, so the
    /// room keeps it in view while it thinks.
    mutating func presenterDiagram() -> String? {
        guard presenter, let open = run, !open.waitingForEnter, open.step?.isInteractive == true else { return nil }
        let shown = "\(open.lesson.id)#\(open.index)"
        guard diagramShownFor != shown else { return nil }
        diagramShownFor = shown
        return style.dim("── the world now ──") + "\n" + WorldGraph(world).text(style: style)
    }

    /// Gives a new learner a seed (the shell draws it once; transcripts use none).
    public mutating func ensureSeed(_ make: () -> UInt64) {
        guard progress.seed == nil else { return }
        progress.seed = make() | 1
        saveProgress()
    }

    /// Saves the learner's progress (after every answer). A failure keeps the progress in memory,
    /// to be saved at the next answer, and is told after the command (`takeSaveNotices`).
    mutating func saveProgress() {
        guard let store else { return }
        do {
            let saved = try store.save(progress)
            progress = saved.progress
            saveNotices += saved.notes
            if saveFailing { saveNotices.append(.savedAgain) }
            saveFailing = false
            progressUnreadable = nil
        } catch {
            if !saveNotices.contains(error) { saveNotices.append(error) }
            saveFailing = true
        }
    }

    /// What saving said since it was last asked, rendered: failures in red, notes in yellow.
    mutating func takeSaveNotices() -> String? {
        guard !saveNotices.isEmpty else { return nil }
        defer { saveNotices.removeAll() }
        return saveNotices.map { render($0) }.joined(separator: "\n")
    }

    /// One line, not wrapped: the file's path stays whole, to copy.
    func render(_ problem: ProgressError) -> String {
        let text = (problem.isFailure ? "error: " : "note: ") + problem.description
        return problem.isFailure ? style.red(text) : style.yellow(text)
    }

    mutating func startLesson(_ id: String) -> String {
        let ids = lessons.ids
        guard let found = lessons.lessonID(named: id) else {
            let hint = Suggestion.closest(to: id, among: ids).map { " Did you mean `start \($0)`?" } ?? ""
            return style.red("No lesson \(id).") + hint + " `lessons` lists them."
        }
        let lesson: Lesson
        do {
            lesson = try lessons.lesson(found, seed: progress.seed ?? 0)
        } catch {
            return style.red("The lesson \(found) cannot be read: \(error.description)")
        }
        let switches = fullPack().switches(for: lesson.id)
        // A lesson's record is all practice or all exam: one begun in the other mode starts afresh.
        if let record = progress.lessons[lesson.id], record.finished || (record.exam ?? false) != switches.exam {
            progress.lessons[lesson.id] = nil
        }
        let current = progress.lessons[lesson.id]?.current
        var lessonRun = LessonRun(lesson: lesson, record: progress.lessons[lesson.id] ?? LessonRecord())
        lessonRun.switches = switches
        lessonRun.presenter = presenter
        lessonRun.seed = progress.seed ?? 0
        let resumed = current != nil && current != lesson.steps.first?.id
        run = lessonRun
        // Time on the first step runs from when it is shown, not from the first thing typed.
        let time = now()
        advance { $0.tick(now: time, record: &$1) }
        forgetHistory()
        let header = style.bold("\(lesson.title)") + style.dim(" (about \(lesson.minutes) minutes)")
        var note = resumed ? "\n" + style.dim("(resuming: earlier tasks are in place as their reference solutions left them)") : ""
        if lessonRun.switches.exam { note += "\n" + style.wrap(style.yellow(Self.examBanner(plain: style.plain))) }
        let body = OutcomeView.render(advance { $0.present(record: &$1) } ?? [], style: style)
        saveProgress()
        return header + note + "\n\n" + style.wrap(body)
    }

    mutating func leaveLesson() -> String {
        guard let open = run else { return "You are in the sandbox already." }
        saveProgress()
        run = nil
        forgetHistory()
        return "Left \(open.lesson.id) (progress kept: `start \(open.lesson.id)` goes on). You are in the sandbox."
    }

    /// Lends the open lesson's record, which lives in `progress` and nowhere else, to `body`
    /// with the run; nil when no lesson is open.
    @discardableResult
    mutating func advance<T>(_ body: (inout LessonRun, inout LessonRecord) -> T) -> T? {
        guard var open = run else { return nil }
        let id = open.lesson.id
        let out = body(&open, &progress.lessons[id, default: LessonRecord()])
        progress.currentLesson = progress.lessons[id]?.finished == true ? nil : id
        run = open
        return out
    }

    /// Runs a lesson command on the open lesson, saves, and renders what happened.
    mutating func withRun(_ body: (inout LessonRun, inout LessonRecord) -> [Outcome]) -> String {
        guard let out = advance(body) else { return "No lesson is open. `lessons` lists them; `start ID` opens one." }
        saveProgress()
        return style.wrap(OutcomeView.render(out, style: style))
    }

    mutating func resetLessonScope(_ scope: String, ask: (String) -> String?) -> String {
        switch scope {
        case "step":
            return withRun { $0.resetStep(record: &$1) }
        case "lesson":
            guard let open = run else { return "No lesson is open." }
            guard let answer = ask("Start \(open.lesson.id) again from its first step? (y/N) "), answer.lowercased().hasPrefix("y") else {
                return "Kept as it is."
            }
            progress.lessons[open.lesson.id] = nil
            run = nil
            return startLesson(open.lesson.id)
        default:
            guard let answer = ask("Forget all your progress in every lesson? (y/N) "), answer.lowercased().hasPrefix("y") else { return "Kept as it is." }
            progress = LearnerProgress(keepingIdentityOf: progress)
            run = nil
            saveProgress()
            return "All progress forgotten. You are in the sandbox."
        }
    }
}
