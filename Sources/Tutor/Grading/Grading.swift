import Policy
import World

/// How a task's design was judged.
public enum Grade: String, ClosedSet {
    /// The goals hold, no attack got in, nothing beyond what the task needs.
    case best
    /// The goals hold and no attack got in, but the design allows more than the task needs
    /// (or misses a `best:` goal).
    case acceptable
    /// The goals hold, but an attack got in or something dangerous is allowed: not done.
    case refused
    /// Some goal does not hold yet.
    case open

    public var done: Bool { self == .best || self == .acceptable }
}

/// A task's goals and the attacks on the design, judged together.
public struct Grading: Sendable {
    public var goals: [(goal: Goal, holds: Bool, finding: String)]
    public var best: [(goal: Goal, holds: Bool, finding: String)]
    /// Nil while a goal fails (attacks are tried once the goals hold).
    public var attack: AttackReport?
    public var grade: Grade
}

extension Task {
    /// What the task means to allow, from its goals and its `trusted:` and `needs:` lines.
    public func intent(in world: World) -> Intent {
        var intent = Intent()
        intent.trusted = trusted
        intent.needs = needs
        func roleArn(_ spec: PrincipalSpec) -> String {
            if case .arn(_, _, let written) = spec { return written }
            return "arn:aws:iam::\(world.homeAccount):role/\(spec.roleName ?? "")"
        }
        /// `ACCOUNT/role/NAME` for a role spec or ARN; `ACCOUNT/user/NAME` likewise.
        func key(_ spec: PrincipalSpec) -> String? {
            let account = spec.account ?? world.homeAccount
            switch spec.local {
            case .user(let name): return "\(account)/user/\(name)".lowercased()
            case .role(let name): return "\(account)/role/\(name)".lowercased()
            case .instance(let id):
                let home = world.account(world.homeAccount)
                let profile = world.instances.first { $0.id == id }?.instanceProfile
                return profile.flatMap { p in home?.instanceProfiles.first { $0.name == p }?.role }.map { "\(world.homeAccount)/role/\($0)".lowercased() }
            case .function(let name):
                return world.functions.first { $0.name == name }.flatMap { ARN($0.role) }.map { "\($0.account)/role/\($0.resourceName)".lowercased() }
            case .root, .anyone, .group, .session, .provider, .account, .service, .arn: return nil
            }
        }
        for goal in goals {
            switch goal {
            case .can(let a, let expected):
                intent.resources.append(a.resource)
                if let via = a.via, let k = key(via) { intent.roles.insert(Self.roleKey(k)) }
                if a.action.lowercased().hasPrefix("sts:assumerole"), let resource = PrincipalSpec(a.resource), let k = key(resource) {
                    intent.roles.insert(Self.roleKey(k))
                }
                guard expected else { continue }
                if let via = a.via { key(via).map { _ = intent.actors.insert($0) } } else { key(a.principal).map { _ = intent.actors.insert($0) } }
                // Who goes through a role needs only to assume it: what the role may do is the role's.
                if let via = a.via, let who = key(a.principal) { intent.assumes.append((who, roleArn(via))) }
                if let via = a.via, let k = key(via) { intent.roles.insert(Self.roleKey(k)) }
                intent.needs.append((a.action, Self.generalized(a.resource)))
                switch a.principal {
                case .instance: intent.trusted.append(.service("ec2.amazonaws.com"))
                case .function: intent.trusted.append(.service("lambda.amazonaws.com"))
                case .root, .anyone, .user, .role, .group, .session, .provider, .account, .service, .arn: break
                }
                if let via = a.via {
                    intent.trusted.append(a.principal)
                    if a.mfa { intent.mfa.append((a.principal, via)) }
                    if let id = a.externalId { intent.externalId.append((a.principal, via, id)) }
                }
            case .instanceWithRole(let role):
                intent.trusted.append(.service("ec2.amazonaws.com"))
                intent.actors.insert("\(world.homeAccount)/role/\(role)".lowercased())
            case .onlyTrusted(let role, let principals):
                intent.trusted += principals
                intent.roles.insert("\(world.homeAccount)/\(role)")
            default:
                break
            }
        }
        return intent
    }

    /// `ACCOUNT/NAME` from `account/role/name`.
    static func roleKey(_ key: String) -> String {
        let parts = key.split(separator: "/").map(String.init)
        return parts.count == 3 ? "\(parts[0])/\(parts[2])" : key
    }

    /// An object's folder stands for the object (`…/incoming/report.csv` needs `…/incoming/*`);
    /// any other resource stands for itself.
    static func generalized(_ resource: String) -> String {
        guard resource.hasPrefix("arn:aws:s3:::"), let slash = resource.lastIndex(of: "/"),
            resource[resource.index(resource.startIndex, offsetBy: 13)...].contains("/")
        else { return resource }
        return String(resource[...slash]) + "*"
    }

    /// Judges a design given as commands, replayed on a copy of `start` (lint's rejected, accepted
    /// and mutated designs). `failed` is set when a command was refused.
    public func grade(replaying commands: [String], from start: World) -> (grading: Grading, failed: Bool) {
        var trial = start
        var failed = false
        for command in commands {
            if let error = trial.run(command).error, !expects(error) { failed = true }
        }
        return (grade(from: start, to: trial), failed)
    }

    /// Judges the design in `world`, built from `start` (the world when the task began): the
    /// goals first; once they hold, the attacks.
    public func grade(from start: World, to world: World) -> Grading {
        let results = goals.map { goal in
            let r = goal.evaluate(in: world)
            return (goal: goal, holds: r.holds, finding: r.finding)
        }
        guard results.allSatisfy(\.holds) else { return Grading(goals: results, best: [], attack: nil, grade: .open) }
        let bestResults = best.map { goal in
            let r = goal.evaluate(in: world)
            return (goal: goal, holds: r.holds, finding: r.finding)
        }
        let report = Attack(before: start, after: world, intent: intent(in: world)).run()
        let grade: Grade =
            !report.breaches.isEmpty ? .refused : (!report.extras.isEmpty || !bestResults.allSatisfy(\.holds)) ? .acceptable : .best
        return Grading(goals: results, best: bestResults, attack: report, grade: grade)
    }
}

/// What a design gets wrong: the goals that fail and the attacks that get in (`who → action on
/// resource`). Two designs with the same flaws are the same mistake, whatever their names.
public struct Flaws: Sendable, Equatable {
    public var goals: Set<String>
    public var breaches: Set<String>
    public var isEmpty: Bool { goals.isEmpty && breaches.isEmpty }
}

extension Grading {
    public var flaws: Flaws {
        Flaws(
            goals: Set(goals.filter { !$0.holds }.map(\.goal.summary)),
            breaches: Set((attack?.breaches ?? []).map { "\($0.who) → \($0.action) on \(AttackReport.short($0.resource))" }))
    }
}

extension AttackReport {
    /// `role/ProjectEC2` for an IAM ARN, `uploads-bucket/incoming/x` for S3: short enough to read.
    public static func short(_ arn: String) -> String {
        if arn.hasPrefix("arn:aws:s3:::") { return String(arn.dropFirst(13)) }
        if let parsed = ARN(arn), !parsed.resource.isEmpty { return parsed.resource }
        return arn
    }
}
