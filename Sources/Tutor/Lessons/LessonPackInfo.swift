import Policy
import Yams

/// A lesson pack's `pack.yaml`: its identity, the order of its lessons, and per-lesson switches
/// an instructor sets for a workshop.
public struct PackInfo: Sendable {
    public struct Switches: Sendable, Equatable {
        /// Whether `skip` is allowed.
        public var skip = true
        /// Whether `hint` gives hints.
        public var hints = true
        /// Tries before `solution`; nil means never. Absent: the lesson's own setting.
        public var solutionAfter: Int??
        /// No feedback until the end of the lesson (answers are recorded, not judged aloud).
        public var exam = false
        public init() {}
    }

    public var id = "iam-tutor"
    public var version = "1.0.0"
    public var title = "iam-tutor lessons"
    /// Lesson ids in the order the menu shows them (the rest follow by file name).
    public var order: [String] = []
    public var switches: [String: Switches] = [:]
    /// A hash of the pack's files.
    public var hash = ""

    public init() {}

    public func switches(for lesson: String) -> Switches { switches[lesson] ?? Switches() }

    /// The menu's reading of `pack.yaml`: id, version, title and order by a line scan, without the
    /// YAML parser (start-up stays quick); switches and the content hash come with `load`.
    public static func quick(folder: String) -> PackInfo {
        var info = PackInfo()
        guard let text = Files.read(Files.join(folder, "pack.yaml")) else { return info }
        for id in examLessons(text) { info.switches[id, default: Switches()].exam = true }
        for raw in text.split(separator: "\n") where raw.first != " " && raw.first != "#" {
            guard let colon = raw.firstIndex(of: ":") else { continue }
            let key = raw[..<colon]
            var value = String(raw[raw.index(after: colon)...]).trimmed()
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
            switch key {
            case "id": info.id = value
            case "version": info.version = value
            case "title": info.title = value
            case "order" where value.hasPrefix("[") && value.hasSuffix("]"):
                info.order = value.dropFirst().dropLast().split(separator: ",").map { String($0).trimmed() }.filter { !$0.isEmpty }
            default: break
            }
        }
        return info
    }

    /// The lessons `pack.yaml` makes exams, by a line scan (the menu marks them before the whole
    /// file is read): `ID: {exam: true}` under `lessons:`, or `exam: true` on a line of its own
    /// below `ID:`. `load` is the authority; a test holds the two to the same answer.
    static func examLessons(_ text: String) -> [String] {
        var found: [String] = []
        var inLessons = false
        var lessonIndent: Int?
        var current: String?
        for raw in text.split(separator: "\n") {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.trimmed().isEmpty else { continue }
            let indent = line.prefix(while: { $0 == " " }).count
            if indent == 0 {
                inLessons = line.hasPrefix("lessons:")
                lessonIndent = nil
                current = nil
                continue
            }
            guard inLessons else { continue }
            let body = line.dropFirst(indent)
            let saysExam = String(body.filter { $0 != " " && $0 != "\t" }).contains("exam:true")
            if lessonIndent == nil { lessonIndent = indent }
            if indent == lessonIndent, let colon = body.firstIndex(of: ":") {
                current = String(body[..<colon]).trimmed()
                if saysExam, let current { found.append(current) }
            } else if indent > (lessonIndent ?? 0), saysExam, let current, body.hasPrefix("exam:") {
                found.append(current)
            }
        }
        return found
    }

    /// Reads `pack.yaml` (absent: a pack named after nothing in particular, version 1.0.0).
    public static func load(folder: String) throws(LessonError) -> PackInfo {
        var info = PackInfo()
        info.hash = packHash(folder: folder)
        let path = Files.join(folder, "pack.yaml")
        guard let text = Files.read(path) else { return info }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return info }
            root = node
        } catch let error as YamlError {
            throw LessonLoader.yamlError(error, file: path)
        } catch {
            throw LessonError(file: path, line: 1, column: 1, path: "", message: "not valid YAML: \(error)")
        }
        let r = Reader(file: path)
        let m = try r.mapping(root, "", allowed: ["id", "version", "title", "order", "lessons"])
        info.id = try r.string(m, "id", "", parent: root)!
        info.version = try r.string(m, "version", "", parent: root)!
        info.title = try r.string(m, "title", "", parent: root, required: false) ?? info.title
        info.order = try r.strings(m["order"], "order")
        if let lessons = m["lessons"] {
            guard let map = lessons.mapping else { throw r.fail(lessons, "lessons", "expected lesson ids mapped to their switches") }
            for (k, v) in map {
                guard let id = k.string else { continue }
                let p = "lessons.\(id)"
                let e = try r.mapping(v, p, allowed: ["skip", "hints", "solution_after", "exam"])
                var s = Switches()
                if let n = e["skip"] { guard let b = n.bool else { throw r.fail(n, "\(p).skip", "true or false") }; s.skip = b }
                if let n = e["hints"] { guard let b = n.bool else { throw r.fail(n, "\(p).hints", "true or false") }; s.hints = b }
                if let n = e["exam"] { guard let b = n.bool else { throw r.fail(n, "\(p).exam", "true or false") }; s.exam = b }
                if let n = e["solution_after"] {
                    if n.string == "never" {
                        s.solutionAfter = .some(nil)
                    } else {
                        guard let v = n.int, (0...20).contains(v) else { throw r.fail(n, "\(p).solution_after", "a number of tries, or never") }
                        s.solutionAfter = .some(v)
                    }
                }
                info.switches[id] = s
            }
        }
        return info
    }

    /// A hash over the pack's files (names and contents, in name order).
    public static func packHash(folder: String) -> String {
        var bytes: [UInt8] = []
        for name in (Files.list(folder) ?? []).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            bytes += Array(name.utf8) + [0]
            bytes += Array((Files.read(Files.join(folder, name)) ?? "").utf8) + [0]
        }
        return "fnv1a64:" + ContentHash.fnv1a64(bytes)
    }
}
