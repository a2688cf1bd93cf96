import Policy

/// The class report: who finished what, how each step went, and which misconceptions the room holds.
/// Pure: results in, text out (terminal, Markdown, CSV, HTML).
public struct ClassReport: Sendable {
    public struct Excluded: Sendable, Equatable {
        public var file: String
        public var reason: String

        public init(file: String, reason: String) {
            self.file = file
            self.reason = reason
        }
    }

    public struct StepStats: Sendable {
        public var lesson: String
        public var step: String
        public var kind: String
        public var reached = 0
        public var passed = 0
        public var firstTry = 0
        public var hints = 0
        public var skipped = 0
    }

    public struct Misconception: Sendable {
        public var lesson: String
        public var step: String
        public var question: String
        public var choice: String
        public var count: Int
    }

    public let pack: PackInfo
    public let lessons: [Lesson]
    public let learners: [LearnerResults]
    public let excluded: [Excluded]

    /// Checks each file against the pack: format, checksum, pack id, version and hash. Those that
    /// fail are excluded, by name, never silently.
    /// - Parameter unreadable: files the caller could not read, named in the report with the rest.
    public init(
        pack: PackInfo, lessons: [Lesson], files: [(name: String, data: [UInt8])], unreadable: [Excluded] = [], decode: ([UInt8]) -> LearnerResults?
    ) {
        self.pack = pack
        self.lessons = lessons
        var learners: [LearnerResults] = []
        var excluded: [Excluded] = unreadable.map { Excluded(file: $0.file.untrusted(limit: 120), reason: $0.reason) }
        for file in files.sorted(by: { $0.name < $1.name }) {
            let name = file.name.untrusted(limit: 120)
            guard file.data.count <= Self.maximumFileSize else {
                excluded.append(Excluded(file: name, reason: "larger than \(Self.maximumFileSize / 1024) KiB: not a results file a tutor writes"))
                continue
            }
            guard let decoded = decode(file.data), decoded.format == "iam-tutor-results/1" else {
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
                learners.append(Self.bounded(r))
            }
        }
        self.learners = learners.sorted { $0.learner.lowercased() < $1.learner.lowercased() }
        self.excluded = excluded
    }

    /// The largest results file read: a whole pack's results are a few dozen KiB.
    public static let maximumFileSize = 1 << 20

