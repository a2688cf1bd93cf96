import Policy
import World
import Yams

/// Reads a lesson from YAML, checking its schema and naming the place of every problem.
public enum LessonLoader {
    /// Reads a lesson. A lesson with `variants:` draws each `((name))` from its list by the
    /// learner's seed (seed 0: the first value), so neighbours get different worlds with the same
    /// goals.
    public static func load(yaml text: String, file: String, seed: UInt64 = 0) throws(LessonError) -> Lesson {
        var replaced = text
        let variants = try Self.variants(in: text, file: file)
        if !variants.isEmpty {
            let lessonID = text.split(separator: "\n").first { $0.hasPrefix("id:") }.map { String($0.dropFirst(3)).trimmed() } ?? ""
            for (name, value) in values(variants, seed: seed, lessonID: lessonID) { replaced = replaced.replacingAll("((\(name)))", with: value) }
        }
        // A `((name))` left over names no variant: say where, rather than teach a literal mark.
        for (i, line) in replaced.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let open = line.firstRange(of: "(("), let close = line[open.upperBound...].firstRange(of: "))") else { continue }
            let name = String(line[open.upperBound..<close.lowerBound])
            let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
            let known = variants.map(\.name)
            throw LessonError(
                file: file, line: i + 1, column: column, path: "", message: "unknown variable `((\(name)))`",
                fix: known.isEmpty
                    ? "declare it under `variants:` at the top of the lesson"
                    : (Suggestion.closest(to: name, among: known).map { "did you mean `((\($0)))`?" } ?? "variables here: \(known.joined(separator: ", "))"))
        }
        return try Reader(file: file).lesson(try compose(replaced, file: file))
    }

    /// The `variants:` block, read before the YAML itself (its `((name))` marks are plain text to YAML, so the file stays valid YAML as written):
    /// `  name: [value, value, …]` lines under a top-level `variants:`.
    static func variants(in text: String, file: String) throws(LessonError) -> [(name: String, values: [String], line: Int)] {
        var out: [(String, [String], Int)] = []
        var inside = false
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.hasPrefix("variants:") {
                inside = true
                continue
            }
            guard inside else { continue }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard line.hasPrefix("  ") else { break }
            let body = line.trimmed()
            guard let colon = body.firstIndex(of: ":"), body.hasSuffix("]"), let open = body.firstIndex(of: "[") else {
                throw LessonError(
                    file: file, line: i + 1, column: 3, path: "variants", message: "a variant is written `name: [value, value, …]`",
                    fix: "such as `person: [dana, dara, devi]`")
            }
            let name = String(body[..<colon]).trimmed()
            let values = body[body.index(after: open)..<body.index(before: body.endIndex)].split(separator: ",").map {
                var v = String($0).trimmed()
                if v.count >= 2, let q = v.first, q == "\"" || q == "'", v.last == q { v = String(v.dropFirst().dropLast()) }
                return v
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), !values.isEmpty, !values.contains(where: \.isEmpty)
            else {
                throw LessonError(file: file, line: i + 1, column: 3, path: "variants", message: "a variant needs a plain name and at least one value")
            }
            out.append((name, values, i + 1))
        }
        return out
    }

    static func compose(_ text: String, file: String) throws(LessonError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw LessonError(file: file, line: 1, column: 1, path: "", message: "the file is empty", fix: "start with `id:`, `title:` and `steps:`")
            }
            return node
        } catch let error as LessonError {
            throw error
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw LessonError(file: file, line: 1, column: 1, path: "", message: "not valid YAML: \(error)")
        }
    }

    /// The value of each variant for a seed: one draw per lesson, so lists of the same length stay
    /// linked (person and Person); seed 0 takes the first values.
    static func values(_ variants: [(name: String, values: [String], line: Int)], seed: UInt64, lessonID: String) -> [(String, String)] {
        var draw: UInt64 = 0
        if seed != 0 {
            let h = UInt64(truncatingIfNeeded: lessonID.utf8.reduce(Int(5381)) { ($0 &* 33) &+ Int($1) })
            var generator = IDGenerator(seed: h ^ seed)
            draw = generator.next()
        }
        var out: [(String, String)] = []
        for (name, choices, _) in variants {
            let index = Int(draw % UInt64(choices.count))
            out.append((name, choices[index]))
        }
        return out
    }

    static func yamlError(_ error: YamlError, file: String) -> LessonError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return LessonError(
                file: file, line: mark.line, column: mark.column, path: "", message: "not valid YAML: \(problem)",
                fix: "check the indentation and quoting on this line")
        default:
            return LessonError(file: file, line: 1, column: 1, path: "", message: "not valid YAML: \(error)")
        }
    }
}

