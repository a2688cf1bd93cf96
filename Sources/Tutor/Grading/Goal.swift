import Policy
import World

/// A fact the simulation is asked about: what a principal can do, and how the world is built.
public enum Goal: Sendable {
    /// `can`/`cannot`: the principal (optionally through a role, with MFA, after some time) may
    /// do the action on the resource.
    case can(Ability, expected: Bool)
    /// The user has no access keys.
    case noAccessKeys(user: String)
    /// The user has exactly `count` access keys, none of them those listed (a rotation).
    case accessKeys(user: String, count: Int, without: [String])
    /// The user is (or is not) in the group.
    case member(user: String, group: String, expected: Bool)
    /// Only these principals may assume the role (among the account's users and roles).
    case onlyTrusted(role: String, principals: [PrincipalSpec])
    /// The role's sessions last at most this long.
    case maxSession(role: String, seconds: Int)
    /// Users get the permission from a group: none of them has policies of its own.
    case noUserPolicies(users: [String])
    /// Something exists: `user/NAME`, `group/NAME`, `role/NAME`, `bucket/NAME`, `bucket-policy/BUCKET`,
    /// `instance-profile/NAME`, `policy/NAME`.
    case exists(String, expected: Bool)
    /// A running instance carries the role.
    case instanceWithRole(String)
    /// The audit trail holds a call the learner made: `event` (an API name such as StopInstances)
    /// by `principal` (`user/NAME`, or `role/NAME` for any session of the role), that succeeded,
    /// with MFA when asked — proof that the work was done, as the trail proves it to a reviewer.
    case did(principal: PrincipalSpec, event: String, mfa: Bool)
    /// One customer managed policy is attached to every one of these (`group/NAME`, `role/NAME`,
    /// `user/NAME`): reuse, one edit for all, versions.
    case sharedManaged([PrincipalSpec])
    /// The user is in exactly these groups, no more and no fewer.
    case groupsOf(user: String, groups: [String])
    /// The trail holds a call of the learner's that AWS refused with this error (the learner tried
    /// it and saw the answer): `event` (an API name), `error` (a code such as MalformedPolicy).
    case refused(event: String, error: String)
    /// The account's password policy asks at least this much.
    case passwordPolicy(PasswordRequirement)
    /// The user has a console password, which must (or need not) be changed at the next sign-in
    /// (nil: either).
    case loginProfile(user: String, resetRequired: Bool?)
    /// The user has an MFA device enabled (a console sign-in then asks for its code).
    case mfaDevice(user: String)

    /// What a `password-policy` goal asks: each given field at least as strict as this.
    public struct PasswordRequirement: Sendable, Equatable {
        public var minimumLength: Int?
        /// Passwords expire after at most this many days.
        public var maxAge: Int?
        /// At least this many earlier passwords may not be reused.
        public var reusePrevention: Int?
        public var symbols = false
        public var numbers = false
        public var uppercase = false
        public var lowercase = false
        public var usersMayChange = false

        public init() {}

        /// What the policy lacks, in words (empty when it asks at least as much).
        func shortfalls(_ p: PasswordPolicy) -> [String] {
            var out: [String] = []
            if let n = minimumLength, p.minimumLength < n { out.append("passwords may be \(p.minimumLength) characters, fewer than \(n)") }
            if let days = maxAge {
                if let age = p.maxAge {
                    if age > days { out.append("passwords live \(age) days, more than \(days)") }
                } else {
                    out.append("passwords never expire (no MaxPasswordAge)")
                }
            }
            if let n = reusePrevention, (p.reusePrevention ?? 0) < n {
                out.append(
                    p.reusePrevention.map { "only the last \($0) passwords may not be reused, not \(n)" }
                        ?? "earlier passwords may be reused (no PasswordReusePrevention)")
            }
            for (asked, has, what) in [
                (symbols, p.requireSymbols, "a symbol"), (numbers, p.requireNumbers, "a number"), (uppercase, p.requireUppercase, "an uppercase letter"),
                (lowercase, p.requireLowercase, "a lowercase letter"),
            ] where asked && !has {
                out.append("\(what) is not required")
            }
            if usersMayChange && !p.allowUsersToChange { out.append("users may not change their own passwords") }
            return out
        }

