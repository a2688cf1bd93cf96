import Policy
import Tutor
import World

/// A learner's results as xAPI 1.0.3 statements (the e-learning standard's record of "actor verb
/// object, with this result, in this context"), for the Learning Record Store an institution's
/// LMS already reads.
///
/// Deterministic: the same results give the same statements, byte for byte, and each statement's
/// id is a UUID (version 5) of its content, so sending the same results again is idempotent — an
/// LRS answers a statement it holds already with no change. The timestamp is when the learner last
/// acted on the step (the export's time for files from before it was kept).
public struct XAPIStatements: Sendable {
    /// Where identities and activities live: actors are accounts on `base` named by the learner
    /// id; activities are `base/activities/PACK/LESSON/STEP`.
    public var base: String
    /// Whether actors carry the learner's name (the account and its id always identify them).
    public var names: Bool

    public init(base: String = XAPIStatements.defaultBase, names: Bool = true) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.names = names
    }

    /// A placeholder that resolves nowhere (RFC 2606): an institution sets its own, such as the
    /// workshop host's URL.
    public static let defaultBase = "https://iam-tutor.invalid"

    /// The namespace of every UUID made here (itself a version 5 UUID of "iam-tutor xAPI" in the
    /// URL namespace).
    static let namespace = UUID5.make(namespace: UUID5.urlNamespace, name: "iam-tutor xAPI")

    public enum Verb: String, Sendable, CaseIterable {
        case answered, completed, passed, failed, attempted
        public var id: String { "http://adlnet.gov/expapi/verbs/\(rawValue)" }
    }

    // MARK: - Identifiers

    /// An activity id: the base, `activities`, then each part percent-encoded.
    public func activity(_ parts: String...) -> String {
        base + "/activities/" + parts.map(Self.encoded).joined(separator: "/")
    }

    /// The registration of a learner for a pack: the same learner and pack always give the same.
    public static func registration(learnerID: String, pack: String) -> String {
        UUID5.make(namespace: namespace, name: "registration\n\(learnerID)\n\(pack)")
    }

    /// A learner id for files exported before ids were kept: derived from the name.
    static func learnerID(of r: LearnerResults) -> String {
        r.learnerID ?? UUID5.make(namespace: namespace, name: "learner\n\(r.learner)")
    }

    static func encoded(_ part: String) -> String {
        var out = ""
        for byte in part.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `PT95S`: ISO 8601 duration.
    static func duration(_ seconds: Int) -> String { "PT\(max(0, seconds))S" }

    // MARK: - Statements

    /// The statements for one learner's results over the pack's lessons: one per step the learner
    /// reached (answered, passed, failed or attempted), and one per lesson finished (completed).
    public func statements(for untrusted: LearnerResults, pack: PackInfo, lessons: [Lesson]) -> [JSONValue] {
        // What a learner sent is bounded as in the class report: names and ids short and printable.
        let results = ClassReport.bounded(untrusted)
        let learnerID = Self.learnerID(of: results)
        var actor: [String: JSONValue] = ["objectType": "Agent", "account": .object(["homePage": .string(base), "name": .string(learnerID)])]
        if names { actor["name"] = .string(results.learner) }
        let packActivity: JSONValue = .object([
            "objectType": "Activity", "id": .string(activity(pack.id)),
            "definition": .object([
                "name": .object(["en-US": .string(pack.title)]), "type": "http://adlnet.gov/expapi/activities/course",
            ]),
        ])
        let registration = Self.registration(learnerID: learnerID, pack: pack.id)
        var out: [JSONValue] = []
        for lesson in lessons {
            guard let lr = results.lessons.first(where: { $0.id == lesson.id }) else { continue }
            let lessonActivity: JSONValue = .object([
                "objectType": "Activity", "id": .string(activity(pack.id, lesson.id)),
                "definition": .object(["name": .object(["en-US": .string(lesson.title)]), "type": "http://adlnet.gov/expapi/activities/lesson"]),
            ])
            let exam = lr.exam ?? false
            func context(parent: JSONValue?) -> JSONValue {
                var activities: [String: JSONValue] = ["grouping": .array([packActivity])]
                if let parent { activities["parent"] = .array([parent]) }
                return .object([
                    "registration": .string(registration), "revision": .string(pack.version), "platform": "iam-tutor",
                    "contextActivities": .object(activities),
                    "extensions": .object([
                        base + "/extensions/pack-hash": .string(results.pack.hash), base + "/extensions/mode": .string(exam ? "exam" : "practice"),
                    ]),
                ])
            }
            for step in lesson.steps where step.isInteractive {
                guard let r = lr.steps.first(where: { $0.id == step.id }), ClassReport.reached(r) else { continue }
                var definition: [String: JSONValue] = [:]
                var verb: Verb
                var result: [String: JSONValue] = [
                    "duration": .string(Self.duration(r.seconds)),
                    "extensions": .object([
                        base + "/extensions/attempts": .number(r.attempts), base + "/extensions/hints": .number(r.hints),
                        base + "/extensions/saw-solution": .bool(r.sawSolution),
                    ]),
                ]
                switch step.kind {
                case .ask(let q):
                    definition = [
                        "name": .object(["en-US": .string("\(lesson.title) — \(step.id)")]), "description": .object(["en-US": .string(q.text.reflowed)]),
                        "type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
                        "correctResponsesPattern": .array([.string(q.correctIDs.joined(separator: "[,]"))]),
                        "choices": .array(q.choices.map { .object(["id": .string($0.id), "description": .object(["en-US": .string($0.text)])]) }),
                    ]
                    let right = r.status == .passed && r.wrongChoices.isEmpty
                    let first = r.wrongChoices.first.map { $0 } ?? (r.status == .passed ? q.correctIDs.joined(separator: "[,]") : nil)
                    verb = r.status == .skipped ? .attempted : .answered
                    if verb == .answered {
                        result["success"] = .bool(right)
                        if let first { result["response"] = .string(first) }
                    }
                case .predict(let p):
                    let index = lesson.steps.firstIndex { $0.id == step.id } ?? 0
                    let truth = lesson.rightPrediction(atStep: index) ?? ""
                    definition = [
                        "name": .object(["en-US": .string("\(lesson.title) — \(step.id)")]), "description": .object(["en-US": .string(p.text.reflowed)]),
                        "type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
                        "correctResponsesPattern": .array([.string(truth)]),
                        "choices": .array(["allowed", "denied"].map { .object(["id": .string($0), "description": .object(["en-US": .string($0)])]) }),
                    ]
                    verb = r.status == .skipped ? .attempted : .answered
                    if verb == .answered {
                        result["success"] = .bool(r.wrongChoices.isEmpty && r.status == .passed)
                        result["response"] = .string(r.wrongChoices.first ?? truth)
                    }
                case .task(let t):
                    definition = [
                        "name": .object(["en-US": .string("\(lesson.title) — \(step.id)")]), "description": .object(["en-US": .string(t.text.reflowed)]),
                        "type": "http://adlnet.gov/expapi/activities/performance",
                    ]
                    switch r.status {
                    case .passed: verb = .passed
                    case .failed: verb = .failed
                    case .skipped, .open: verb = .attempted
                    }
                    if verb != .attempted { result["success"] = .bool(verb == .passed) }
                    if let grade = r.design { result["response"] = .string(grade.rawValue) }
                default:
                    continue
                }
                result["completion"] = .bool(r.status == .passed || r.status == .failed)
                let object: JSONValue = .object([
                    "objectType": "Activity", "id": .string(activity(pack.id, lesson.id, step.id)), "definition": .object(definition),
                ])
                out.append(
                    statement(
                        actor: .object(actor), verb: verb, object: object, result: .object(result), context: context(parent: lessonActivity),
                        at: r.at ?? results.exportedAt))
            }
            if lr.finished {
                let passed = lr.steps.filter { $0.status == .passed }.count
                let total = lr.steps.count
                let result: JSONValue = .object([
                    "completion": true, "success": .bool(passed == total && total > 0),
                    "score": .object(["raw": .number(passed), "min": 0, "max": .number(total), "scaled": .decimal(passed, of: total)]),
                    "duration": .string(Self.duration(lr.steps.reduce(0) { $0 + $1.seconds })),
                ])
                let at = lr.steps.compactMap(\.at).max() ?? results.exportedAt
                out.append(statement(actor: .object(actor), verb: .completed, object: lessonActivity, result: result, context: context(parent: nil), at: at))
            }
        }
        return out
    }

    /// A statement, its id made from its content. `at` (when the learner acted) is its timestamp:
    /// without one, an LRS stamps each sending anew and takes a second sending for a different
    /// statement under the same id.
    func statement(actor: JSONValue, verb: Verb, object: JSONValue, result: JSONValue, context: JSONValue, at: Int?) -> JSONValue {
        var fields: [String: JSONValue] = [
            "actor": actor, "verb": .object(["id": .string(verb.id), "display": .object(["en-US": .string(verb.rawValue)])]), "object": object,
            "result": result, "context": context, "version": "1.0.3",
        ]
        if let at { fields["timestamp"] = .string(SimulatedClock.iso8601(at)) }
        fields["id"] = .string(UUID5.make(namespace: Self.namespace, name: JSONValue.object(fields).serialized()))
        return .object(fields)
    }
}

extension XAPIStatements {
    /// Statements as a file: a JSON array, one statement a line.
    public static func file(_ statements: [JSONValue]) -> String {
        statements.isEmpty ? "[]\n" : "[\n" + statements.map { $0.serialized() }.joined(separator: ",\n") + "\n]\n"
    }
}
