import Policy
import World

/// The shape a task asks for, drawn from its goals: who may assume which role and with which
/// conditions, who must not, what each role (or workload) may do, and which instance carries a
/// role — then held against the world, each part as the engine decides it.
public struct GoalShape: Sendable {
    /// Someone meant to assume a role, and what the trust must ask of them.
    public struct Edge: Sendable, Equatable {
        /// As the goal writes it: `user/dana`, `saml/CorpIdP`, `service/ec2.amazonaws.com`, an ARN.
        public var principal: PrincipalSpec
        /// `role/NAME` or a role ARN.
        public var role: PrincipalSpec
        public var mfa = false
        public var externalId: String?
        public var claims: [String: String] = [:]
        public var sourceIp: String?
        /// Seconds from now at which the principal comes (a trust that starts or ends by itself).
        public var from = 0
    }

    /// What a role, a user or a workload may (or may not) do.
    public struct Permission: Sendable {
        public var goal: Goal
        public var subject: PrincipalSpec
        public var action: String
        public var resource: String
        public var allowed: Bool
        /// How the request is made, when it matters: ` with MFA`, ` from 198.51.100.7`, ` 2h later`.
        public var qualifier = ""

        init(goal: Goal, subject: PrincipalSpec, ability a: Goal.Ability, allowed: Bool, direct: Bool) {
            self.goal = goal
            self.subject = subject
            action = a.action
            resource = a.resource
            self.allowed = allowed
            var q = ""
            if direct && a.mfa { q += " with MFA" }
            if let ip = a.sourceIp { q += " from \(ip)" }
            if a.from > 0 { q += ", \(SimulatedClock.describe(seconds: a.from)) from now" }
            if a.after > 0 { q += ", \(SimulatedClock.describe(seconds: a.after)) later" }
            qualifier = q
        }

        /// `may do ACTION on RESOURCE` (or `may not`), with how.
        var phrase: String { "\(allowed ? "may" : "may not") do \(action) on \(resource)\(qualifier)" }

        func same(_ o: Permission) -> Bool {
            subject.description.lowercased() == o.subject.description.lowercased() && action == o.action && resource == o.resource && allowed == o.allowed
                && qualifier == o.qualifier
        }
    }

    /// One part of the shape, held against the world.
    public struct Status: Sendable, Equatable {
        public enum Mark: Sendable, Equatable { case met, missing, extra }
        public var mark: Mark
        public var text: String
        /// Which part of the shape (or which trust entry beyond it) this is, the same from one
        /// world to the next.
        public var key: String
    }

    public var edges: [Edge] = []
    /// Someone who must not get in (as the goal asks: without MFA unless it says otherwise).
    public var forbidden: [Edge] = []
    /// Roles that only their edges (and `trusted:`) may assume.
    public var exclusive: [PrincipalSpec] = []
    public var permissions: [Permission] = []
    /// Roles a running instance must carry.
    public var carriers: [String] = []
    /// Who else is meant to get in (`trusted:`), beyond the edges.
    public var trusted: [PrincipalSpec] = []
    /// Goals about the world itself (who is in which group, the password policy, what the trail
    /// shows…): drawn as sentences, held against the world as the goal says.
    public var facts: [Goal] = []

