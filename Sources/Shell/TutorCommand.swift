import Policy
import Tutor
import World

/// One tutor command. The table of them drives parsing, `help` and completion.
struct TutorCommand: Sendable {
    var name: String
    var aliases: [String] = []
    var usage: String
    var summary: String
    /// More than the summary, for `help NAME` only.
    var details: String?
    /// What completes each argument.
    var arguments: [Completion.Kind] = []
    var run: @Sendable (inout REPL, [String], (String) -> String?) -> String

    static func named(_ word: String) -> TutorCommand? {
        all.first { $0.name == word || $0.aliases.contains(word) }
    }

    static let all: [TutorCommand] = [
        TutorCommand(
            name: "help", aliases: ["?"], usage: "help [COMMAND | aws [SERVICE]]", summary: "list the commands, or explain one", arguments: [.helpTopic]
        ) { repl, args, _ in
            help(args, style: repl.style)
        },
        TutorCommand(name: "whoami", usage: "whoami", summary: "who you act as now, with which credentials") { repl, _, _ in
            Views.whoami(repl.world, style: repl.style)
        },
        TutorCommand(name: "as", usage: "as PROFILE", summary: "act as a user, a role session, an instance or a function", arguments: [.profile]) {
            repl, args, _ in
            guard let name = args.first else { return "Usage: as PROFILE. Profiles: \(repl.world.profiles.map(\.name).joined(separator: ", "))" }
            guard repl.world.profile(name) != nil else {
                let hint = Suggestion.closest(to: name, among: repl.world.profiles.map(\.name)).map { " Did you mean `as \($0)`?" } ?? ""
                return repl.style.red("No profile named \(name).") + hint + " Profiles: \(repl.world.profiles.map(\.name).joined(separator: ", "))"
            }
            repl.change { $0.currentProfile = name }
            return Views.whoami(repl.world, style: repl.style)
        },
        TutorCommand(name: "clock", usage: "clock [+DURATION | set TIME]", summary: "show the simulated time, move it forward (+2h, +15m, +1d) or set it") {
            repl, args, _ in
            guard let first = args.first else { return "It is \(repl.world.clock.iso8601) in the simulated world." }
            if first == "set" {
                guard args.count == 2 else { return repl.style.red("Usage: clock set TIME, such as clock set 2026-01-02T09:00:00Z") }
                let t: Int
                switch SimulatedClock.readTime(args[1]) {
                case .time(let time): t = time
                case .unreadable: return repl.style.red("Usage: clock set TIME, such as clock set 2026-01-02T09:00:00Z")
                case .outOfRange:
                    return repl.style.red(
                        "\(args[1]) is outside the simulated clock's range, \(SimulatedClock.rangeDescription). Try clock set 2026-01-02T09:00:00Z.")
                }
                guard t >= repl.world.clock.now else { return repl.style.red("The clock only moves forward; it is \(repl.world.clock.iso8601).") }
                repl.change { $0.clock.set(to: t) }
                return "It is now \(repl.world.clock.iso8601)."
            }
            guard first.hasPrefix("+"), let seconds = SimulatedClock.parseDuration(String(first.dropFirst())) else {
                return repl.style.red("Usage: clock +DURATION, such as clock +2h, clock +15m, clock +1d, clock +1h30m")
            }
            guard repl.world.clock.canAdvance(by: seconds) else {
                return repl.style.red(
                    "That would take the clock past \(SimulatedClock.iso8601(SimulatedClock.range.upperBound)), the end of its range (\(SimulatedClock.rangeDescription)); it is \(repl.world.clock.iso8601). Try a shorter step, such as clock +1d."
                )
            }
            repl.change { $0.clock.advance(by: seconds) }
            let expired = repl.world.sessions.filter { $0.expiration <= repl.world.clock.now && $0.expiration > repl.world.clock.now - seconds }
            var out = "It is now \(repl.world.clock.iso8601) (\(SimulatedClock.describe(seconds: seconds)) later)."
            if !expired.isEmpty { out += "\n" + repl.style.yellow("\(expired.count) session\(expired.count == 1 ? "" : "s") expired meanwhile.") }
            return out
        },
        TutorCommand(
            name: "why", usage: "why [N]", summary: "explain the last decision (or attack N of the last check): which policy and statement decided, and why"
        ) { repl, args, _ in
            if let n = args.first {
                let probes = (repl.run ?? repl.lastFinished)?.lastAttack?.probes ?? []
                guard let i = Int(n), probes.indices.contains(i - 1) else {
                    return probes.isEmpty
                        ? "No attacks have been tried yet: they run when a task's goals hold (after an aws command, or `check`)."
                        : repl.style.red("Usage: why N, with N from 1 to \(probes.count) (the attacks listed last).")
                }
                let probe = probes[i - 1]
                return "Attack \(i): \(probe.who) → \(probe.action) on \(probe.resource)\n" + Views.why(probe.record, style: repl.style)
            }
            if case .predict? = repl.run?.step?.kind {
                return "Predict first (allowed or denied): `why` then shows the engine's whole decision."
            }
            if let failure = repl.lastFailure { return Views.whyFailure(failure) }
            return Views.why(repl.lastDecision, style: repl.style)
        },
        TutorCommand(
            name: "show", usage: "show TOPIC", summary: "the world as tables: users, groups, roles, policies, sessions, keys, resources, trail, profiles",
            arguments: [.showTopic]
        ) { repl, args, _ in
            guard let topic = args.first, let text = Views.show(topic, repl.world, style: repl.style) else {
                let hint = args.first.flatMap { Suggestion.closest(to: $0, among: Views.showTopics) }.map { " Did you mean `show \($0)`?" } ?? ""
                return "Usage: show \(Views.showTopics.joined(separator: "|"))." + hint
            }
            return text
        },
        TutorCommand(
            name: "graph", usage: "graph [--dot|--mermaid FILE] [--force]", summary: "the world as a diagram (prose under --plain); DOT or Mermaid for slides"
        ) { repl, args, _ in
            let graph = WorldGraph(repl.world)
            let (words, force) = forced(args)
            var files: [(path: String, text: String)] = []
            var i = 0
            while i < words.count {
                guard words[i] == "--dot" || words[i] == "--mermaid", i + 1 < words.count else {
                    return repl.style.red("Usage: graph [--dot FILE] [--mermaid FILE] [--force]")
                }
                files.append((words[i + 1], words[i] == "--dot" ? graph.dot() : graph.mermaid()))
                i += 2
            }
            var written: [String] = []
            for file in files {
                if let problem = write(file.text, to: file.path, force: force, repl) { return problem }
                written.append(file.path)
            }
            if !written.isEmpty { return "Wrote \(written.joined(separator: " and "))." }
            return repl.style.plain ? graph.prose() : graph.text(style: repl.style)
        },
        TutorCommand(
            name: "undo", usage: "undo", summary: "take back your last change to the world",
            details: "Again and again, back to \(REPL.undoLimit) changes, within the open step (a finished task stays done)."
        ) { repl, _, _ in
            repl.undo()
        },
        TutorCommand(
            name: "reset", usage: "reset [step|lesson|all]", summary: "start afresh: the sandbox, a lesson's step or lesson, or all progress (asks first)",
            arguments: [.resetScope]
        ) { repl, args, ask in
            if let scope = args.first {
                guard ["step", "lesson", "all"].contains(scope) else { return repl.style.red("Usage: reset [step|lesson|all]") }
                return repl.resetLessonScope(scope, ask: ask)
            }
            if repl.run != nil { return repl.resetLessonScope("step", ask: ask) }
            guard let answer = ask("Reset the world and lose your changes? (y/N) "), answer.lowercased().hasPrefix("y") else {
                return "Kept as it is."
            }
            repl.reset()
            return "The world is as it was at the start (`undo` brings your changes back)."
        },
        TutorCommand(name: "lessons", usage: "lessons", summary: "the lessons, with your progress") { repl, _, _ in
            repl.lessons.isEmpty ? "No lessons were found (see --lessons)." : repl.menu
        },
        TutorCommand(name: "start", usage: "start LESSON", summary: "open a lesson (by id or number); goes on where you left off", arguments: [.lesson]) {
            repl, args, _ in
            guard let id = args.first else {
                return "Usage: start LESSON. " + (repl.lessons.isEmpty ? "" : "Lessons: \(repl.lessons.ids.joined(separator: ", "))")
            }
            return repl.startLesson(id)
        },
        TutorCommand(name: "hint", usage: "hint", summary: "a hint for the current step (again for a stronger one)") { repl, _, _ in
            repl.withRun { $0.hint(record: &$1) }
        },
        TutorCommand(
            name: "goal", usage: "goal", summary: "draw the shape the open task asks for, and your world against it",
            details:
                "Who may assume which role, with which conditions, who must not, what each may do; then your world against it: each part met, missing, or there but not asked for. After each change in a task, the parts that changed are shown."
        ) { repl, _, _ in
            guard let run = repl.run else { return "No lesson is open. `lessons` lists them; `start ID` opens one." }
            return GoalView.render(run, style: repl.style)
        },
        TutorCommand(name: "check", usage: "check", summary: "test the open task's goals now: which still fail, and why") { repl, _, _ in
            repl.withRun { $0.check(record: &$1) }
        },
        TutorCommand(name: "solution", usage: "solution", summary: "show the answer (after a few tries)") { repl, _, _ in
            repl.withRun { $0.solution(record: &$1) }
        },
        TutorCommand(name: "skip", usage: "skip", summary: "move on (a skipped task is solved for you)") { repl, _, _ in
            repl.withRun { $0.skip(record: &$1) }
        },
        TutorCommand(name: "back", usage: "back", summary: "go back to the previous question or task") { repl, _, _ in
            repl.withRun { $0.back(record: &$1) }
        },
        TutorCommand(name: "next", usage: "next", summary: "show the current step again (in an exam: hand the task in)") { repl, _, _ in
            repl.withRun { run, record in run.handIn(record: &record) ?? run.present(record: &record) }
        },
        TutorCommand(name: "export", usage: "export [FILE] [--force]", summary: "write your results for your instructor (asks your name once)") {
            repl, args, ask in
            let (words, force) = forced(args)
            if let file = words.first, !force, repl.environment.fileExists(file) { return exists(file, repl) }
            var name = repl.progress.learner
            if name == nil {
                guard let answer = ask("Your name, as your instructor knows you: "), !answer.trimmed().isEmpty else { return "Not exported: a name is needed." }
                name = answer.trimmed()
            }
            let (results, problem) = repl.exportResults(name: name!)
            guard let results else { return repl.style.red(problem ?? "could not export") }
            let file = words.first ?? "iam-tutor-results-\(name!.filter { $0.isLetter || $0.isNumber || $0 == "-" }).json"
            let text = String(decoding: results.encoded(), as: UTF8.self) + "\n"
            return write(text, to: file, force: force, repl) ?? "Wrote \(file) — hand it to your instructor."
        },
        TutorCommand(name: "recap", usage: "recap [FILE] [--force]", summary: "what you did and learned, as Markdown (to a file if named)") { repl, args, _ in
            guard let open = repl.run ?? repl.lastFinished else { return "No lesson is open." }
            let record = repl.progress.lessons[open.lesson.id] ?? LessonRecord()
            if open.switches.exam && !record.finished {
                return "The recap holds the answers: in an exam it is written after the review at the end."
            }
            let text = RecapView.markdown(open.lesson, record)
            let (words, force) = forced(args)
            if let file = words.first {
                return write(text, to: file, force: force, repl) ?? "Wrote \(file)."
            }
            return text
        },
        TutorCommand(
            name: "token", usage: "token oidc|saml PROVIDER NAME=VALUE…",
            summary: "a token (OIDC) or an assertion (SAML) with the claims you choose, signed by a simulated provider",
            details: """
                The simulated providers sign what they issue: pass it to aws sts assume-role-with-web-identity
                --web-identity-token, or assume-role-with-saml --saml-assertion. Edited by hand, it is refused.
                  token oidc token.actions.githubusercontent.com aud=sts.amazonaws.com sub=repo:octo-org/octo-repo:ref:refs/heads/main
                  token saml CorpIdP sub=priya eduPersonAffiliation=staff
                """
        ) { repl, args, _ in
            token(args, repl)
        },
        TutorCommand(name: "sandbox", usage: "sandbox", summary: "leave the lesson for the sandbox (progress kept)") { repl, _, _ in
            repl.leaveLesson()
        },
        TutorCommand(name: "quit", aliases: ["exit"], usage: "quit", summary: "leave (Ctrl-D does the same)") { repl, _, _ in
            repl.finish()
            return REPL.goodbye
        },
    ]

