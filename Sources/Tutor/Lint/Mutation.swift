import Policy
import World

/// Lint's mutation testing: each task's reference solution made insecure in the ways learners
/// make it insecure — trust widened, conditions dropped, permissions swapped for administrator or
/// a whole service, resources widened to `*` — and replayed. A mutant the checker grades *best*
/// is a hole in the checker.
enum Mutation {
    /// A mutated solution and what was done to it.
    struct Mutant {
        var name: String
        var commands: [String]
        /// The solution's command it changes.
        var index: Int
    }

    static let admin = JSONOutput.object([
        ("Version", .string("2012-10-17")),
        ("Statement", .array([.object([("Effect", .string("Allow")), ("Action", .string("*")), ("Resource", .string("*"))])])),
    ])

    static func check(_ task: Task, lesson: Lesson, step: Step, path: String, start: World, variant: Bool) -> [LessonError] {
        var problems: [LessonError] = []
        // A command the task means AWS to refuse (a `refused` goal) stays refused however it is changed.
        var trial = start
        let refusedOnPurpose = Set(task.solution.indices.filter { trial.run(task.solution[$0]).error.map(task.expects) ?? false })
        for mutant in mutants(of: task.solution, home: start.homeAccount) where !refusedOnPurpose.contains(mutant.index) {
            let (grading, failed) = task.grade(replaying: mutant.commands, from: start)
            // A mutant the world refuses to build is no design at all.
            if !failed, grading.grade == .best {
                let where_ = variant ? "\(path).solution (a learner's variant of the lesson)" : "\(path).solution"
                problems.append(
                    LessonError(
                        file: lesson.file, line: step.line, column: 1, path: where_,
                        message: "an insecure variant of the reference solution is graded best: \(mutant.name)",
                        fix: "add a goal, or narrow `needs:`/`trusted:`, so that the checker refuses it"))
            }
        }
        return problems
    }

    /// Every mutant of a solution: one change at a time.
    static func mutants(of solution: [String], home: String) -> [Mutant] {
        var out: [Mutant] = []
        for (i, command) in solution.enumerated() {
            guard let words = try? ShellWords.split(command) else { continue }
            func replaced(_ flag: String, _ value: String) -> String? {
                guard let k = words.firstIndex(of: flag), k + 1 < words.count else { return nil }
                var w = words
                w[k + 1] = value
                return w.map(quoted).joined(separator: " ")
            }
            func add(_ name: String, _ newCommand: String?) {
                guard let newCommand, newCommand != command else { return }
                var commands = solution
                commands[i] = newCommand
                out.append(Mutant(name: "\(name) (in `\(words.prefix(3).joined(separator: " "))`)", commands: commands, index: i))
            }
            if let k = words.firstIndex(of: "--assume-role-policy-document")
                ?? (words.contains("update-assume-role-policy") ? words.firstIndex(of: "--policy-document") : nil),
                k + 1 < words.count, let doc = try? JSONParser.parse(words[k + 1])
            {
                let flag = words[k]
                let policy = JSONOutput(doc)
                add("trust widened to everyone", replaced(flag, mapStatements(policy) { setting($0, "Principal", .object([("AWS", .string("*"))])) }.compact))
                add(
                    "trust widened to the whole account",
                    replaced(flag, mapStatements(policy) { setting($0, "Principal", .object([("AWS", .string("arn:aws:iam::\(home):root"))])) }.compact))
                let service = command.contains("lambda.amazonaws.com") ? "ec2.amazonaws.com" : "lambda.amazonaws.com"
                add(
                    "trust given to another service (\(service))",
                    replaced(flag, mapStatements(policy) { setting($0, "Principal", .object([("Service", .string(service))])) }.compact))
                add("the trust policy's conditions dropped", replaced(flag, mapStatements(policy) { removing($0, "Condition") }.compact))
            } else if let k = words.firstIndex(of: "--policy-document") ?? (words.contains("put-bucket-policy") ? words.firstIndex(of: "--policy") : nil),
                k + 1 < words.count, let doc = try? JSONParser.parse(words[k + 1])
            {
                let flag = words[k]
                let policy = JSONOutput(doc)
                if words.contains("put-bucket-policy") {
                    add("the bucket policy opened to everyone", replaced(flag, mapStatements(policy) { setting($0, "Principal", .string("*")) }.compact))
                } else {
                    add("the permissions swapped for AdministratorAccess", replaced(flag, admin.compact))
                    add("each action widened to its whole service", replaced(flag, mapStatements(policy) { wholeService($0) }.compact))
                }
                add("Resource widened to *", replaced(flag, mapStatements(policy) { isAllow($0) ? setting($0, "Resource", .string("*")) : $0 }.compact))
                add("the policy's conditions dropped", replaced(flag, mapStatements(policy) { removing($0, "Condition") }.compact))
            } else if words.contains("--policy-arn"), words.contains(where: { $0.hasPrefix("attach-") }) {
                add("the permissions swapped for AdministratorAccess", replaced("--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess"))
            } else if words.contains("update-account-password-policy") {
                // A weaker password policy: shorter, never expiring, reuse allowed, a kind of character not required.
                add("the minimum password length lowered to 8", replaced("--minimum-password-length", "8"))
                for flag in [
                    "--max-password-age", "--password-reuse-prevention", "--require-symbols", "--require-numbers", "--require-uppercase-characters",
                    "--require-lowercase-characters", "--allow-users-to-change-password",
                ] {
                    add("\(flag) left out", without(words, flag))
                }
            } else if words.contains("create-login-profile") || words.contains("update-login-profile") {
                add("--password-reset-required left out", without(words, "--password-reset-required"))
            }
            if words.contains("enable-mfa-device") {
                var commands = solution
                commands.remove(at: i)
                out.append(Mutant(name: "the MFA device never enabled (`\(words.prefix(3).joined(separator: " "))` left out)", commands: commands, index: i))
            }
        }
        return out
    }