    public init(_ task: Task) {
        trusted = task.trusted
        func edgeIndex(_ principal: PrincipalSpec, _ role: PrincipalSpec, claims: [String: String] = [:]) -> Int {
            if let i = edges.firstIndex(where: { $0.principal == principal && Self.sameRole($0.role, role) && $0.claims == claims }) { return i }
            edges.append(Edge(principal: principal, role: role, claims: claims))
            return edges.count - 1
        }
        func permit(_ p: Permission) {
            if !permissions.contains(where: { $0.same(p) }) { permissions.append(p) }
        }
        // Who the goals let in, first: a `cannot` through a role is then about the role's
        // permissions when its principal is let in, and about keeping the principal out otherwise.
        for goal in task.goals {
            guard case .can(let a, true) = goal, let via = a.via else { continue }
            let i = edgeIndex(a.principal, via, claims: a.claims)
            edges[i].mfa = edges[i].mfa || a.mfa
            edges[i].externalId = a.externalId ?? edges[i].externalId
            edges[i].sourceIp = a.sourceIp ?? edges[i].sourceIp
            edges[i].from = max(edges[i].from, a.from)
        }
        let admitted = edges
        for goal in task.goals {
            switch goal {
            case .can(let a, let expected):
                guard let via = a.via else {
                    permit(Permission(goal: goal, subject: a.principal, ability: a, allowed: expected, direct: true))
                    continue
                }
                let edge =
                    admitted.first { $0.principal == a.principal && Self.sameRole($0.role, via) && $0.claims == a.claims }
                    ?? admitted.first { $0.principal == a.principal && Self.sameRole($0.role, via) }
                if expected {
                    permit(Permission(goal: goal, subject: via, ability: a, allowed: true, direct: false))
                } else if a.after > 0 {
                    // A session that has expired by then: the clock's doing, not the shape's.
                    continue
                } else if let edge {
                    if a.from != edge.from {
                        // Later (or earlier) than the edge's time: a trust that ends by itself keeps them out then.
                        var later = Edge(principal: a.principal, role: via, mfa: a.mfa, externalId: a.externalId, claims: a.claims)
                        later.from = a.from
                        forbidden.append(later)
                    } else if a.mfaWritten && !a.mfa {
                        // Not without MFA: the edge asks for MFA (its status checks both ways).
                        edges[edgeIndex(a.principal, via, claims: edge.claims)].mfa = true
                    } else if edge.externalId != nil && a.externalId != edge.externalId {
                        // Not without the ExternalId: the edge's status checks that too.
                    } else if a.claims != edge.claims {
                        // The same provider with other claims must stay out.
                        forbidden.append(Edge(principal: a.principal, role: via, mfa: a.mfa, externalId: a.externalId, claims: a.claims))
                    } else {
                        permit(Permission(goal: goal, subject: via, ability: a, allowed: false, direct: false))
                    }
                } else {
                    var out = Edge(principal: a.principal, role: via, mfa: a.mfa, externalId: a.externalId, claims: a.claims)
                    out.from = a.from
                    forbidden.append(out)
                }
            case .onlyTrusted(let role, let principals):
                for p in principals { _ = edgeIndex(p, .role(role)) }
            case .instanceWithRole(let role):
                _ = edgeIndex(.service("ec2.amazonaws.com"), .role(role))
                carriers.append(role)
            default:
                facts.append(goal)
            }
        }
        // Every role the shape draws is meant for its edges (and `trusted:`) alone: the attacks try everyone else.
        for edge in edges where !exclusive.contains(where: { Self.sameRole($0, edge.role) }) { exclusive.append(edge.role) }
    }

    /// Whether the task asks anything of roles, trust or permissions (else `goal` has nothing to draw).
    public var isEmpty: Bool { edges.isEmpty && forbidden.isEmpty && permissions.isEmpty && carriers.isEmpty && facts.isEmpty }

    static func sameRole(_ a: PrincipalSpec, _ b: PrincipalSpec) -> Bool { a.sameRole(b) }

    /// `user dana`, `role Admin`, `service ec2.amazonaws.com`, `identity provider CorpIdP`, `account 999988887777`.
    public static func label(_ spec: PrincipalSpec) -> String {
        switch spec {
        case .root: "the account's root user"
        case .anyone: "anyone"
        case .arn(.root, let account, _): "account \(account)"
        case .arn(let local, let account, _): "\(label(local)) (account \(account))"
        case .user(let name): "user \(name)"
        case .role(let name): "role \(name)"
        case .group(let name): "group \(name)"
        case .function(let name): "function \(name)"
        case .account(let id): "account \(id)"
        case .service(let host): "service \(host)"
        case .provider(let p): "identity provider \(p.name)"
        case .instance(let id): id == "*" ? "an EC2 instance" : "instance \(id)"
        case .session(let role): "the open session of role \(role)"
        }
    }

    /// A principal a trust policy names, in words: as `label` for those a lesson could name,
    /// else by its ARN's kind and name (`assumed-role Deployer`).
    static func label(trustEntry id: String) -> String {
        if let spec = PrincipalSpec(id) { return label(spec) }
        guard id.hasPrefix("arn:"), let arn = ARN(id) else { return id }
        let kind = arn.resource.split(separator: "/").first.map(String.init) ?? ""
        return "\(kind) \(arn.resourceName)\(arn.service == "iam" ? " (account \(arn.account))" : "")"
    }

    /// The conditions of an edge in a few words: `(with MFA, with ExternalId X)`.
    public static func conditions(_ e: Edge) -> String {
        var words: [String] = []
        if e.mfa { words.append("with MFA") }
        if let id = e.externalId { words.append("with ExternalId \(id)") }
        for (k, v) in e.claims.sorted(by: { $0.key < $1.key }) { words.append("\(k) = \(v)") }
        if let ip = e.sourceIp { words.append("from \(ip)") }
        if e.from > 0 { words.append("\(SimulatedClock.describe(seconds: e.from)) from now") }
        return words.isEmpty ? "" : " (" + words.joined(separator: ", ") + ")"
    }