    /// The arguments without `--force`, and whether it was given.
    static func forced(_ args: [String]) -> ([String], Bool) {
        (args.filter { $0 != "--force" }, args.contains("--force"))
    }

    /// Writes a file the learner named; an existing one is replaced only with `--force`.
    /// - Returns: what went wrong, to print; nil when it was written.
    static func write(_ text: String, to file: String, force: Bool, _ repl: REPL) -> String? {
        if !force && repl.environment.fileExists(file) { return exists(file, repl) }
        return repl.environment.writeFile(file, text) ? nil : repl.style.red("Could not write \(file).")
    }

    static func exists(_ file: String, _ repl: REPL) -> String {
        repl.style.red("\(file) exists already; not overwritten.") + " Add --force to replace it, or name another file."
    }

    static func help(_ args: [String], style: Style) -> String {
        if args.first == "aws" {
            if args.count >= 2 {
                let ops = World.operations.filter { $0.service == args[1] }
                guard !ops.isEmpty else { return "No service \(args[1]). Services: \(World.services.joined(separator: ", "))" }
                return ops.map { "  aws \($0.service) \($0.name)\(String(repeating: " ", count: max(1, 34 - $0.name.count)))\($0.summary)" }.joined(
                    separator: "\n")
            }
            return
                "aws SERVICE OPERATION [--flag value ...] [--profile NAME] [--output json|text] [--query PATH]\nServices: \(World.services.joined(separator: ", ")). `help aws SERVICE` lists its operations; TAB completes them."
        }
        if let name = args.first {
            if let op = World.operations.first(where: { $0.name == name }) {
                return "aws \(op.service) \(op.name): \(op.summary)\n"
                    + op.flags.map { "  \($0.name)\($0.required ? " (required)" : "")" }.joined(separator: "\n")
            }
            guard let c = named(name) else { return "No command \(name). Type `help` for the list." }
            return "\(c.usage)\n  \(c.summary)" + (c.details.map { "\n  " + $0 } ?? "")
        }
        var lines = ["Commands:"]
        for c in all { lines.append("  \(c.usage)\(String(repeating: " ", count: max(1, 44 - c.usage.count)))\(c.summary)") }
        lines.append("  aws SERVICE OPERATION ...\(String(repeating: " ", count: 19))a real AWS CLI command, run against the simulated world")
        lines.append("TAB completes commands, operations, flags and names. `help aws` lists the services.")
        lines.append("An open quote or brace continues a command on the next line (...>); an empty line or Ctrl-C drops it.")
        lines.append("A file you name (recap, graph, export) is never replaced unless you add --force.")
        return lines.joined(separator: "\n")
    }
}