        /// The requirement in words.
        var summary: String {
            var parts: [String] = []
            if let n = minimumLength { parts.append("at least \(n) characters") }
            let kinds = [(uppercase, "uppercase"), (lowercase, "lowercase"), (numbers, "numbers"), (symbols, "symbols")].filter(\.0).map(\.1)
            if !kinds.isEmpty { parts.append(kinds.joined(separator: ", ")) }
            if let d = maxAge { parts.append("expiring within \(d) days") }
            if let n = reusePrevention { parts.append("none of the last \(n) reused") }
            if usersMayChange { parts.append("users may change their own") }
            return parts.joined(separator: "; ")
        }
    }

    public struct Ability: Sendable {
        public var principal: PrincipalSpec
        /// The role the principal assumes first (`role/NAME` or a role ARN).
        public var via: PrincipalSpec?
        public var mfa: Bool
        /// The ExternalId passed when assuming `via`.
        public var externalId: String?
        /// Whether the lesson wrote `mfa:` (true or false): only then do the words say it.
        public var mfaWritten = false
        /// Seconds from now at which the principal starts, assuming `via` then (a trust that ends
        /// by itself is tested so).
        public var from = 0
        /// The address the request comes from (`aws:SourceIp`), when not the principal's usual one.
        public var sourceIp: String?
        /// For a federated principal (`saml/NAME`, `oidc/HOST`): the token's claims (`aud`, `sub`, …).
        public var claims: [String: String] = [:]
        public var action: String
        public var resource: String
        /// Seconds later than now (a role session expires; a key does not).
        public var after: Int

        public init(
            principal: PrincipalSpec, via: PrincipalSpec? = nil, mfa: Bool = false, externalId: String? = nil, action: String, resource: String = "*",
            after: Int = 0
        ) {
            self.principal = principal
            self.via = via
            self.mfa = mfa
            self.externalId = externalId
            self.action = action
            self.resource = resource
            self.after = after
        }
    }