    /// The shape drawn: each role with who may assume it and what it may do, then the rest.
    public func drawing(arrow: String) -> [String] {
        var lines: [String] = []
        var roles: [PrincipalSpec] = []
        for r in edges.map(\.role) + forbidden.map(\.role) + permissions.filter(\.subject.isRole).map(\.subject)
        where !roles.contains(where: { Self.sameRole($0, r) }) {
            roles.append(r)
        }
        for role in roles {
            lines.append("  \(Self.roleLabel(role))")
            for e in edges where Self.sameRole(e.role, role) {
                lines.append("      assumable by \(Self.label(e.principal))\(Self.conditions(e))")
            }
            for f in forbidden where Self.sameRole(f.role, role) { lines.append("      not by \(Self.label(f.principal))\(Self.conditions(f))") }
            if exclusive.contains(where: { Self.sameRole($0, role) }) {
                let others = trusted.filter { t in !edges.contains { $0.principal == t } }
                lines.append("      by nobody else" + (others.isEmpty ? "" : " (but \(others.map(Self.label).joined(separator: ", ")))"))
            }
            for p in permissions where Self.sameRole(p.subject, role) && Self.isRole(p.subject) { lines.append("      \(p.phrase)") }
        }
        for role in carriers { lines.append("  a running EC2 instance\n      acts as \(arrow) role \(role)") }
        var subjects: [PrincipalSpec] = []
        for p in permissions where !Self.isRole(p.subject) && !subjects.contains(where: { $0.description.lowercased() == p.subject.description.lowercased() }) {
            subjects.append(p.subject)
        }
        for subject in subjects {
            lines.append("  \(Self.label(subject))")
            for p in permissions where p.subject.description.lowercased() == subject.description.lowercased() { lines.append("      \(p.phrase)") }
        }
        if !facts.isEmpty {
            lines.append("  in the world")
            for goal in facts { lines.append("      \(goal.summary)") }
        }
        return lines
    }

    /// `role Deployer`, or `role Deployer (account 444455556666)` for a role of another account.
    static func roleLabel(_ spec: PrincipalSpec) -> String { label(spec) }

    static func isRole(_ spec: PrincipalSpec) -> Bool { spec.isRole }

    /// Each part of the shape held against the world: met, missing, or there but not asked for.
    public func status(in world: World, arrow: String) -> [Status] {
        var out: [Status] = []
        for e in edges {
            let key = "edge \(e.principal) \(e.role) \(e.claims.sorted { $0.key < $1.key })"
            let what = "\(Self.label(e.principal)) \(arrow) \(Self.roleLabel(e.role))"
            if Self.enters(e, in: world) {
                var without = e
                without.mfa = false
                if e.mfa && Self.enters(without, in: world) {
                    out.append(Status(mark: .extra, text: "\(what) without MFA too", key: key))
                } else if e.externalId != nil, Self.enters(Edge(principal: e.principal, role: e.role, mfa: e.mfa), in: world) {
                    out.append(Status(mark: .extra, text: "\(what) without the ExternalId too", key: key))
                } else {
                    out.append(Status(mark: .met, text: what + Self.conditions(e), key: key))
                }
            } else {
                out.append(Status(mark: .missing, text: what + Self.conditions(e), key: key))
            }
        }
        for f in forbidden {
            let what = "\(Self.label(f.principal)) \(arrow) \(Self.roleLabel(f.role))"
            let kept = !Self.enters(f, in: world)
            out.append(Status(mark: kept ? .met : .extra, text: kept ? "\(what) refused, as asked" : what, key: "not \(f.principal) \(f.role) \(f.from)"))
        }
        for role in exclusive {
            for entry in Self.trustEntries(of: role, in: world) where !covers(entry.id, role: role, in: world) {
                out.append(Status(mark: .extra, text: "\(entry.label) \(arrow) \(Self.roleLabel(role))", key: "trust \(entry.id) \(role)"))
            }
        }
        for (n, p) in permissions.enumerated() {
            let key = "permission \(n)"
            let r = p.goal.evaluate(in: world)
            let who = Self.label(p.subject)
            if r.holds {
                out.append(Status(mark: .met, text: "\(who) \(p.phrase)", key: key))
            } else if p.allowed {
                out.append(Status(mark: .missing, text: "\(who) \(p.phrase)", key: key))
            } else {
                var allowed = p
                allowed.allowed = true
                out.append(Status(mark: .extra, text: "\(who) \(allowed.phrase) (it must not)", key: key))
            }
        }
        for role in carriers {
            let r = Goal.instanceWithRole(role).evaluate(in: world)
            out.append(Status(mark: r.holds ? .met : .missing, text: "a running EC2 instance \(arrow) role \(role)", key: "carrier \(role)"))
        }
        for (n, goal) in facts.enumerated() {
            let r = goal.evaluate(in: world)
            out.append(Status(mark: r.holds ? .met : .missing, text: r.holds ? goal.summary : r.finding, key: "fact \(n)"))
        }
        return out
    }