extension TutorCommand {
    /// `token`: mints an OIDC ID token or a SAML assertion from a simulated provider.
    static func token(_ args: [String], _ repl: REPL) -> String {
        let usage = repl.style.red(
            "Usage: token oidc|saml PROVIDER NAME=VALUE…, such as token oidc token.actions.githubusercontent.com aud=sts.amazonaws.com sub=repo:org/app:ref:refs/heads/main, or token saml CorpIdP sub=priya"
        )
        guard args.count >= 2, args[0] == "oidc" || args[0] == "saml" else { return usage }
        var claims: [(String, String)] = []
        for word in args.dropFirst(2) {
            let kv = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[0].isEmpty else { return repl.style.red("\(word): claims are written NAME=VALUE, such as sub=priya.") }
            claims.append((kv[0], kv[1]))
        }
        if args[0] == "oidc" {
            return FederationToken.webIdentityToken(issuer: args[1], claims: claims, now: repl.world.clock.now)
        }
        let name = args[1]
        guard let issuer = repl.world.accounts.lazy.compactMap({ $0.samlIssuers[name] }).first else {
            let known = repl.world.accounts.flatMap { $0.samlIssuers.keys.sorted() }
            return repl.style.red("No SAML provider named \(name).")
                + (known.isEmpty ? " Create one first: aws iam create-saml-provider." : " Providers: \(known.joined(separator: ", "))")
        }
        guard let subject = claims.first(where: { $0.0 == "sub" })?.1 else { return repl.style.red("A SAML assertion names its person: add sub=NAME.") }
        let audience = claims.first(where: { $0.0 == "aud" })?.1 ?? "https://signin.aws.amazon.com/saml"
        return FederationToken.samlAssertion(
            issuer: issuer, subject: subject, audience: audience, attributes: claims.filter { $0.0 != "sub" && $0.0 != "aud" })
    }
}