    /// Whether the goal holds in the world, and a sentence saying what the simulation found.
    public func evaluate(in world: World) -> (holds: Bool, finding: String) {
        switch self {
        case .can(let ability, let expected):
            let (allowed, detail, _) = Self.decision(ability, expected: expected, in: world)
            let verb = expected ? "can" : "cannot"
            let via = (ability.via.map { " through \($0)" } ?? "") + (ability.mfa ? " with MFA" : (ability.mfaWritten ? " without MFA" : ""))
            let when = ability.from > 0 ? "\(SimulatedClock.describe(seconds: ability.from)) from now, " : ""
            let place = ability.sourceIp.map { " from \($0)" } ?? ""
            let phrase = "\(when)\(ability.principal)\(via)\(place) \(verb) do \(ability.action) on \(ability.resource)"
            return allowed == expected ? (true, phrase) : (false, "expected: \(phrase); \(detail)")
        case .noAccessKeys(let user):
            guard let u = world.account(world.homeAccount)?.user(user) else { return (true, "\(user) does not exist, so has no access keys") }
            return u.accessKeys.isEmpty
                ? (true, "\(user) has no access keys")
                : (false, "\(user) still has \(u.accessKeys.count) access key(s): \(u.accessKeys.map(\.id).joined(separator: ", "))")
        case .accessKeys(let user, let count, let without):
            guard let u = world.account(world.homeAccount)?.user(user) else { return (false, "there is no user \(user)") }
            let kept = u.accessKeys.filter { without.contains($0.id) }
            if u.accessKeys.count == count && kept.isEmpty { return (true, "\(user) has \(count) access key(s), none of the old ones") }
            return (
                false,
                kept.isEmpty ? "\(user) has \(u.accessKeys.count) access key(s), not \(count)" : "\(user) still has \(kept.map(\.id).joined(separator: ", "))"
            )
        case .member(let user, let group, let expected):
            let inGroup = world.account(world.homeAccount)?.group(group)?.members.contains { $0.lowercased() == user.lowercased() } ?? false
            return inGroup == expected ? (true, "\(user) is\(expected ? "" : " not") in \(group)") : (false, "\(user) is\(inGroup ? "" : " not") in \(group)")
        case .onlyTrusted(let role, let principals):
            guard let acct = world.account(world.homeAccount), let r = acct.role(role) else { return (false, "there is no role \(role)") }
            // Who may assume it, with or without MFA.
            func canAssume(_ spec: PrincipalSpec) -> Bool {
                guard let actor = world.actor(for: spec) else { return false }
                return world.assume(actor, role: .role(r.name)).0 != nil || world.assume(actor, role: .role(r.name), mfa: true).0 != nil
            }
            let may: [String] =
                (acct.users.map { PrincipalSpec.user($0.name) }.filter(canAssume)
                + acct.roles.filter { $0.name != r.name }.map { PrincipalSpec.role($0.name) }.filter(canAssume)).map(\.description)
            let written = principals.map(\.description)
            let wanted = Set(written.map { $0.lowercased() })
            let got = Set(may.map { $0.lowercased() })
            if got == wanted { return (true, "only \(written.joined(separator: ", ")) may assume \(role)") }
            // Said with the names as written (IAM compares them without case).
            let extra = may.filter { !wanted.contains($0.lowercased()) }.sorted()
            let missing = written.filter { !got.contains($0.lowercased()) }.sorted()
            var parts: [String] = []
            if !extra.isEmpty { parts.append("\(extra.joined(separator: ", ")) may assume \(role) too") }
            if !missing.isEmpty { parts.append("\(missing.joined(separator: ", ")) cannot assume \(role)") }
            return (false, parts.joined(separator: "; "))
        case .maxSession(let role, let seconds):
            guard let r = world.account(world.homeAccount)?.role(role) else { return (false, "there is no role \(role)") }
            return r.maxSessionDuration <= seconds
                ? (true, "\(role)'s sessions last at most \(SimulatedClock.describe(seconds: r.maxSessionDuration))")
                : (
                    false,
                    "\(role)'s sessions may last \(SimulatedClock.describe(seconds: r.maxSessionDuration)), more than \(SimulatedClock.describe(seconds: seconds))"
                )
        case .noUserPolicies(let users):
            let acct = world.account(world.homeAccount)
            let withOwn = users.filter { name in acct?.user(name).map { !$0.attachedPolicies.isEmpty || !$0.inlinePolicies.isEmpty } ?? false }
            return withOwn.isEmpty
                ? (true, "the permissions come from a group, not from each user")
                : (false, "\(withOwn.joined(separator: ", ")) still \(withOwn.count == 1 ? "has" : "have") policies of their own")
        case .exists(let spec, let expected):
            let found = Self.exists(spec, in: world)
            return found == expected ? (true, "\(spec) \(expected ? "exists" : "does not exist")") : (false, "\(spec) \(found ? "exists" : "does not exist")")
        case .instanceWithRole(let role):
            let acct = world.account(world.homeAccount)
            let carrying = world.instances.filter { i in
                i.state == .running && i.instanceProfile.flatMap { p in acct?.instanceProfiles.first { $0.name == p }?.role } == role
            }
            guard !carrying.isEmpty else { return (false, "no running instance carries the role \(role)") }
            guard world.serviceMayAssume("ec2.amazonaws.com", role: role, account: world.homeAccount) else {
                return (false, "instance \(carrying[0].id) carries \(role), but \(role) does not trust ec2.amazonaws.com: the instance gets no credentials")
            }
            return (true, "instance \(carrying[0].id) carries \(role)")
        case .sharedManaged(let entities):
            guard let home = world.account(world.homeAccount) else { return (false, "there is no home account") }
            func attached(_ spec: PrincipalSpec) -> Set<String>? {
                switch spec {
                case .group(let name): return home.group(name).map { Set($0.attachedPolicies) }
                case .role(let name): return home.role(name).map { Set($0.attachedPolicies) }
                case .user(let name): return home.user(name).map { Set($0.attachedPolicies) }
                case .root, .anyone, .session, .instance, .function, .provider, .account, .service, .arn: return nil
                }
            }
            let customer = Set(home.policies.map { $0.arn(home.id) })
            var common = customer
            for entity in entities {
                guard let a = attached(entity) else { return (false, "there is no \(entity)") }
                common.formIntersection(a)
            }
            if let shared = common.sorted().first {
                return (
                    true,
                    "\(entities.map(\.description).joined(separator: " and ")) share the customer managed policy \(shared.split(separator: "/").last ?? "")"
                )
            }
            return (false, "no customer managed policy is attached to all of \(entities.map(\.description).joined(separator: ", "))")
        case .groupsOf(let user, let groups):
            guard let home = world.account(world.homeAccount), let u = home.user(user) else { return (false, "there is no user \(user)") }
            let has = home.groups(of: u.name).map(\.name)
            let missing = groups.filter { g in !has.contains { $0.sameIgnoringCase(g) } }
            let extra = has.filter { h in !groups.contains { $0.sameIgnoringCase(h) } }
            if missing.isEmpty && extra.isEmpty { return (true, "\(user) is in exactly \(groups.joined(separator: ", "))") }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("\(user) is not in \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("\(user) is still in \(extra.joined(separator: ", "))") }
            return (false, parts.joined(separator: "; "))
        case .refused(let event, let error):
            if let hit = world.trail.first(where: { $0.name == event && $0.errorCode == error }) {
                return (true, "you tried it: AWS refused \(event) with \(error) (at \(SimulatedClock.iso8601(hit.time)))")
            }
            return (false, "the trail shows no \(event) refused with \(error) yet: try it, and read AWS's answer")
        case .passwordPolicy(let wanted):
            guard let policy = world.account(world.homeAccount)?.passwordPolicy else {
                return (false, "the account has no password policy of its own (AWS's default applies: 8 characters, passwords never expire)")
            }
            let short = wanted.shortfalls(policy)
            return short.isEmpty ? (true, "the password policy asks \(wanted.summary)") : (false, short.joined(separator: "; "))
        case .loginProfile(let user, let reset):
            guard let u = world.account(world.homeAccount)?.user(user) else { return (false, "there is no user \(user)") }
            guard let profile = u.loginProfile else { return (false, "\(user) has no console password (no login profile)") }
            if let reset, profile.passwordResetRequired != reset {
                return (false, "\(user)'s password \(profile.passwordResetRequired ? "must" : "need not") be changed at the next sign-in")
            }
            return (true, "\(user) has a console password\(profile.passwordResetRequired ? " to change at the first sign-in" : "")")
        case .mfaDevice(let user):
            guard let u = world.account(world.homeAccount)?.user(user) else { return (false, "there is no user \(user)") }
            if let device = u.mfaDevices.first(where: \.enabled) { return (true, "\(user) has the MFA device \(device.serialNumber)") }
            return (false, "\(user) has no MFA device enabled")
        case .did(let principal, let event, let mfa):
            let home = world.homeAccount
            // Any session of a role; the user itself.
            let made: (String) -> Bool
            switch principal {
            case .role(let name): made = { $0.hasPrefix("arn:aws:sts::\(home):assumed-role/\(name)/") }
            case .user(let name): made = { $0 == "arn:aws:iam::\(home):user/\(name)" }
            case .root, .anyone, .group, .session, .instance, .function, .provider, .account, .service, .arn:
                return (false, "the trail is read for a user or a role, not \(principal)")
            }
            let matches = world.trail.filter { e in e.name == event && e.errorCode == nil && made(e.identity.arn) }
            let what = "\(event) by \(principal)\(mfa ? " with MFA" : "")"
            if let hit = matches.first(where: { !mfa || $0.identity.mfaAuthenticated == true }) {
                return (true, "the trail shows \(what) (\(hit.identity.arn), at \(SimulatedClock.iso8601(hit.time)))")
            }
            return (false, matches.isEmpty ? "the trail shows no successful \(what) yet" : "the trail shows \(event) by \(principal), but without MFA")
        }
    }

    static func exists(_ spec: String, in world: World) -> Bool {
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let a = world.account(world.homeAccount) else { return false }
        switch parts[0] {
        case "user": return a.user(parts[1]) != nil
        case "group": return a.group(parts[1]) != nil
        case "role": return a.role(parts[1]) != nil
        case "bucket": return world.buckets.contains { $0.name == parts[1] }
        case "bucket-policy": return world.buckets.contains { $0.name == parts[1] && $0.policy != nil }
        case "instance-profile": return a.instanceProfileIndex(parts[1]) != nil
        case "policy": return a.policies.contains { $0.name == parts[1] }
        default: return false
        }
    }

    static func decide(_ ability: Ability, in world: World) -> (Bool, String) {
        let (allowed, detail, _) = decision(ability, in: world)
        return (allowed, detail)
    }

    /// The resources a goal's request is asked on: `*` for an action with resource-level
    /// permissions means every real resource of its kind (or, when there is none yet, one that
    /// would be made), so a design scoped to the account's real resources passes; `cannot` asks
    /// `*` as well.
    static func targets(_ ability: Ability, expected: Bool, in world: World) -> [String] {
        guard ability.resource == "*", let kind = ActionCatalog.action(ability.action)?.resource, kind != .none else { return [ability.resource] }
        let account = ability.via?.account ?? ability.principal.account ?? world.homeAccount
        let (real, other) = world.resources(of: kind, account: account)
        let sample = real.isEmpty ? [other] : real
        return expected ? sample : ["*"] + real + [other]
    }

    /// Decides an ability on each of its targets: for `can`, all must be allowed; for `cannot`,
    /// none may be. Returns the first decision that settles it.
    static func decision(_ ability: Ability, expected: Bool, in world: World) -> (allowed: Bool, detail: String, record: DecisionRecord?) {
        var last: (allowed: Bool, detail: String, record: DecisionRecord?) = (false, "", nil)
        for target in targets(ability, expected: expected, in: world) {
            var one = ability
            one.resource = target
            last = decision(one, in: world)
            if last.allowed != expected {
                if target != ability.resource { last.detail += " (on \(target))" }
                return last
            }
            if !expected, let lingering = lingeringSession(one, in: world) { return lingering }
        }
        return last
    }

    /// For `cannot … via ROLE from: T`: a session assumed before T, as long as the role lets it
    /// last (`--duration-seconds` up to its MaxSessionDuration), is still open at T — a cut-off
    /// in the trust policy ends new sessions, not the ones already given out.
    static func lingeringSession(_ ability: Ability, in original: World) -> (allowed: Bool, detail: String, record: DecisionRecord?)? {
        guard ability.from > 0, let via = ability.via, let name = via.roleName,
            let maximum = original.account(via.account ?? original.homeAccount)?.role(name)?.maxSessionDuration
        else { return nil }
        for lead in Set([60, 3600, maximum - 60]).sorted() where lead > 0 && lead < ability.from && lead < maximum {
            var world = original
            world.clock.advance(by: ability.from - lead)
            guard let actor = world.actor(for: ability.principal) else { return nil }
            let (session, _) = world.assume(actor, role: via, mfa: ability.mfa, externalId: ability.externalId, duration: maximum)
            guard let session else { continue }
            world.clock.advance(by: lead)
            let r = world.decisionRecord(session, world.access(ability.action, on: ability.resource))
            if r.decision.decision == .allowed {
                return (
                    true,
                    "a session assumed \(SimulatedClock.describe(seconds: lead)) earlier, lasting the role's maximum of \(SimulatedClock.describe(seconds: maximum)), is still open then: the engine says allowed \(r.decision.reason.phrase(action: ability.action))",
                    r
                )
            }
        }
        return nil
    }

    /// Decides an ability: the principal (after assuming the role, if any) asks for the action,
    /// `after` seconds from now. A role session assumed now has expired after its hour.
    static func decision(_ ability: Ability, in original: World) -> (allowed: Bool, detail: String, record: DecisionRecord?) {
        var world = original
        world.clock.advance(by: ability.from)
        if case .provider(let provider) = ability.principal {
            guard let via = ability.via else { return (false, "\(ability.principal) acts only through a role (`via:`)", nil) }
            let (session, record) = world.assumeFederated(provider, role: via, claims: ability.claims)
            guard let session else {
                return (
                    false,
                    record.map { "\(ability.principal) cannot assume \(via): \($0.decision.reason.phrase(action: $0.request.action))" }
                        ?? "there is no \(via), or no provider \(ability.principal) in its account", record
                )
            }
            world.clock.advance(by: ability.after)
            if ability.after >= 3600 { return (false, "the session from assuming \(via) expired after 1h (ExpiredToken): a new sign-in is needed", nil) }
            let r = world.decisionRecord(session, world.access(ability.action, on: ability.resource))
            return (r.decision.decision == .allowed, "the engine says \(r.decision.decision.rawValue) \(r.decision.reason.phrase(action: ability.action))", r)
        }
        if case .session(let role) = ability.principal {
            // The newest session of the role actually opened in the world: it lives until it
            // expires, whatever happens to the trust policy meanwhile.
            guard let actor = world.openSession(ofRole: role), let s = actor.session else {
                return (false, "nobody has opened a session of \(role) yet", nil)
            }
            world.clock.advance(by: ability.after)
            guard world.clock.now < s.expiration else {
                return (false, "the session expired at \(SimulatedClock.iso8601(s.expiration)) (ExpiredToken)", nil)
            }
            let r = world.decisionRecord(actor, world.access(ability.action, on: ability.resource))
            return (r.decision.decision == .allowed, "the engine says \(r.decision.decision.rawValue) \(r.decision.reason.phrase(action: ability.action))", r)
        }
        guard var actor = world.actor(for: ability.principal) else { return (false, "\(ability.principal) does not exist", nil) }
        if let via = ability.via {
            let (session, decision) = world.assume(actor, role: via, mfa: ability.mfa, externalId: ability.externalId)
            guard let session else {
                let record = decision.map {
                    DecisionRecord(
                        request: AuthorizationRequest(caller: actor.caller(in: world), action: "sts:AssumeRole", resource: via.description), decision: $0)
                }
                return (
                    false, decision.map { "\(ability.principal) cannot assume \(via): \($0.reason.phrase(action: "sts:AssumeRole"))" } ?? "there is no \(via)",
                    record
                )
            }
            actor = session
            if ability.after >= 3600 {
                return (false, "the session from assuming \(via) expired after 1h (ExpiredToken): a new assume-role is needed", nil)
            }
        }
        if ability.via == nil, ability.mfa {
            // MFA needs a device: a user without an enabled one has no sign-in that carries it.
            if case .user(let acct, let name) = actor.kind, !(world.account(acct)?.user(name)?.mfaDevices.contains(where: \.enabled) ?? false) {
                return (false, "\(ability.principal) has no MFA device enabled, so no sign-in of theirs carries MFA", nil)
            }
            if let withMFA = world.sessionTokenActor(for: actor) { actor = withMFA }
        }
        if let ip = ability.sourceIp { actor.profile.sourceIp = ip }
        world.clock.advance(by: ability.after)
        let record = world.decisionRecord(actor, world.access(ability.action, on: ability.resource))
        return (
            record.decision.decision == .allowed,
            "the engine says \(record.decision.decision.rawValue) \(record.decision.reason.phrase(action: ability.action))", record
        )
    }

    /// Words for the goal, for `check` and lint.
    public var summary: String {
        switch self {
        case .can(let a, let expected):
            "\(a.from > 0 ? "\(SimulatedClock.describe(seconds: a.from)) from now, " : "")\(a.principal)\(a.via.map { " via \($0)" } ?? "")\(a.mfa ? " with MFA" : "") \(expected ? "can" : "cannot") \(a.action) on \(a.resource)\(a.after > 0 ? " after \(SimulatedClock.describe(seconds: a.after))" : "")"
        case .noAccessKeys(let u): "\(u) has no access keys"
        case .accessKeys(let u, let c, let w): "\(u) has \(c) access key(s)" + (w.isEmpty ? "" : ", not \(w.joined(separator: ", "))")
        case .member(let u, let g, let e): "\(u) is \(e ? "" : "not ")in \(g)"
        case .onlyTrusted(let r, let p): "only \(p.map(\.description).joined(separator: ", ")) may assume \(r)"
        case .maxSession(let r, let s): "\(r) sessions last at most \(SimulatedClock.describe(seconds: s))"
        case .noUserPolicies(let u): "\(u.joined(separator: ", ")) have no policies of their own"
        case .exists(let s, let e): "\(s) \(e ? "exists" : "does not exist")"
        case .instanceWithRole(let r): "a running instance carries \(r)"
        case .did(let p, let e, let m): "the trail shows \(e) by \(p)\(m ? " with MFA" : "")"
        case .sharedManaged(let entities): "one customer managed policy attached to \(entities.map(\.description).joined(separator: ", "))"
        case .groupsOf(let u, let g): "\(u) is in exactly \(g.joined(separator: ", "))"
        case .refused(let e, let error): "you tried \(e) and AWS refused it (\(error))"
        case .passwordPolicy(let r): "the password policy asks \(r.summary)"
        case .loginProfile(let u, let reset):
            "\(u) has a console password" + (reset == true ? " to change at the first sign-in" : reset == false ? " (no change required)" : "")
        case .mfaDevice(let u): "\(u) has an MFA device"
        }
    }
}