    /// A learner's file as the report may show it: every text made safe and short (no control
    /// or direction characters, a bounded length), each wrong choice counted once per step —
    /// the report counts learners, not how often one file repeats a choice.
    static func bounded(_ r: LearnerResults) -> LearnerResults {
        var out = r
        out.learner = r.learner.untrusted(limit: 60)
        if out.learner.isEmpty { out.learner = "(no name)" }
        out.lessons = r.lessons.prefix(200).map { lesson in
            var l = lesson
            l.id = lesson.id.untrusted(limit: 60)
            l.steps = lesson.steps.prefix(200).map { step in
                var s = step
                s.id = step.id.untrusted(limit: 60)
                s.kind = step.kind.untrusted(limit: 20)
                s.result = step.result.untrusted(limit: 20)
                s.grade = step.grade.map { $0.untrusted(limit: 20) }
                var seen = Set<String>()
                // Choice ids are short words: anything else is cut down to letters, digits, `-`, `_` and `.`.
                s.wrongChoices = step.wrongChoices.map { String($0.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }.prefix(40)) }
                    .filter { !$0.isEmpty && seen.insert($0).inserted }.prefix(20).map { $0 }
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
        for lesson in r.lessons {
            for step in lesson.steps {
                for (name, value, range) in [
                    ("attempts", step.attempts, Limits.attempts), ("hints", step.hints, Limits.hints), ("seconds", step.seconds, Limits.seconds),
                ]
                where !range.contains(value) {
                    return "\(lesson.id).\(step.id).\(name) is \(value), outside \(range.lowerBound)…\(range.upperBound)"
                }
            }
        }
        return nil
    }

    public func lesson(of learner: LearnerResults, _ id: String) -> LearnerResults.LessonResult? {
        learner.lessons.first { $0.id == id }
    }

    /// `done`, `3/5`, or `-`: a step skipped is not a step passed, so a lesson finished with
    /// skips shows what was passed (`3/5`), never `done`.
    public func cell(_ learner: LearnerResults, _ lesson: Lesson) -> String {
        guard let l = self.lesson(of: learner, lesson.id) else { return "-" }
        let passed = l.steps.filter { $0.result == "passed" }.count
        if l.finished && passed == l.steps.count { return "done" }
        return passed == 0 ? "-" : "\(passed)/\(l.steps.count)"
    }

    public var stepStats: [StepStats] {
        var out: [StepStats] = []
        for lesson in lessons {
            for step in lesson.steps where step.isInteractive {
                var s = StepStats(lesson: lesson.id, step: step.id, kind: step.label)
                for learner in learners {
                    guard let r = self.lesson(of: learner, lesson.id)?.steps.first(where: { $0.id == step.id }), r.result != "open" || r.attempts > 0 else {
                        continue
                    }
                    s.reached += 1
                    if r.result == "passed" { s.passed += 1 }
                    if r.result == "skipped" { s.skipped += 1 }
                    // First try: passed with nothing wrong, no hint, no solution — and for a question or a
                    // prediction one answer only (answering again after `back` is not a first try).
                    if r.result == "passed" && r.wrongChoices.isEmpty && r.hints == 0 && !r.sawSolution
                        && (step.label == "task" ? r.attempts <= 3 : r.attempts <= 1)
                    {
                        s.firstTry += 1
                    }
                    s.hints += r.hints
                }
                out.append(s)
            }
        }
        return out
    }

    public var misconceptions: [Misconception] {
        var counts: [String: Misconception] = [:]
        var order: [String] = []
        for lesson in lessons {
            for step in lesson.steps {
                for learner in learners {
                    guard let r = self.lesson(of: learner, lesson.id)?.steps.first(where: { $0.id == step.id }) else { continue }
                    for wrong in r.wrongChoices {
                        let key = "\(lesson.id)/\(step.id)/\(wrong)"
                        if counts[key] == nil {
                            var question = ""
                            var choice = wrong
                            switch step.kind {
                            case .ask(let q):
                                question = q.text.reflowed
                                choice = q.choices.first { $0.id == wrong }?.text ?? (wrong == "incomplete" ? "only some of the right choices" : wrong)
                            case .predict(let p):
                                question = p.text.reflowed
                                choice = "predicted \(wrong)"
                            default:
                                break
                            }
                            counts[key] = Misconception(lesson: lesson.id, step: step.id, question: question, choice: choice, count: 0)
                            order.append(key)
                        }
                        counts[key]!.count += 1
                    }
                }
            }
        }
        return order.compactMap { counts[$0] }.sorted { $0.count > $1.count }
    }

    func seconds(_ learner: LearnerResults) -> Int { learner.lessons.reduce(0) { $0 + $1.steps.reduce(0) { $0 + $1.seconds } } }
    func hints(_ learner: LearnerResults) -> Int { learner.lessons.reduce(0) { $0 + $1.steps.reduce(0) { $0 + $1.hints } } }

    static func minutes(_ seconds: Int) -> String { "\((seconds + 30) / 60) min" }
    static func percent(_ n: Int, _ of: Int) -> String { of == 0 ? "-" : "\(n * 100 / of)%" }

    // MARK: - Terminal

    public func text() -> String {
        var out = ["Class report — \(pack.title) (\(pack.id) \(pack.version)): \(learners.count) learners"]
        if !excluded.isEmpty {
            out.append("Left out of the figures:")
            for e in excluded { out.append("  \(e.file): \(e.reason)") }
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
        out.append("")
        out.append("  " + "STEP".padding(34) + " REACHED PASSED FIRST TRY HINTS")
        for s in stepStats where s.reached > 0 {
            out.append(
                "  \(("\(s.lesson).\(s.step)").padding(34)) \(String(s.reached).padding(7)) \(Self.percent(s.passed, s.reached).padding(6)) \(Self.percent(s.firstTry, s.reached).padding(9)) \(s.hints)"
            )
        }
        out.append("")
        out.append("Misconceptions (wrong choices, most frequent first)")
        for m in misconceptions.prefix(15) {
            out.append("  \(String(m.count).padding(3)) \(m.lesson).\(m.step): \(m.choice)")
        }
        out.append("")
        for learner in learners {
            let done = learner.lessons.filter(\.finished).count
            let wrong = learner.lessons.reduce(0) { $0 + $1.steps.reduce(0) { $0 + $1.wrongChoices.count } }
            out.append(
                "\(learner.learner): \(done)/\(lessons.count) lessons done, \(Self.minutes(seconds(learner))), \(hints(learner)) hints, \(wrong) wrong answers")
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - Markdown

    public func markdown() -> String {
        var out = ["# Class report — \(pack.title)", "", "Pack `\(pack.id)` \(pack.version), \(learners.count) learners.", ""]
        if !excluded.isEmpty {
            out.append("**Left out of the figures:**")
            out.append("")
            for e in excluded { out.append("- \(e.file.markdownCell): \(e.reason.markdownCell)") }
            out.append("")
        }
        out.append("## Completion")
        out.append("")
        out.append("| Learner | " + lessons.map(\.id).joined(separator: " | ") + " |")
        out.append("|---|" + lessons.map { _ in "---" }.joined(separator: "|") + "|")
        for learner in learners { out.append("| \(learner.learner.markdownCell) | " + lessons.map { cell(learner, $0) }.joined(separator: " | ") + " |") }
        out.append("")
        out.append("## Steps")
        out.append("")
        out.append("| Step | Kind | Reached | Passed | First try | Hints |")
        out.append("|---|---|---|---|---|---|")
        for s in stepStats where s.reached > 0 {
            out.append(
                "| \(s.lesson).\(s.step) | \(s.kind) | \(s.reached) | \(Self.percent(s.passed, s.reached)) | \(Self.percent(s.firstTry, s.reached)) | \(s.hints) |"
            )
        }
        out.append("")
        out.append("## Misconceptions")
        out.append("")
        out.append("| Count | Step | Question | Wrong choice |")
        out.append("|---|---|---|---|")
        for m in misconceptions { out.append("| \(m.count) | \(m.lesson).\(m.step) | \(m.question.lessonMarkdownCell) | \(m.choice.lessonMarkdownCell) |") }
        out.append("")
        out.append("## Learners")
        for learner in learners {
            out.append("")
            out.append("### \(learner.learner.markdownCell)")
            out.append("")
            out.append(
                "\(learner.lessons.filter(\.finished).count) of \(lessons.count) lessons done; \(Self.minutes(seconds(learner))); \(hints(learner)) hints.")
            for l in learner.lessons {
                let wrong = l.steps.flatMap { s in s.wrongChoices.map { "\(s.id.markdownCell): \($0.markdownCell)" } }
                if !wrong.isEmpty { out.append("- \(l.id.markdownCell): first answers wrong — \(wrong.joined(separator: ", "))") }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - CSV

    /// One row per learner and step.
    public func csv() -> String {
        var rows = ["learner,lesson,step,kind,result,attempts,wrong_choices,hints,saw_solution,seconds,grade"]
        for learner in learners {
            for l in learner.lessons {
                for s in l.steps {
                    rows.append(
                        [
                            learner.learner, l.id, s.id, s.kind, s.result, String(s.attempts), s.wrongChoices.joined(separator: ";"), String(s.hints),
                            s.sawSolution ? "yes" : "no", String(s.seconds), s.grade ?? "",
                        ].map(\.csvField).joined(separator: ","))
                }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    // MARK: - HTML

    /// One self-contained page: no network, readable on a projector; tables and bar charts in inline SVG.
    public func html() -> String {
        var b = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Class report — \(pack.title.html)</title>
            <style>
            body{font:18px/1.4 system-ui,sans-serif;margin:2rem;color:#111;background:#fff}
            h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:2px solid #333}
            table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #999;padding:.3rem .6rem;text-align:left}
            td.done{background:#2e7d32;color:#fff;font-weight:bold}td.part{background:#f9a825}td.none{background:#eee;color:#777}
            .excluded{background:#fdecea;border-left:6px solid #c62828;padding:.5rem 1rem}
            #grid td{text-align:center;min-width:3.2rem}.legend{color:#444}
            </style></head><body>
            <h1>Class report — \(pack.title.html)</h1>
            <p>Pack <code>\(pack.id.html)</code> \(pack.version.html) · \(learners.count) learners</p>

            """
        if !excluded.isEmpty {
            b += "<div class=\"excluded\"><strong>Left out of the figures:</strong><ul>"
            for e in excluded { b += "<li><code>\(e.file.html)</code>: \(e.reason.html)</li>" }
            b += "</ul></div>\n"
        }
        b +=
            "<h2>Completion</h2>\n<table id=\"grid\"><tr><th>Learner</th>" + lessons.enumerated().map { "<th title=\"\($1.id.html)\">\($0 + 1)</th>" }.joined()
            + "</tr>\n"
        for learner in learners {
            b += "<tr><th>\(learner.learner.html)</th>"
            for lesson in lessons {
                let c = cell(learner, lesson)
                b += "<td class=\"\(c == "done" ? "done" : c == "-" ? "none" : "part")\">\(c)</td>"
            }
            b += "</tr>\n"
        }
        b +=
            "</table>\n<p class=\"legend\">" + lessons.enumerated().map { "\($0 + 1) \($1.id.html)" }.joined(separator: " · ")
            + "</p>\n<h2>Lessons finished</h2>\n"
        let finished = lessons.map { lesson in learners.filter { cell($0, lesson) == "done" }.count }
        b += barChart(labels: lessons.map(\.id), values: finished, maximum: max(1, learners.count), unit: "learners")
        b += "<h2>Steps passed at the first try</h2>\n"
        let stats = stepStats.filter { $0.reached > 0 }
        b += barChart(labels: stats.map { "\($0.lesson).\($0.step)" }, values: stats.map { $0.firstTry * 100 / max(1, $0.reached) }, maximum: 100, unit: "%")
        b += "<h2>Misconceptions</h2>\n<table><tr><th>Count</th><th>Step</th><th>Question</th><th>Wrong choice</th></tr>\n"
        for m in misconceptions {
            b += "<tr><td>\(m.count)</td><td>\(m.lesson.html).\(m.step.html)</td><td>\(m.question.html)</td><td>\(m.choice.html)</td></tr>\n"
        }
        b += "</table>\n<h2>Learners</h2>\n"
        for learner in learners {
            b +=
                "<h3>\(learner.learner.html)</h3><p>\(learner.lessons.filter(\.finished).count) of \(lessons.count) lessons done; \(Self.minutes(seconds(learner))); \(hints(learner)) hints.</p>\n"
        }
        b += "</body></html>\n"
        return b
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
            svg += "<text x=\"0\" y=\"\(y + 17)\" font-size=\"15\">\(label.html)</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(w)\" height=\"\(rowHeight - 6)\" fill=\"#1565c0\"/>"
            let shownUnit = unit == "learners" && value == 1 ? "learner" : unit
            svg += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 17)\" font-size=\"15\">\(value) \(shownUnit)</text>\n"
        }
        return svg + "</svg>\n"
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }

    var html: String {
        var out = ""
        for ch in self {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
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
