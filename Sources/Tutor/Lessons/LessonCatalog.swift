import Synchronization

/// The lessons of a pack, read in two speeds: the menu needs only each file's header (id, title,
/// summary, how many steps ask something), read with a line scan; a lesson is parsed in full when it
/// is opened or linted. Lint checks that both readings agree.
public final class LessonCatalog: Sendable {
    public struct Entry: Sendable {
        public var id: String
        public var title: String
        public var summary: String
        public var minutes: Int
        /// Steps that want the learner (questions, predictions, tasks).
        public var interactive: Int
        public var file: String
        let text: String
    }

    public let entries: [Entry]
    /// Files whose header could not be read.
    public let problems: [LessonError]
    private let parsed = Mutex<[String: Lesson]>([:])

    public init(entries: [Entry], problems: [LessonError] = []) {
        self.entries = entries
        self.problems = problems
    }

    /// A catalog of lessons already parsed (tests).
    public convenience init(lessons: [Lesson]) {
        self.init(
            entries: lessons.map { l in
                Entry(
                    id: l.id, title: l.title, summary: l.summary, minutes: l.minutes, interactive: l.steps.filter(\.isInteractive).count, file: l.file, text: ""
                )
            })
        parsed.withLock { cache in for l in lessons { cache[l.id] = l } }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var ids: [String] { entries.map(\.id) }

    /// The lesson a learner names by its id or by its number on the menu (from 1); nil for none.
    /// Any number may be typed: one out of the menu's range names no lesson.
    public func lessonID(named text: String) -> String? {
        if let entry = entries.first(where: { $0.id == text }) { return entry.id }
        guard let number = Int(text), number >= 1, number <= entries.count else { return nil }
        return entries[number - 1].id
    }

    /// The same lessons in the pack's order (ids it names first, the rest after, by file name).
    public func ordered(_ order: [String]) -> LessonCatalog {
        guard !order.isEmpty else { return self }
        let first = order.compactMap { id in entries.first { $0.id == id } }
        let rest = entries.filter { !order.contains($0.id) }
        let catalog = LessonCatalog(entries: first + rest, problems: problems)
        parsed.withLock { cache in catalog.parsed.withLock { $0 = cache } }
        return catalog
    }

    /// Scans the `*.yaml` files of a folder in name order (`pack.yaml` is the pack's, not a lesson).
    public static func scan(folder: String) -> LessonCatalog {
        guard let names = Files.list(folder) else {
            return LessonCatalog(entries: [], problems: [LessonError(file: folder, line: 1, column: 1, path: "", message: "no such folder of lessons")])
        }
        var entries: [Entry] = []
        var problems: [LessonError] = []
        for name in names.sorted() where (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && name != "pack.yaml" {
            let path = Files.join(folder, name)
            guard let text = Files.read(path) else { continue }
            if let entry = header(text, file: path) {
                entries.append(entry)
            } else {
                do {
                    let lesson = try LessonLoader.load(yaml: text, file: path)
                    entries.append(
                        Entry(
                            id: lesson.id, title: lesson.title, summary: lesson.summary, minutes: lesson.minutes,
                            interactive: lesson.steps.filter(\.isInteractive).count, file: path, text: text))
                } catch {
                    problems.append(error)
                }
            }
        }
        return LessonCatalog(entries: entries, problems: problems)
    }

    /// The header of a lesson file by a line scan: top-level `id:`, `title:`, `summary:`,
    /// `minutes:`, and the count of step keys `ask:`, `predict:`, `task:`. Nil when it is not plain.
    static func header(_ text: String, file: String) -> Entry? {
        var fields: [String: String] = [:]
        var interactive = 0
        let bytes = Array(text.utf8)
        let space = UInt8(ascii: " ")
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = bytes[start..<end]
            start = end + 1
            guard let first = line.first else { continue }
            if first != space, first != UInt8(ascii: "#"), first != UInt8(ascii: "-"), let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let key = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                var value = line[(colon + 1)...].drop { $0 == space }
                while let last = value.last, last == space || last == UInt8(ascii: "\r") { value = value.dropLast() }
                if value.count >= 2, let q = value.first, q == UInt8(ascii: "\"") || q == UInt8(ascii: "'"), value.last == q {
                    value = value.dropFirst().dropLast()
                }
                fields[key] = String(decoding: value, as: UTF8.self)
                continue
            }
            let trimmed = line.drop { $0 == space }
            if line.count - trimmed.count == 4 {
                for key in ["ask:", "predict:", "task:"] where trimmed.starts(with: key.utf8) { interactive += 1 }
            }
        }
        guard let id = fields["id"], !id.isEmpty, let title = fields["title"], !title.isEmpty, let summary = fields["summary"], !summary.isEmpty,
            !["|", ">", "|-", ">-"].contains(title), !["|", ">", "|-", ">-"].contains(summary)
        else { return nil }
        return Entry(
            id: id, title: title, summary: summary, minutes: fields["minutes"].flatMap { Int($0) } ?? 10, interactive: interactive, file: file, text: text)
    }

    /// The whole lesson, parsed on first use; `seed` draws its variants (per learner).
    public func lesson(_ id: String, seed: UInt64 = 0) throws(LessonError) -> Lesson {
        let key = seed == 0 ? id : "\(id)#\(seed)"
        if let l = parsed.withLock({ $0[key] }) { return l }
        guard let entry = entries.first(where: { $0.id == id }) else {
            throw LessonError(file: "", line: 1, column: 1, path: "", message: "no lesson \(id)")
        }
        let lesson = try LessonLoader.load(yaml: entry.text, file: entry.file, seed: seed)
        parsed.withLock { $0[key] = lesson }
        return lesson
    }

    /// Seeds lint tries for lessons with variants, besides 0.
    public static let lintSeeds: [UInt64] = [1, 2, 3, 42, 1234]

    /// Every lesson with variants, as drawn for each of the lint seeds.
    public func variantsForLint() -> (lessons: [Lesson], problems: [LessonError]) {
        var lessons: [Lesson] = []
        var problems: [LessonError] = []
        for entry in entries where entry.text.contains("\nvariants:") {
            for seed in Self.lintSeeds {
                do {
                    lessons.append(try lesson(entry.id, seed: seed))
                } catch {
                    problems.append(error)
                }
            }
        }
        return (lessons, problems)
    }

    /// Every lesson parsed in full, with the problems met (lint).
    public func parseAll() -> (lessons: [Lesson], problems: [LessonError]) {
        var lessons: [Lesson] = []
        var problems = self.problems
        for entry in entries {
            do {
                let lesson = try lesson(entry.id)
                lessons.append(lesson)
                let interactive = lesson.steps.filter(\.isInteractive).count
                if lesson.id != entry.id || lesson.title != entry.title || lesson.summary != entry.summary || interactive != entry.interactive {
                    problems.append(
                        LessonError(
                            file: entry.file, line: 1, column: 1, path: "",
                            message:
                                "the menu's quick reading of this file disagrees with the full one (id, title, summary or the number of questions and tasks)",
                            fix: "keep id, title and summary on one line each at the top level, and step keys indented by four spaces"))
                }
            } catch {
                problems.append(error)
            }
        }
        return (lessons, problems)
    }
}