struct Reader {
    let file: String

    func fail(_ node: Node?, _ path: String, _ message: String, fix: String? = nil) -> LessonError {
        LessonError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, path: path, message: message, fix: fix)
    }

    /// The entries of a mapping, refusing keys outside `allowed`.
    func mapping(_ node: Node, _ path: String, allowed: [String]) throws(LessonError) -> [String: Node] {
        guard let m = node.mapping else { throw fail(node, path, "expected a mapping of keys to values") }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.string else { throw fail(k, path, "keys must be plain words") }
            guard allowed.contains(key) else {
                let hint = Suggestion.closest(to: key, among: allowed).map { "did you mean `\($0)`?" } ?? "allowed here: \(allowed.joined(separator: ", "))"
                throw fail(k, path.isEmpty ? key : "\(path).\(key)", "unknown key `\(key)`", fix: hint)
            }
            out[key] = v
        }
        return out
    }

    func string(_ m: [String: Node], _ key: String, _ path: String, parent: Node, required: Bool = true) throws(LessonError) -> String? {
        guard let node = m[key] else {
            if required { throw fail(parent, path, "missing `\(key)`", fix: "add `\(key): …`") }
            return nil
        }
        guard let s = node.string, !s.isEmpty else { throw fail(node, "\(path).\(key)", "`\(key)` must be non-empty text") }
        return s
    }

    /// The principal at `key`, read once here and placed at its line and column when it names
    /// none, or none of the kinds `fits` takes.
    func principal(
        _ m: [String: Node], _ key: String, _ path: String, parent: Node, required: Bool = true, fits: (PrincipalSpec) -> Bool, _ message: String,
        fix: String? = nil
    ) throws(LessonError) -> PrincipalSpec? {
        guard let text = try string(m, key, path, parent: parent, required: required) else { return nil }
        guard let spec = PrincipalSpec(text), fits(spec) else { throw fail(m[key], "\(path).\(key)", message, fix: fix) }
        return spec
    }

    /// A list of principals (or one), each placed at its own line and column when it names none,
    /// or none of the kinds `fits` takes.
    func principals(
        _ node: Node?, _ path: String, fits: (PrincipalSpec) -> Bool, _ message: (String) -> String, fix: String? = nil
    ) throws(LessonError) -> [PrincipalSpec] {
        var out: [PrincipalSpec] = []
        for (i, text) in try strings(node, path).enumerated() {
            guard let spec = PrincipalSpec(text), fits(spec) else {
                let item = node?.sequence?[i] ?? node
                throw fail(item, node?.sequence == nil ? path : "\(path)[\(i)]", message(text), fix: fix)
            }
            out.append(spec)
        }
        return out
    }

    func strings(_ node: Node?, _ path: String) throws(LessonError) -> [String] {
        guard let node else { return [] }
        if let s = node.string { return [s] }
        guard let seq = node.sequence else { throw fail(node, path, "expected a list") }
        var out: [String] = []
        for (i, item) in seq.enumerated() {
            guard let s = item.string else { throw fail(item, "\(path)[\(i)]", "expected text") }
            out.append(s)
        }
        return out
    }

    /// The newest lesson format this reader knows (`format:` at the top of a lesson; 1 when absent).
    static let format = 1

    func lesson(_ root: Node) throws(LessonError) -> Lesson {
        let m = try mapping(
            root, "",
            allowed: ["format", "id", "title", "summary", "minutes", "teaches", "variants", "accounts", "world", "start_as", "solution_after", "steps"])
        if let f = m["format"] {
            guard let v = f.int, v >= 1 else {
                throw fail(f, "format", "`format` is the version of the lesson format, a whole number (this iam-tutor reads 1)")
            }
            guard v <= Self.format else {
                throw fail(
                    f, "format", "this lesson is written in format \(v); this iam-tutor reads format \(Self.format) and older", fix: "use a newer iam-tutor")
            }
        }
        let id = try string(m, "id", "", parent: root)!
        guard id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw fail(m["id"], "id", "lesson ids are lower-case words joined by '-'", fix: "such as `plumber` or `ec2-s3`")
        }
        var minutes = 10
        if let n = m["minutes"] {
            guard let v = n.int, (1...60).contains(v) else { throw fail(n, "minutes", "`minutes` must be a number from 1 to 60") }
            minutes = v
        }
        var accounts: [(id: String, alias: String)] = [("111122223333", id)]
        if let a = m["accounts"] {
            guard let seq = a.sequence, !seq.isEmpty else { throw fail(a, "accounts", "expected a list of `{id: '111122223333', alias: dev}`") }
            accounts = []
            for (i, item) in seq.enumerated() {
                let e = try mapping(item, "accounts[\(i)]", allowed: ["id", "alias"])
                let acct = try string(e, "id", "accounts[\(i)]", parent: item)!
                guard acct.count == 12, acct.allSatisfy(\.isNumber) else {
                    throw fail(e["id"], "accounts[\(i)].id", "an account id has 12 digits", fix: "quote it: id: '111122223333'")
                }
                accounts.append((acct, try string(e, "alias", "accounts[\(i)]", parent: item) ?? acct))
            }
        }
        guard let stepsNode = m["steps"], let seq = stepsNode.sequence, !seq.isEmpty else {
            throw fail(m["steps"] ?? root, "steps", "a lesson needs a list of steps", fix: "add `steps:` with `- id: …` entries")
        }
        var steps: [Step] = []
        var seen: [String: Int] = [:]
        for (i, node) in seq.enumerated() {
            let s = try step(node, "steps[\(i)]")
            if let other = seen[s.id] {
                throw fail(node, "steps[\(i)].id", "the step id `\(s.id)` is used by steps[\(other)] too", fix: "give each step its own id")
            }
            seen[s.id] = i
            steps.append(s)
        }
        var lesson = Lesson(
            id: id, title: try string(m, "title", "", parent: root)!, summary: try string(m, "summary", "", parent: root)!, minutes: minutes,
            teaches: try strings(m["teaches"], "teaches"), accounts: accounts, world: try strings(m["world"], "world"),
            startAs: try string(m, "start_as", "", parent: root, required: false) ?? "root", steps: steps, file: file)
        if let n = m["solution_after"] {
            if n.string == "never" {
                lesson.solutionAfter = nil
            } else {
                guard let v = n.int, (0...20).contains(v) else { throw fail(n, "solution_after", "`solution_after` is a number of tries (0 to 20) or `never`") }
                lesson.solutionAfter = v
            }
        }
        return lesson
    }

    /// A step, with the concepts it practises (`teaches:`, for the coverage map).
    func step(_ node: Node, _ path: String) throws(LessonError) -> Step {
        var made = try stepBody(node, path)
        made.teaches = try strings(node.mapping?["teaches"], "\(path).teaches")
        return made
    }

    func stepBody(_ node: Node, _ path: String) throws(LessonError) -> Step {
        let m = try mapping(
            node, path,
            allowed: [
                "id", "say", "ask", "choices", "predict", "check", "explain", "task", "goal", "best", "reject", "accept", "trusted", "needs", "solution",
                "hints", "recap", "teaches",
            ])
        let id = try string(m, "id", path, parent: node)!
        let kinds = ["say", "ask", "predict", "task", "recap"].filter { m[$0] != nil }
        guard kinds.count == 1 else {
            throw fail(
                node, path,
                kinds.isEmpty ? "a step needs one of say, ask, predict, task, recap" : "a step has one kind, not \(kinds.joined(separator: " and "))")
        }
        let hints = try strings(m["hints"], "\(path).hints")
        let line = node.mark?.line ?? 1
        switch kinds[0] {
        case "say":
            return Step(id: id, kind: .say(try string(m, "say", path, parent: node)!), hints: hints, line: line)
        case "recap":
            return Step(id: id, kind: .recap(try string(m, "recap", path, parent: node)!), hints: hints, line: line)
        case "ask":
            guard let c = m["choices"], let seq = c.sequence, seq.count >= 2 else {
                throw fail(m["choices"] ?? node, "\(path).choices", "a question needs at least two choices")
            }
            var choices: [Question.Choice] = []
            for (i, item) in seq.enumerated() {
                let p = "\(path).choices[\(i)]"
                let e = try mapping(item, p, allowed: ["id", "text", "correct", "feedback"])
                var correct = false
                if let n = e["correct"] {
                    guard let b = n.bool else { throw fail(n, "\(p).correct", "`correct` is true or false") }
                    correct = b
                }
                let choiceID = try string(e, "id", p, parent: item)!
                if choices.contains(where: { $0.id == choiceID }) {
                    throw fail(e["id"], "\(p).id", "the choice id `\(choiceID)` is used twice in this question")
                }
                choices.append(
                    .init(id: choiceID, text: try string(e, "text", p, parent: item)!, correct: correct, feedback: try string(e, "feedback", p, parent: item)!))
            }
            guard choices.contains(where: \.correct) else {
                throw fail(c, "\(path).choices", "no choice is marked `correct: true`", fix: "mark the right answer (or answers)")
            }
            return Step(id: id, kind: .ask(Question(text: try string(m, "ask", path, parent: node)!, choices: choices)), hints: hints, line: line)
        case "predict":
            guard let c = m["check"] else { throw fail(node, path, "a prediction needs `check:` — the request the engine will decide") }
            let ability = try self.ability(c, "\(path).check")
            return Step(
                id: id,
                kind: .predict(
                    Prediction(
                        text: try string(m, "predict", path, parent: node)!, check: .can(ability, expected: true),
                        explain: try string(m, "explain", path, parent: node)!)),
                hints: hints, line: line)
        default:
            guard let g = m["goal"], let seq = g.sequence, !seq.isEmpty else {
                throw fail(m["goal"] ?? node, "\(path).goal", "a task needs a list of goals the simulation checks")
            }
            var goals: [Goal] = []
            for (i, item) in seq.enumerated() { goals.append(try goal(item, "\(path).goal[\(i)]")) }
            let solution = try strings(m["solution"], "\(path).solution")
            guard !solution.isEmpty else { throw fail(node, "\(path).solution", "every task needs a reference `solution:` (the commands that solve it)") }
            var task = Task(
                text: try string(m, "task", path, parent: node)!, goals: goals, rejects: try designs(m["reject"], "\(path).reject"), solution: solution)
            task.accepts = try designs(m["accept"], "\(path).accept")
            task.trusted = try self.principals(
                m["trusted"], "\(path).trusted", fits: { Self.isPrincipal($0, extended: true) }, { "`\($0)` is not a principal" },
                fix: "write user/NAME, role/NAME, an ARN, account/ID, service/HOST, saml/NAME or oidc/HOST")
            for (i, need) in try strings(m["needs"], "\(path).needs").enumerated() {
                let parts = need.split(separator: " on ", omittingEmptySubsequences: false).map(String.init)
                guard parts.count <= 2, parts[0].contains(":"), !parts[0].contains(" ") else {
                    throw fail(
                        m["needs"]?.sequence?[i] ?? node, "\(path).needs[\(i)]", "a need is `ACTION` or `ACTION on RESOURCE`",
                        fix: "for example `dynamodb:PutItem on arn:aws:dynamodb:us-east-1:111122223333:table/Orders`")
                }
                task.needs.append((parts[0], parts.count == 2 ? parts[1].trimmed() : "*"))
            }
            if let b = m["best"] {
                let e = try mapping(b, "\(path).best", allowed: ["goal", "because"])
                guard let bg = e["goal"], let list = bg.sequence, !list.isEmpty else { throw fail(b, "\(path).best", "`best` lists its own `goal:` entries") }
                for (i, item) in list.enumerated() { task.best.append(try goal(item, "\(path).best.goal[\(i)]")) }
                task.bestBecause = try string(e, "because", "\(path).best", parent: b)
            }
            return Step(id: id, kind: .task(task), hints: hints, line: line)
        }
    }

    /// Designs listed under `reject:` or `accept:`.
    func designs(_ node: Node?, _ path: String) throws(LessonError) -> [Design] {
        guard let node else { return [] }
        guard let list = node.sequence else { throw fail(node, path, "expected a list of designs") }
        var out: [Design] = []
        for (i, item) in list.enumerated() {
            let p = "\(path)[\(i)]"
            let e = try mapping(item, p, allowed: ["name", "commands", "because"])
            let commands = try strings(e["commands"], "\(p).commands")
            guard !commands.isEmpty else { throw fail(item, p, "a design lists its `commands`") }
            out.append(Design(name: try string(e, "name", p, parent: item)!, commands: commands, because: try string(e, "because", p, parent: item)!))
        }
        return out
    }

    /// Who may act in a goal: a user, a role, a role's open session, an instance, a function, an
    /// identity provider's user, the root user or an IAM ARN; with `extended` (who may be let in),
    /// also another account and an AWS service.
    static func isPrincipal(_ spec: PrincipalSpec, extended: Bool = false) -> Bool {
        switch spec {
        case .root, .user, .role, .session, .instance, .function, .provider, .arn: true
        case .account, .service: extended
        case .anyone, .group: false
        }
    }

    static let goalKinds = [
        "can", "cannot", "no-access-keys", "access-keys", "member", "not-member", "only-trusted", "max-session", "no-user-policies", "exists", "not-exists",
        "instance-with-role", "did", "shared-managed", "groups-of", "refused", "password-policy", "login-profile", "mfa-device",
    ]

    func goal(_ node: Node, _ path: String) throws(LessonError) -> Goal {
        guard let m = node.mapping, m.count == 1, let (k, v) = m.first, let kind = k.string else {
            throw fail(node, path, "a goal is one of: \(Self.goalKinds.joined(separator: ", ")) (a one-key mapping)")
        }
        let p = "\(path).\(kind)"
        switch kind {
        case "can", "cannot":
            return .can(try ability(v, p), expected: kind == "can")
        case "no-access-keys":
            guard let s = v.string else { throw fail(v, p, "name the user: `no-access-keys: app`") }
            return .noAccessKeys(user: s)
        case "access-keys":
            let e = try mapping(v, p, allowed: ["user", "count", "without"])
            guard let n = e["count"]?.int, n >= 0, n <= 2 else { throw fail(e["count"] ?? v, "\(p).count", "`count` is 0, 1 or 2") }
            return .accessKeys(user: try string(e, "user", p, parent: v)!, count: n, without: try strings(e["without"], "\(p).without"))
        case "member", "not-member":
            let e = try mapping(v, p, allowed: ["user", "group"])
            return .member(user: try string(e, "user", p, parent: v)!, group: try string(e, "group", p, parent: v)!, expected: kind == "member")
        case "only-trusted":
            let e = try mapping(v, p, allowed: ["role", "principals"])
            let principals = try self.principals(
                e["principals"], "\(p).principals", fits: { Self.isPrincipal($0, extended: true) }, { "`\($0)` is not a principal" },
                fix: "write user/NAME, role/NAME, an ARN, account/ID, service/HOST, saml/NAME or oidc/HOST")
            return .onlyTrusted(role: try string(e, "role", p, parent: v)!, principals: principals)
        case "max-session":
            let e = try mapping(v, p, allowed: ["role", "at-most"])
            guard let n = e["at-most"], let text = n.string, let seconds = SimulatedClock.parseDuration(text) else {
                throw fail(e["at-most"] ?? v, "\(p).at-most", "`at-most` is a duration such as 1h or 3600s")
            }
            return .maxSession(role: try string(e, "role", p, parent: v)!, seconds: seconds)
        case "no-user-policies":
            return .noUserPolicies(users: try strings(v, p))
        case "exists", "not-exists":
            guard let s = v.string, s.contains("/") else { throw fail(v, p, "write what exists as `user/NAME`, `group/NAME`, `role/NAME`, `bucket/NAME`…") }
            return .exists(s, expected: kind == "exists")
        case "instance-with-role":
            guard let s = v.string else { throw fail(v, p, "name the role") }
            return .instanceWithRole(s)
        case "shared-managed":
            let holder = "list two or more of group/NAME, role/NAME, user/NAME that must share one managed policy"
            let entities = try self.principals(
                v, p,
                fits: {
                    switch $0 {
                    case .group, .role, .user: true
                    case .root, .anyone, .session, .instance, .function, .provider, .account, .service, .arn: false
                    }
                }, { _ in holder })
            guard entities.count >= 2 else { throw fail(v, p, holder) }
            return .sharedManaged(entities)
        case "groups-of":
            let e = try mapping(v, p, allowed: ["user", "groups"])
            guard e["groups"] != nil else { throw fail(v, p, "missing `groups`", fix: "list every group the user must be in: `groups: [Developers, OnCall]`") }
            return .groupsOf(user: try string(e, "user", p, parent: v)!, groups: try strings(e["groups"], "\(p).groups"))
        case "refused":
            let e = try mapping(v, p, allowed: ["event", "error"])
            return .refused(event: try string(e, "event", p, parent: v)!, error: try string(e, "error", p, parent: v)!)
        case "password-policy":
            let e = try mapping(
                v, p, allowed: ["min-length", "max-age", "reuse", "symbols", "numbers", "uppercase", "lowercase", "users-may-change"])
            var r = Goal.PasswordRequirement()
            func number(_ key: String, _ range: ClosedRange<Int>) throws(LessonError) -> Int? {
                guard let n = e[key] else { return nil }
                guard let v = n.int, range.contains(v) else {
                    throw fail(n, "\(p).\(key)", "`\(key)` is a whole number from \(range.lowerBound) to \(range.upperBound), as AWS allows")
                }
                return v
            }
            func flag(_ key: String) throws(LessonError) -> Bool {
                guard let n = e[key] else { return false }
                guard let b = n.bool else { throw fail(n, "\(p).\(key)", "`\(key)` is true or false") }
                return b
            }
            r.minimumLength = try number("min-length", 6...128)
            r.maxAge = try number("max-age", 1...1095)
            r.reusePrevention = try number("reuse", 1...24)
            r.symbols = try flag("symbols")
            r.numbers = try flag("numbers")
            r.uppercase = try flag("uppercase")
            r.lowercase = try flag("lowercase")
            r.usersMayChange = try flag("users-may-change")
            guard !e.isEmpty else { throw fail(v, p, "say what the policy must ask, such as `{min-length: 14, max-age: 90}`") }
            return .passwordPolicy(r)
        case "login-profile":
            let e = try mapping(v, p, allowed: ["user", "reset-required"])
            var reset: Bool?
            if let n = e["reset-required"] {
                guard let b = n.bool else { throw fail(n, "\(p).reset-required", "`reset-required` is true or false") }
                reset = b
            }
            return .loginProfile(user: try string(e, "user", p, parent: v)!, resetRequired: reset)
        case "mfa-device":
            let e = try mapping(v, p, allowed: ["user"])
            return .mfaDevice(user: try string(e, "user", p, parent: v)!)
        case "did":
            let e = try mapping(v, p, allowed: ["as", "event", "mfa"])
            let principal = try self.principal(
                e, "as", p, parent: v,
                fits: {
                    switch $0 {
                    case .user, .role: true
                    case .root, .anyone, .group, .session, .instance, .function, .provider, .account, .service, .arn: false
                    }
                }, "`as` is user/NAME or role/NAME (any session of the role)")!
            var mfa = false
            if let n = e["mfa"] {
                guard let b = n.bool else { throw fail(n, "\(p).mfa", "`mfa` is true or false") }
                mfa = b
            }
            return .did(principal: principal, event: try string(e, "event", p, parent: v)!, mfa: mfa)
        default:
            let hint = Suggestion.closest(to: kind, among: Self.goalKinds).map { "did you mean `\($0)`?" } ?? "goals: \(Self.goalKinds.joined(separator: ", "))"
            throw fail(k, p, "unknown goal `\(kind)`", fix: hint)
        }
    }

    func ability(_ node: Node, _ path: String) throws(LessonError) -> Goal.Ability {
        let e = try mapping(node, path, allowed: ["as", "via", "mfa", "external_id", "claims", "do", "on", "after", "from", "ip"])
        let principal = try self.principal(
            e, "as", path, parent: node, fits: { Self.isPrincipal($0) },
            "`as` names a principal: user/NAME, role/NAME, instance/ID, function/NAME, root, or an IAM ARN")!
        let via = try self.principal(
            e, "via", path, parent: node, required: false, fits: \.isRole, "`via` names the role assumed: role/NAME or a role's ARN",
            fix: "for example `via: role/Deployer` or `via: \"arn:aws:iam::111122223333:role/Deployer\"`")
        let action = try string(e, "do", path, parent: node)!
        guard action.contains(":"), !action.contains("*") else { throw fail(e["do"], "\(path).do", "`do` is one action such as s3:PutObject (no wildcards)") }
        var from = 0
        if let f = e["from"] {
            guard let text = f.string, let s = SimulatedClock.parseDuration(text) else {
                throw fail(f, "\(path).from", "`from` is a duration such as 12h: the principal starts (assumes the role) that much later")
            }
            from = s
        }
        var after = 0
        if let a = e["after"] {
            guard let text = a.string, let s = SimulatedClock.parseDuration(text) else { throw fail(a, "\(path).after", "`after` is a duration such as 2h") }
            after = s
        }
        var mfa = false
        if let n = e["mfa"] {
            guard let b = n.bool else { throw fail(n, "\(path).mfa", "`mfa` is true or false") }
            mfa = b
        }
        var claims: [String: String] = [:]
        if let c = e["claims"] {
            guard let m = c.mapping else {
                throw fail(c, "\(path).claims", "`claims` maps claim names to values, e.g. {aud: sts.amazonaws.com, sub: \"repo:org/app:ref:refs/heads/main\"}")
            }
            for (k, v) in m {
                guard let key = k.string, let value = v.string else { throw fail(c, "\(path).claims", "each claim is a name and a text value") }
                claims[key] = value
            }
        }
        var made = Goal.Ability(
            principal: principal, via: via, mfa: mfa,
            externalId: try string(e, "external_id", path, parent: node, required: false), action: action,
            resource: try string(e, "on", path, parent: node, required: false) ?? "*", after: after)
        made.claims = claims
        made.mfaWritten = e["mfa"] != nil
        made.from = from
        if let n = e["ip"] {
            guard let ip = n.string, ip.split(separator: ".").count == 4, ip.split(separator: ".").allSatisfy({ UInt8($0) != nil }) else {
                throw fail(n, "\(path).ip", "`ip` is an IPv4 address such as 198.51.100.7: where the request comes from")
            }
            made.sourceIp = ip
        }
        return made
    }
}
