import Policy

/// What a task means to allow: who may get in, what it needs, which conditions guard it. The
/// attacks read it to tell an intended success from a hole.
public struct Intent: Sendable {
    /// Principals meant to get in: `user/NAME`, `role/NAME`, an ARN, `account/ID` (any principal
    /// of that account), `service/HOST`, `saml/NAME`, `oidc/HOST`.
    public var trusted: [String] = []
    /// What the task needs: an action (or pattern) on a resource (or pattern, `*` for any).
    public var needs: [(action: String, resource: String)] = []
    /// A principal that must present MFA to assume a role.
    public var mfa: [(principal: String, role: String)] = []
    /// A principal that must pass an ExternalId to assume a role.
    public var externalId: [(principal: String, role: String, id: String)] = []
    /// Resources the task talks about (their S3 prefixes are swept too).
    public var resources: [String] = []
    /// Who the needs are for, as `ACCOUNT/user/NAME` or `ACCOUNT/role/NAME`: the principals that
    /// act in the task's `can` goals. Anyone else gets nothing new excused (empty: everyone).
    public var actors: Set<String> = []
    /// Principals (`ACCOUNT/user/NAME`) that go through a role (its ARN): assuming it is all they need.
    public var assumes: [(principal: String, role: String)] = []
    /// Roles the goals are about (`ACCOUNT/NAME`): attacked even when the task did not change them
    /// (a Deny added elsewhere may not bite).
    public var roles: Set<String> = []

    public init() {}
}

/// One attack on what the learner built, and how it ended.
public struct Probe: Sendable {
    public enum Kind: Sendable { case trust, resource, sweep }
    public enum Verdict: Sendable, Equatable {
        /// The attacker was refused.
        case refused
        /// Allowed, and meant to be.
        case intended
        /// Allowed and not meant to be: the design fails.
        case breach
        /// Allowed beyond what the task needs, but not dangerous: the design is only acceptable.
        case extra
    }

    public var kind: Kind
    /// Who tried, in words: "a user in another AWS account (777766665555)".
    public var who: String
    /// What was asked: `sts:AssumeRole on arn:aws:iam::…:role/ProjectEC2`.
    public var action: String
    public var resource: String
    public var verdict: Verdict
    /// The engine's whole decision, for `why`.
    public var record: DecisionRecord
    /// Why it matters, or how to close it.
    public var note: String?
}

/// Every attack tried on a task's design.
public struct AttackReport: Sendable {
    public var probes: [Probe] = []
    /// How many requests the least-privilege sweep decided.
    public var swept = 0
    /// Who was swept (`role/S3Uploader`).
    public var sweptPrincipals: [String] = []

    public var breaches: [Probe] { probes.filter { $0.verdict == .breach } }
    public var extras: [Probe] { probes.filter { $0.verdict == .extra } }
    public init() {}
}

/// Attacks a design the way IAM Access Analyzer and an attacker think: who else can get in to
/// each role and resource policy the task changed, and what else each principal it touched may
/// now do beyond what the task needs.
public struct Attack {
    let before: World
    let after: World
    let intent: Intent