    /// Whether the edge's principal gets into its role, as the engine decides it.
    static func enters(_ e: Edge, in original: World) -> Bool {
        var world = original
        world.clock.advance(by: e.from)
        let account = e.role.account ?? world.homeAccount
        switch e.principal {
        case .service(let host):
            return e.role.roleName.map { world.serviceMayAssume(host, role: $0, account: account) } ?? false
        case .instance:
            return e.role.roleName.map { world.serviceMayAssume("ec2.amazonaws.com", role: $0, account: account) } ?? false
        case .provider(let provider):
            return world.assumeFederated(provider, role: e.role, claims: e.claims).0 != nil
        case .root, .anyone, .user, .role, .group, .session, .function, .account, .arn:
            break
        }
        guard var actor = world.actor(for: e.principal) else { return false }
        if let ip = e.sourceIp { actor.profile.sourceIp = ip }
        return world.assume(actor, role: e.role, mfa: e.mfa, externalId: e.externalId).0 != nil
    }

    /// The principals a role's trust policy names (account roots, users and roles, services,
    /// identity providers, anyone), as ids and labels.
    static func trustEntries(of roleSpec: PrincipalSpec, in world: World) -> [(id: String, label: String)] {
        let acct = roleSpec.account ?? world.homeAccount
        guard let name = roleSpec.roleName, let role = world.account(acct)?.role(name), let doc = try? PolicyDocument.parse(role.trustPolicy, kind: .trust)
        else {
            return []
        }
        var out: [(String, String)] = []
        for s in doc.statements where s.effect == .allow {
            guard case .principal(let set)? = s.principal else { continue }
            if set.everyone { out.append(("*", "anyone")) }
            for entry in set.aws {
                let id = entry.count == 12 && entry.allSatisfy(\.isNumber) ? "arn:aws:iam::\(entry):root" : entry
                out.append((id, label(trustEntry: id)))
            }
            for svc in set.service { out.append(("service/\(svc)", "service \(svc)")) }
            for fed in set.federated { out.append((fed, "identity provider \(fed.split(separator: "/").last ?? "")")) }
        }
        return out
    }

    /// Whether a trust entry is one the shape asks for (an edge's principal, the account of one of
    /// them, or one `trusted:` names).
    func covers(_ id: String, role: PrincipalSpec, in world: World) -> Bool {
        func normalized(_ spec: PrincipalSpec) -> [String] {
            let home = world.account(world.homeAccount)
            switch spec {
            case .arn(_, _, let written): return [written.lowercased()]
            case .root: return ["arn:aws:iam::\(world.homeAccount):root"]
            case .user(let name): return [(home?.user(name)?.arn(world.homeAccount) ?? "arn:aws:iam::\(world.homeAccount):user/\(name)").lowercased()]
            case .role(let name): return [(home?.role(name)?.arn(world.homeAccount) ?? "arn:aws:iam::\(world.homeAccount):role/\(name)").lowercased()]
            case .account(let id): return ["arn:aws:iam::\(id):root"]
            case .service(let host): return ["service/\(host)".lowercased()]
            case .instance: return ["service/ec2.amazonaws.com"]
            case .provider(let p): return [p.arn(world.homeAccount).lowercased()]
            case .anyone, .group, .session, .function: return [spec.description.lowercased()]
            }
        }
        let wanted = Set(edges.filter { Self.sameRole($0.role, role) }.flatMap { normalized($0.principal) } + trusted.flatMap(normalized))
        if wanted.contains(id.lowercased()) { return true }
        // An account root stands for the account's principals: asked for when one of them is an edge
        // (their own policies then decide, and the engine's check above says whether they get in).
        if id.hasSuffix(":root"), let account = ARN(id)?.account {
            return wanted.contains { $0.hasPrefix("arn:aws:iam::\(account):") }
        }
        return false
    }
}