    /// The command without `flag` (and its value, unless it is a switch); nil when absent.
    static func without(_ words: [String], _ flag: String) -> String? {
        guard let k = words.firstIndex(of: flag) else { return nil }
        var w = words
        let takesValue = k + 1 < w.count && !w[k + 1].hasPrefix("--")
        w.removeSubrange(k...(takesValue ? k + 1 : k))
        return w.map(quoted).joined(separator: " ")
    }

    /// A word quoted for the shell (single quotes unless it needs none).
    static func quoted(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:=@,+".contains($0) }) { return word }
        return "'" + word.replacingAll("'", with: "'\\''") + "'"
    }

    static func mapStatements(_ policy: JSONOutput, _ body: (JSONOutput) -> JSONOutput) -> JSONOutput {
        guard case .object(var members) = policy, let k = members.firstIndex(where: { $0.0 == "Statement" }) else { return policy }
        switch members[k].1 {
        case .array(let statements): members[k].1 = .array(statements.map(body))
        case let single: members[k].1 = body(single)
        }
        return .object(members)
    }

    static func isAllow(_ statement: JSONOutput) -> Bool {
        guard case .object(let m) = statement else { return false }
        return m.contains { $0.0 == "Effect" && $0.1 == .string("Allow") }
    }

    static func setting(_ statement: JSONOutput, _ key: String, _ value: JSONOutput) -> JSONOutput {
        guard case .object(var m) = statement, isAllow(statement) else { return statement }
        if let k = m.firstIndex(where: { $0.0 == key }) {
            m[k].1 = value
        } else {
            m.removeAll { $0.0 == "Not" + key }
            m.append((key, value))
        }
        return .object(m)
    }

    static func removing(_ statement: JSONOutput, _ key: String) -> JSONOutput {
        guard case .object(var m) = statement, isAllow(statement) else { return statement }
        m.removeAll { $0.0 == key }
        return .object(m)
    }

    /// `s3:PutObject` becomes `s3:*`.
    static func wholeService(_ statement: JSONOutput) -> JSONOutput {
        guard case .object(let m) = statement, isAllow(statement), let action = m.first(where: { $0.0 == "Action" })?.1 else { return statement }
        // The sts actions on a role are all ways of assuming it: `sts:*` there is no wider in effect.
        func widen(_ a: JSONOutput) -> JSONOutput {
            guard case .string(let s) = a, let colon = s.firstIndex(of: ":"), !s.lowercased().hasPrefix("sts:") else { return a }
            return .string(s[..<colon] + ":*")
        }
        let widened: JSONOutput
        switch action {
        case .array(let list): widened = .array(list.map(widen))
        default: widened = widen(action)
        }
        return setting(statement, "Action", widened)
    }
}