    /// An account no lesson uses: the attacker's own.
    let outsider: String
    static let attackerIp = "198.51.100.66"
    static let services = [
        "ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "glue.amazonaws.com", "states.amazonaws.com", "codebuild.amazonaws.com",
    ]
    static let admin = CompiledDocument(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#, kind: .identity)
    static let assumeAnything = CompiledDocument(
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#, kind: .identity)

    /// S3 ARNs the world's policies name: their folders are sampled too (a grant on
    /// `reports/public/*` is tried on `reports/public/probe-object`).
    let mentioned: [String]

    public init(before: World, after: World, intent: Intent) {
        self.before = before
        self.after = after
        self.intent = intent
        var texts: [String] = after.buckets.compactMap(\.policy)
        for account in after.accounts {
            texts += account.users.flatMap { $0.inlinePolicies.map(\.document) } + account.groups.flatMap { $0.inlinePolicies.map(\.document) }
            texts += account.roles.flatMap { $0.inlinePolicies.map(\.document) } + account.policies.map(\.document)
        }
        mentioned = intent.resources + intent.needs.map(\.resource) + texts.flatMap(Self.s3ARNs)
        let used = Set(after.accounts.map(\.id))
        outsider = ["777766665555", "555544443333", "101010101010"].first { !used.contains($0) } ?? "777766665555"
    }

    /// Runs every attack.
    public func run() -> AttackReport {
        var report = AttackReport()
        var changes = Changes(before: before, after: after)
        for key in intent.roles.sorted() {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = after.account(parts[0])?.role(parts[1]),
                !changes.roles.contains(where: { $0.0 == parts[0] && $0.1.name == role.name })
            else { continue }
            changes.roles.append((parts[0], role))
        }
        for (account, role) in changes.roles {
            report.probes += trustProbes(account: account, role: role)
        }
        for bucket in changes.buckets {
            report.probes += resourceProbes(bucket: bucket)
        }
        for spec in changes.principals {
            let (probes, count) = sweep(spec)
            report.probes += probes
            report.swept += count
            report.sweptPrincipals.append(spec.label)
        }
        report.probes.sort { rank($0.verdict) < rank($1.verdict) }
        return report
    }

    func rank(_ v: Probe.Verdict) -> Int {
        switch v {
        case .breach: 0
        case .extra: 1
        case .intended: 2
        case .refused: 3
        }
    }

    // MARK: - who the task touched

    /// A principal to sweep: a user or a role, in an account.
    struct Swept: Hashable {
        var account: String
        var spec: String
        var label: String { spec }
    }

    /// What changed between the task's start and now.
    struct Changes {
        var roles: [(String, Role)] = []
        var buckets: [Bucket] = []
        var principals: [Swept] = []

        init(before: World, after: World) {
            var seen = Set<Swept>()
            func add(_ account: String, _ spec: String) {
                let s = Swept(account: account, spec: spec)
                if seen.insert(s).inserted { principals.append(s) }
            }
            for account in after.accounts {
                let old = before.account(account.id)
                let changedPolicies = Set(account.policies.filter { p in old?.policies.first { $0.name == p.name } != p }.map { $0.arn(account.id) })
                for role in account.roles {
                    let was = old?.role(role.name)
                    if was != role || role.attachedPolicies.contains(where: changedPolicies.contains) {
                        roles.append((account.id, role))
                        add(account.id, "role/\(role.name)")
                    }
                }
                let changedGroups = account.groups.filter { g in
                    old?.group(g.name) != g || g.attachedPolicies.contains(where: changedPolicies.contains)
                }
                for user in account.users {
                    let was = old?.user(user.name)
                    let groupsNow = account.groups(of: user.name).map(\.name)
                    let groupsThen = old?.groups(of: user.name).map(\.name) ?? []
                    let policyChanged =
                        was.map {
                            $0.inlinePolicies != user.inlinePolicies || $0.attachedPolicies != user.attachedPolicies
                                || $0.permissionsBoundary != user.permissionsBoundary
                        } ?? true
                    if policyChanged || groupsNow != groupsThen || user.attachedPolicies.contains(where: changedPolicies.contains)
                        || changedGroups.contains(where: { $0.members.contains(user.name) })
                    {
                        add(account.id, "user/\(user.name)")
                    }
                }
                // A workload newly carrying a role acts as that role.
                for instance in after.instances where instance.account == account.id && !before.instances.contains(instance) {
                    if let p = instance.instanceProfile, let r = account.instanceProfiles.first(where: { $0.name == p })?.role { add(account.id, "role/\(r)") }
                }
                for f in after.functions where f.account == account.id && !before.functions.contains(f) {
                    add(account.id, "role/\(String(f.role.split(separator: "/").last ?? ""))")
                }
            }
            for bucket in after.buckets where before.buckets.first(where: { $0.name == bucket.name })?.policy != bucket.policy && bucket.policy != nil {
                buckets.append(bucket)
                // Whoever the policy names may now do more: sweep them too.
                for account in after.accounts {
                    for user in account.users where bucket.policy!.contains(user.arn(account.id)) { add(account.id, "user/\(user.name)") }
                    for role in account.roles where bucket.policy!.contains(role.arn(account.id)) { add(account.id, "role/\(role.name)") }
                }
            }
        }
    }

    // MARK: - who else can get in

    /// An attacker: a principal with the policies it would have, and how to name it.
    struct Attacker {
        var who: String
        var principal: Principal
        /// The principal's ARN or account, to compare with the intended ones.
        var account: String?
        var arn: String?
        var service: String?
        var provider: String?
        /// One of the world's own users or roles.
        var existing = false
    }

    /// A user that does not exist in the world, with `policy` as its only identity policy (and,
    /// for a user impersonating one of the world's, that user's tags: anyone may tag themselves).
    func hypothetical(account: String, name: String, policy: CompiledDocument?, mfa: Bool, tags: [Tag] = []) -> Principal {
        var actor = Actor(
            kind: .user(account: account, name: name),
            profile: Profile(name: name, credential: .root(account: account), sourceIp: Self.attackerIp, region: after.defaultRegion))
        if mfa, let withMFA = after.sessionTokenActor(for: actor) { actor = withMFA }
        var principal = after.principal(actor)
        principal.policies = PolicySet(identity: [policy?.named("attacker-policy", type: "user")].compactMap { $0 })
        for tag in tags { principal.context["aws:PrincipalTag/\(tag.key)"] = ContextValue([tag.value]) }
        return principal
    }

    /// A session of a role of the attacker's own account, named like one of the world's roles.
    func hypotheticalRole(account: String, name: String, policy: CompiledDocument? = Attack.admin) -> Principal {
        var principal = Principal(caller: .roleSession(account: account, roleName: name, sessionName: "attack"), context: baseContext())
        principal.policies = PolicySet(identity: [policy?.named("attacker-policy", type: "role")].compactMap { $0 })
        principal.context["aws:PrincipalArn"] = ContextValue(["arn:aws:iam::\(account):role/\(name)"])
        principal.context["aws:PrincipalAccount"] = ContextValue([account])
        principal.context["aws:PrincipalType"] = ContextValue(["AssumedRole"])
        principal.context["aws:MultiFactorAuthPresent"] = ContextValue(["true"], type: .boolean)
        principal.context["aws:MultiFactorAuthAge"] = ContextValue(["0"], type: .numeric)
        return principal
    }

    /// Every `arn:aws:s3:::…` (and DynamoDB and Lambda ARN) a text names, up to its closing quote.
    static func s3ARNs(in text: String) -> [String] {
        arns(in: text, prefix: "arn:aws:s3:::") + arns(in: text, prefix: "arn:aws:dynamodb:") + arns(in: text, prefix: "arn:aws:lambda:")
    }

    static func arns(in text: String, prefix: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let r = rest.firstRange(of: prefix) {
            let tail = rest[r.lowerBound...]
            let end = tail.firstIndex { $0 == "\"" || $0 == "'" || $0 == " " } ?? tail.endIndex
            out.append(String(tail[..<end]))
            rest = tail[end...]
        }
        return out
    }

    /// User ARN patterns with a wildcard in the name that a policy names: (account, `lead*`).
    static func userPatterns(in text: String?) -> [(String, String)] {
        guard let text else { return [] }
        var out: [(String, String)] = []
        var rest = Substring(text)
        while let r = rest.firstRange(of: "arn:aws:iam::") {
            let tail = rest[r.upperBound...]
            let end = tail.firstIndex { $0 == "\"" || $0 == "'" || $0 == " " || $0 == "," || $0 == "]" } ?? tail.endIndex
            let parts = tail[..<end].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            rest = tail[end...]
            guard parts.count == 2, parts[0].count == 12, parts[0].allSatisfy(\.isNumber), parts[1].hasPrefix("user/") else { continue }
            let name = String(parts[1].dropFirst("user/".count))
            guard name.contains(where: { $0 == "*" || $0 == "?" }), name.contains(where: { $0 != "*" && $0 != "?" && $0 != "/" }) else { continue }
            if !out.contains(where: { $0 == (String(parts[0]), name) }) { out.append((String(parts[0]), name)) }
        }
        return out
    }

    /// Accounts a policy names that are not in the world: someone else's, as far as we know.
    func strangers(in text: String?) -> [String] {
        guard let text else { return [] }
        let known = Set(after.accounts.map(\.id) + [outsider])
        var found: [String] = []
        var digits = ""
        for c in text + " " {
            if c.isASCII && c.isNumber {
                digits.append(c)
                continue
            }
            if digits.count == 12, !known.contains(digits), !found.contains(digits) { found.append(digits) }
            digits = ""
        }
        return found
    }

    /// Everyone who might try: outsiders (with the names and tags of the world's own people, as
    /// an attacker would choose), the accounts a policy names, the world's other accounts, a new
    /// hire, anyone unauthenticated, AWS services, and everyone who exists.
    func attackers(in account: String, policy: String?, excluding role: Role? = nil, admin: Bool = true) -> [Attacker] {
        var out: [Attacker] = []
        let power = admin ? Self.admin : Self.assumeAnything
        out.append(
            Attacker(
                who: "a user in another AWS account (\(outsider)), an administrator there",
                principal: hypothetical(account: outsider, name: "mallory", policy: power, mfa: true), account: outsider,
                arn: "arn:aws:iam::\(outsider):user/mallory"))
        // Outsiders who name themselves after the intended people (aws:username, PrincipalArn
        // patterns and PrincipalTag conditions are theirs to satisfy).
        for spec in intent.trusted + intent.mfa.map(\.principal) where spec.hasPrefix("user/") || spec.hasPrefix("role/") || spec.hasPrefix("arn:") {
            let arn = spec.hasPrefix("arn:") ? ARN(spec) : nil
            let name = arn?.resourceName ?? String(spec.split(separator: "/").last ?? "")
            let isRole = spec.hasPrefix("role/") || (arn?.resource.hasPrefix("role/") ?? false)
            guard !name.isEmpty, !out.contains(where: { $0.arn == "arn:aws:iam::\(outsider):\(isRole ? "role" : "user")/\(name)" }) else { continue }
            if isRole {
                out.append(
                    Attacker(
                        who: "a role named \(name) in another AWS account (\(outsider))", principal: hypotheticalRole(account: outsider, name: name),
                        account: outsider, arn: "arn:aws:iam::\(outsider):role/\(name)"))
            } else {
                let tags = arn.flatMap { after.account($0.account)?.user(name)?.tags } ?? after.account(after.homeAccount)?.user(name)?.tags ?? []
                out.append(
                    Attacker(
                        who: "a user named \(name)\(tags.isEmpty ? "" : " with the same tags") in another AWS account (\(outsider))",
                        principal: hypothetical(account: outsider, name: name, policy: power, mfa: true, tags: tags), account: outsider,
                        arn: "arn:aws:iam::\(outsider):user/\(name)"))
            }
        }
        for stranger in strangers(in: policy) {
            out.append(
                Attacker(
                    who: "a user of account \(stranger), which the policy names (not yours, not the lesson's), an administrator there",
                    principal: hypothetical(account: stranger, name: "someone", policy: power, mfa: true), account: stranger,
                    arn: "arn:aws:iam::\(stranger):user/someone"))
        }
        for other in after.accounts where other.id != account {
            out.append(
                Attacker(
                    who: "any user of account \(other.id) (\(other.alias)) allowed sts:AssumeRole there",
                    principal: hypothetical(account: other.id, name: "someone-else", policy: power, mfa: true), account: other.id,
                    arn: "arn:aws:iam::\(other.id):user/someone-else"))
        }
        // A user made later whose name a pattern in the policy matches (`user/lead*` lets in the
        // next lead-intern too): names are not a list of people.
        for (patternAccount, pattern) in Self.userPatterns(in: policy) where after.account(patternAccount) != nil {
            let name = String(World.concrete(pattern).map { $0 == "/" ? "-" : $0 })
            out.append(
                Attacker(
                    who: "a user created later as \(name) in account \(patternAccount) (the policy's user/\(pattern) matches the name)",
                    principal: hypothetical(account: patternAccount, name: name, policy: role == nil ? nil : Self.assumeAnything, mfa: true),
                    account: patternAccount, arn: "arn:aws:iam::\(patternAccount):user/\(name)"))
        }
        out.append(
            Attacker(
                who: role == nil ? "a user of your account with no policies of its own" : "any user of your account allowed sts:AssumeRole (a new hire, say)",
                principal: hypothetical(account: account, name: "new-hire", policy: role == nil ? nil : Self.assumeAnything, mfa: true), account: account,
                arn: "arn:aws:iam::\(account):user/new-hire"))
        // A role's session carries no aws:username (and no user tags): conditions that only hold
        // when a key is absent (`…IfExists`, `ForAllValues`) let any role of the account in.
        out.append(
            Attacker(
                who: role == nil
                    ? "a session of a role of your account with no policies of its own"
                    : "a session of any role of your account allowed sts:AssumeRole (one made later, say)",
                principal: hypotheticalRole(account: account, name: "later-role", policy: role == nil ? nil : Self.assumeAnything), account: account,
                arn: "arn:aws:iam::\(account):role/later-role"))
        out.append(Attacker(who: "anyone, unauthenticated", principal: Principal(caller: .anonymous, context: baseContext()), account: nil))
        guard let role else { return out }
        for service in Self.services {
            out.append(Attacker(who: "the AWS service \(service)", principal: Principal(caller: .service(service), context: baseContext()), service: service))
        }
        // Everyone who exists, with their own policies (and MFA, as a careful insider would have).
        for a in after.accounts {
            for user in a.users {
                var actor = Actor(
                    kind: .user(account: a.id, name: user.name),
                    profile: Profile(name: user.name, credential: .root(account: a.id), sourceIp: "203.0.113.10", region: after.defaultRegion))
                if let mfa = after.sessionTokenActor(for: actor) { actor = mfa }
                out.append(
                    Attacker(
                        who: "\(spec(user: user.name, account: a.id))", principal: after.principal(actor), account: a.id, arn: user.arn(a.id), existing: true))
            }
            for other in a.roles where !(a.id == account && other.name == role.name) {
                guard let actor = after.actor(for: "role/\(other.name)", account: a.id) else { continue }
                out.append(
                    Attacker(
                        who: "a session of \(spec(role: other.name, account: a.id))", principal: after.principal(actor), account: a.id, arn: other.arn(a.id),
                        existing: true))
            }
        }
        return out
    }

    func spec(user: String, account: String) -> String { account == after.homeAccount ? "user/\(user)" : "user/\(user) of \(account)" }
    func spec(role: String, account: String) -> String { account == after.homeAccount ? "role/\(role)" : "role/\(role) of \(account)" }

    func baseContext() -> RequestContext {
        var c = RequestContext()
        c["aws:CurrentTime"] = ContextValue([after.clock.iso8601], type: .date)
        c["aws:EpochTime"] = ContextValue([String(after.clock.now)], type: .numeric)
        c["aws:SecureTransport"] = ContextValue(["true"], type: .boolean)
        c["aws:SourceIp"] = ContextValue([Self.attackerIp], type: .ip)
        return c
    }

    /// Whether a principal that got in is one the task means to let in.
    func intended(_ attacker: Attacker, role: String?) -> Bool {
        for spec in trustedSpecs(role: role) {
            if spec.hasPrefix("account/"), let a = attacker.account, spec.dropFirst(8) == a { return true }
            if spec.hasPrefix("service/"), let s = attacker.service, spec.dropFirst(8).lowercased() == s.lowercased() { return true }
            if spec.hasPrefix("saml/") || spec.hasPrefix("oidc/"), let p = attacker.provider, p.hasSuffix("/" + spec.dropFirst(5)) { return true }
            if let arn = attacker.arn, let wanted = arnOf(spec), arn.lowercased() == wanted.lowercased() { return true }
        }
        return false
    }

    /// The principals meant to get in (to `role`, or to a resource when nil).
    func trustedSpecs(role: String?) -> [String] {
        intent.trusted
    }

    /// The ARN a spec names (`user/dana` in the home account, or an ARN as written).
    func arnOf(_ spec: String) -> String? {
        if spec.hasPrefix("arn:") { return spec }
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let home = after.account(after.homeAccount) else { return nil }
        switch parts[0] {
        case "user": return home.user(parts[1])?.arn(home.id) ?? "arn:aws:iam::\(home.id):user/\(parts[1])"
        case "role": return home.role(parts[1])?.arn(home.id) ?? "arn:aws:iam::\(home.id):role/\(parts[1])"
        default: return nil
        }
    }

    /// A year and a month on: a grant that waits for a date is a grant.
    static let later = 400 * 86400

    func trustProbes(account: String, role: Role) -> [Probe] {
        let arn = role.arn(account)
        var probes: [Probe] = []
        var future = after
        future.clock.advance(by: Self.later)
        func attempt(_ attacker: Attacker, action: String = "sts:AssumeRole", extra: [String: String] = [:], in world: World? = nil) -> DecisionRecord {
            let w = world ?? after
            var access = w.access(action, on: arn)
            access.context["sts:RoleSessionName"] = "attack"
            for (k, v) in extra { access.context[k] = v }
            var principal = attacker.principal
            if world != nil {
                principal.context["aws:CurrentTime"] = ContextValue([w.clock.iso8601], type: .date)
                principal.context["aws:EpochTime"] = ContextValue([String(w.clock.now)], type: .numeric)
            }
            return w.explain(principal, access)
        }
        // AWS does not treat an ExternalId as a secret: attackers try the task's ones too.
        let knownIds = intent.externalId.filter { sameRole($0.role, role, account) }.map(\.id)
        for attacker in attackers(in: account, policy: role.trustPolicy, excluding: role) {
            var record = Self.firstAllowed([{ attempt(attacker) }] + knownIds.map { id in { attempt(attacker, extra: ["sts:ExternalId": id]) } })
            var when = ""
            if record.decision.decision != .allowed {
                let later = attempt(attacker, in: future)
                if later.decision.decision == .allowed {
                    record = later
                    when = " (\(Self.later / 86400) days from now)"
                }
            }
            let allowed = record.decision.decision == .allowed
            // Those who exist and are refused are many and unremarkable: keep only the others.
            if !allowed && attacker.existing { continue }
            let verdict: Probe.Verdict = !allowed ? .refused : intended(attacker, role: role.name) ? .intended : .breach
            probes.append(
                Probe(
                    kind: .trust, who: attacker.who + when, action: "sts:AssumeRole", resource: arn, verdict: verdict, record: record,
                    note: verdict == .breach
                        ? "let in only the principals the task names: list them in the trust policy's Principal (an account's root lets in everyone that account allows; a condition on names or tags is the caller's to meet)"
                        : nil))
        }
        probes += federatedProbes(account: account, role: role, attempt: { attempt($0, action: $1) })
        // The intended principals without the conditions the task asks of them.
        for need in intent.mfa where sameRole(need.role, role, account) {
            guard let actor = after.actor(for: need.principal) else { continue }
            var extra: [String: String] = [:]
            for e in intent.externalId where e.principal == need.principal && sameRole(e.role, role, account) { extra["sts:ExternalId"] = e.id }
            // With its long-term key, and with a session token got without MFA.
            let token = after.sessionTokenActor(for: actor, mfa: false)
            let record = Self.firstAllowed([
                { attempt(Attacker(who: "", principal: after.principal(actor)), extra: extra) },
                { token.map { attempt(Attacker(who: "", principal: after.principal($0)), extra: extra) } },
            ])
            probes.append(
                conditionProbe(
                    "\(need.principal) without MFA (a stolen access key, or a session token got without MFA)", arn, record,
                    fix: "require MFA in the trust policy: Condition {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}"))
        }
        for need in intent.externalId where sameRole(need.role, role, account) {
            guard var actor = after.actor(for: need.principal) else { continue }
            if intent.mfa.contains(where: { $0.principal == need.principal }), let m = after.sessionTokenActor(for: actor) { actor = m }
            let principal = after.principal(actor)
            let record = Self.firstAllowed([
                { attempt(Attacker(who: "", principal: principal)) },
                { attempt(Attacker(who: "", principal: principal), extra: ["sts:ExternalId": "attacker-guess"]) },
            ])
            probes.append(
                conditionProbe(
                    "\(need.principal) without the ExternalId, or with another one (a confused deputy)", arn, record,
                    fix: "require it exactly in the trust policy: Condition {\"StringEquals\": {\"sts:ExternalId\": \"\(need.id)\"}}"))
        }
        return probes
    }

    /// The first try that gets in (later ones are not made), else the last decision made.
    static func firstAllowed(_ tries: [() -> DecisionRecord?]) -> DecisionRecord {
        var last: DecisionRecord?
        for attempt in tries {
            guard let record = attempt() else { continue }
            if record.decision.decision == .allowed { return record }
            last = record
        }
        return last!
    }

    /// An intended principal tried without a condition the task asks of it: getting in is a hole.
    func conditionProbe(_ who: String, _ arn: String, _ record: DecisionRecord, fix: String) -> Probe {
        let allowed = record.decision.decision == .allowed
        return Probe(
            kind: .trust, who: who, action: "sts:AssumeRole", resource: arn, verdict: allowed ? .breach : .refused, record: record, note: allowed ? fix : nil)
    }

    /// Identity providers of the role's account with claims of someone else's, providers
    /// registered later (another team's, another CI system's), and the public web-identity
    /// providers anyone can get a token from.
    func federatedProbes(account: String, role: Role, attempt: (Attacker, String) -> DecisionRecord) -> [Probe] {
        let registered = after.account(account)?.identityProviders ?? []
        var probes: [Probe] = []
        var candidates: [(IdentityProvider, principal: String, note: String)] = registered.map { ($0, $0.arn(account), "") }
        for p in [IdentityProvider(kind: .saml, name: "AnotherTeamIdP"), IdentityProvider(kind: .oidc, name: "token.actions.githubusercontent.com")]
        where !registered.contains(p) {
            candidates.append((p, p.arn(account), " (a provider registered later)"))
        }
        for host in ["accounts.google.com", "cognito-identity.amazonaws.com", "graph.facebook.com", "www.amazon.com"] {
            candidates.append((IdentityProvider(kind: .oidc, name: host), host, " (a public provider: anyone can get a token)"))
        }
        for (provider, principalName, suffix) in candidates {
            var context = baseContext()
            let action: String
            var who: String
            if provider.kind == .oidc {
                action = "sts:AssumeRoleWithWebIdentity"
                context["\(provider.name):aud"] = ContextValue(["attacker-audience"])
                context["\(provider.name):sub"] = ContextValue(["repo:attacker/other-repo:ref:refs/heads/main"])
                context["\(provider.name):amr"] = ContextValue(["unauthenticated"])
                who = "a token from \(provider.name) issued to someone else (another audience and subject)"
            } else {
                action = "sts:AssumeRoleWithSAML"
                context["saml:sub"] = ContextValue(["attacker"])
                context["saml:aud"] = ContextValue(["https://signin.aws.amazon.com/saml"])
                who = "a person signed in through \(provider.name)"
            }
            who += suffix
            let attacker = Attacker(who: who, principal: Principal(caller: .identityProvider(principalName), context: context), provider: principalName)
            let record = attempt(attacker, action)
            let allowed = record.decision.decision == .allowed
            let isIntended = provider.kind == .saml && suffix.isEmpty && intended(attacker, role: role.name)
            probes.append(
                Probe(
                    kind: .trust, who: who, action: action, resource: role.arn(account), verdict: !allowed ? .refused : isIntended ? .intended : .breach,
                    record: record,
                    note: provider.kind == .oidc ? "condition the trust on the token's audience and subject (\(provider.name):aud, \(provider.name):sub)" : nil)
            )
        }
        return probes
    }

    func sameRole(_ spec: String, _ role: Role, _ account: String) -> Bool {
        if spec.hasPrefix("arn:") { return ARN(spec).map { $0.account == account && $0.resourceName.lowercased() == role.name.lowercased() } ?? false }
        return account == after.homeAccount && spec.split(separator: "/").last.map { $0.lowercased() == role.name.lowercased() } ?? false
    }

    /// Everyone tries every S3 action on the bucket and on an object in each of its folders. A
    /// principal the task means to let in may do what the task needs; anything else it gets is
    /// an extra (or dangerous), and anyone else getting anything is a hole.
    func resourceProbes(bucket: Bucket) -> [Probe] {
        var probes: [Probe] = []
        let objects = after.resources(of: .object, account: bucket.account, mentioned: mentioned).real
            .filter { $0.hasPrefix(bucket.arn + "/") }
        let asks = ActionCatalog.actions.filter { $0.service == "s3" && $0.resource != .none }.flatMap { action in
            (action.resource == .object ? objects : [bucket.arn]).map { (action, $0) }
        }
        var seen = Set<String>()
        for attacker in attackers(in: bucket.account, policy: bucket.policy) where seen.insert(attacker.who).inserted {
            var last: DecisionRecord?
            var got = 0
            for (action, resource) in asks {
                let record = after.explain(attacker.principal, after.access(action.name, on: resource))
                last = record
                guard record.decision.decision == .allowed else { continue }
                got += 1
                let meant = intended(attacker, role: nil)
                let verdict: Probe.Verdict = !meant ? .breach : needed(action.name, resource) ? .intended : action.danger == nil ? .extra : .breach
                probes.append(
                    Probe(
                        kind: .resource, who: attacker.who, action: action.name, resource: resource, verdict: verdict, record: record,
                        note: !meant
                            ? "name only the principals who need the bucket in its policy's Principal"
                            : verdict == .intended ? nil : (action.danger.map { "dangerous: \($0)" } ?? "not needed by the task")))
            }
            if got == 0, let last {
                probes.append(Probe(kind: .resource, who: attacker.who, action: "s3:*", resource: bucket.arn, verdict: .refused, record: last))
            }
        }
        return probes
    }

    // MARK: - what else is allowed

    func resources(_ kind: ResourceKind, account: String) -> [String] {
        let (real, other) = after.resources(of: kind, account: account, mentioned: mentioned)
        return real + [other]
    }

    /// Whether the task needs this action on this resource, for this principal.
    func needed(_ action: String, _ resource: String, by swept: Swept? = nil) -> Bool {
        if let swept, action.lowercased() == "sts:assumerole",
            intent.assumes.contains(where: { $0.principal == "\(swept.account)/\(swept.spec)".lowercased() && $0.role.lowercased() == resource.lowercased() })
        {
            return true
        }
        if let swept, !intent.actors.isEmpty, !intent.actors.contains("\(swept.account)/\(swept.spec)".lowercased()) { return false }
        return intent.needs.contains { need in
            Glob(need.action.lowercased()).matches(action.lowercased()) && (need.resource == "*" || Glob(need.resource).matches(resource))
        }
    }

    /// Reading or writing the data of a bucket or table the task does not touch at all (no need
    /// is about its objects or items) is dangerous; of one it does, an extra.
    func dataDanger(_ action: CatalogAction, _ resource: String) -> String? {
        // A task that says nothing of what it needs leaves every grant to the design itself.
        guard let access = action.data, !intent.needs.isEmpty else { return nil }
        let container = Self.container(of: resource)
        let used = intent.needs.contains { need in
            let glob = Glob(need.action.lowercased())
            guard ActionCatalog.actions.contains(where: { $0.data != nil && glob.matches($0.name.lowercased()) }) else { return false }
            return need.resource == "*" || Glob(Self.container(of: need.resource)).matches(container)
        }
        guard !used else { return nil }
        let place = resource.hasPrefix("arn:aws:s3:::") ? "a bucket" : "a table"
        return "it \(access == .read ? "reads" : "writes") the data in \(place) the task does not use"
    }

    /// The bucket of an object ARN; the table of a table (or index) ARN.
    static func container(of arn: String) -> String {
        if arn.hasPrefix("arn:aws:s3:::") { return String(arn.prefix { $0 != "/" }) }
        if let slash = arn.firstIndex(of: "/"), let second = arn[arn.index(after: slash)...].firstIndex(of: "/") { return String(arn[..<second]) }
        return arn
    }

    /// The principal at its most capable: a user with an MFA session, a role session with MFA.
    func strongest(_ spec: String, account: String, in world: World) -> Principal? {
        guard var actor = world.actor(for: spec, account: account) else { return nil }
        if let mfa = world.sessionTokenActor(for: actor) {
            actor = mfa
        } else if case .session(var s) = actor.kind {
            s.mfaAuthenticated = world.clock.now
            actor.kind = .session(s)
        }
        return world.principal(actor)
    }

    /// Every catalogued action on every resource: what the principal may do now that it could
    /// not before the task, beyond what the task needs.
    func sweep(_ swept: Swept) -> ([Probe], Int) {
        guard let now = strongest(swept.spec, account: swept.account, in: after) else { return ([], 0) }
        let then = strongest(swept.spec, account: swept.account, in: before)
        var probes: [Probe] = []
        var count = 0
        for action in ActionCatalog.actions {
            for resource in resources(action.resource, account: swept.account) {
                count += 1
                let access = after.access(action.name, on: resource)
                guard after.allows(now, access) else { continue }
                if let then, before.allows(then, before.access(action.name, on: resource)) { continue }
                if needed(action.name, resource, by: swept) { continue }
                let record = after.explain(now, access)
                let who = swept.account == after.homeAccount ? swept.spec : "\(swept.spec) of \(swept.account)"
                let danger = action.danger ?? dataDanger(action, resource)
                probes.append(
                    Probe(
                        kind: .sweep, who: who, action: action.name, resource: resource, verdict: danger == nil ? .extra : .breach, record: record,
                        note: danger.map { "dangerous: \($0)" } ?? "not needed by the task"))
            }
        }
        return (probes, count)
    }
}
