import Policy
import World

/// The world as a diagram: people → groups → policies, principals —may assume→ roles,
/// workloads → roles. Rendered as text, as prose (for screen readers), as DOT or as Mermaid.
struct WorldGraph {
    enum Kind: String { case user, group, role, policy, workload, principal }
    struct Node: Hashable {
        var id: String
        var label: String
        var kind: Kind
    }
    struct Edge: Hashable {
        var from: String
        var to: String
        var label: String
    }

    var nodes: [Node] = []
    var edges: [Edge] = []
    private var labels: [String: String] = [:]
    private var outgoing: [String: [Edge]] = [:]
    private var incoming: [String: [Edge]] = [:]
    /// The open sessions of each role (its id): a name and when it ends.
    private var openSessions: [String: [String]] = [:]

    init(_ world: World) {
        var seen: Set<String> = []
        func add(_ id: String, _ label: String, _ kind: Kind) {
            if seen.insert(id).inserted { nodes.append(Node(id: id, label: label, kind: kind)) }
        }
        func policies(_ owner: String, _ inline: [InlinePolicy], _ attached: [String]) {
            for p in inline {
                add("\(owner)/inline/\(p.name)", "\(p.name) (inline)", .policy)
                edges.append(Edge(from: owner, to: "\(owner)/inline/\(p.name)", label: "has"))
            }
            for arn in attached {
                add(arn, String(arn.split(separator: "/").last ?? ""), .policy)
                edges.append(Edge(from: owner, to: arn, label: "has"))
            }
        }
        for a in world.accounts {
            for u in a.users {
                let id = u.arn(a.id)
                add(id, "user \(u.name)", .user)
                policies(id, u.inlinePolicies, u.attachedPolicies)
            }
            for g in a.groups {
                let id = g.arn(a.id)
                add(id, "group \(g.name)", .group)
                for m in g.members { edges.append(Edge(from: "arn:aws:iam::\(a.id):user\(a.user(m)?.path ?? "/")\(m)", to: id, label: "member of")) }
                policies(id, g.inlinePolicies, g.attachedPolicies)
            }
            for r in a.roles {
                let id = r.arn(a.id)
                add(id, "role \(r.name)", .role)
                policies(id, r.inlinePolicies, r.attachedPolicies)
                for who in Self.trustedPrincipals(r, account: a.id) {
                    if !seen.contains(who.id) { add(who.id, who.label, .principal) }
                    edges.append(Edge(from: who.id, to: id, label: who.conditions.isEmpty ? "may assume" : "may assume \(who.conditions)"))
                }
                // Open sessions, with when they end: editing the trust does not end them.
                for s in world.sessions where s.expiration > world.clock.now {
                    guard case .role(let acct, let roleName, let sessionName) = s.kind, acct == a.id, roleName == r.name else { continue }
                    openSessions[id, default: []].append("\(sessionName) (until \(SimulatedClock.iso8601(s.expiration)))")
                }
            }
        }
        for i in world.instances where i.state != .terminated {
            add(i.arn, "instance \(i.id)", .workload)
            if let p = i.instanceProfile, let a = world.account(i.account), let role = a.instanceProfiles.first(where: { $0.name == p })?.role,
                let r = a.role(role)
            {
                edges.append(Edge(from: i.arn, to: r.arn(a.id), label: "acts as"))
            }
        }
        for f in world.functions {
            add(f.arn, "function \(f.name)", .workload)
            edges.append(Edge(from: f.arn, to: f.role, label: "acts as"))
        }
        for n in nodes { labels[n.id] = n.label }
        for e in edges {
            outgoing[e.from, default: []].append(e)
            incoming[e.to, default: []].append(e)
        }
    }

    static func trustedPrincipals(_ role: Role, account: String) -> [(id: String, label: String, conditions: String)] {
        guard let doc = try? PolicyDocument.parse(role.trustPolicy, kind: .trust) else { return [] }
        var out: [(String, String, String)] = []
        for s in doc.statements where s.effect == .allow {
            guard case .principal(let set)? = s.principal else { continue }
            let when = conditions(s.conditions)
            if set.everyone { out.append(("*", "anyone", when)) }
            for entry in set.aws {
                if entry.count == 12, entry.allSatisfy(\.isNumber) {
                    out.append(("arn:aws:iam::\(entry):root", "account \(entry)", when))
                } else if entry.hasSuffix(":root") {
                    out.append((entry, "account \(entry.split(separator: ":")[4])", when))
                } else {
                    out.append((entry, Views.shortPrincipal(entry).replacingAll("/", with: " "), when))
                }
            }
            for svc in set.service { out.append((svc, "service \(svc)", when)) }
            for fed in set.federated { out.append((fed, "identity provider \(fed.split(separator: "/").last ?? "")", when)) }
        }
        return out
    }

    /// A trust statement's conditions in a few words: `(with MFA, until 2026-01-01T20:00:00Z)`.
    static func conditions(_ clauses: [ConditionClause]) -> String {
        let words: [String] = clauses.map { c in
            let key = c.key.lowercased()
            switch key {
            case "aws:multifactorauthpresent": return "with MFA"
            case "aws:multifactorauthage": return "with recent MFA"
            case "sts:externalid": return "with ExternalId"
            case "aws:sourceip": return "from \(c.values.joined(separator: ", "))"
            case "aws:currenttime", "aws:epochtime":
                let op = "\(c.op)".lowercased()
                return (op.contains("less") ? "until " : op.contains("greater") ? "from " : "at ") + c.values.joined(separator: ", ")
            case "sts:rolesessionname": return "session named \(c.values.joined(separator: ", "))"
            default: return "if \(c.key)"
            }
        }
        return words.isEmpty ? "" : "(" + words.joined(separator: ", ") + ")"
    }

    func label(_ id: String) -> String { labels[id] ?? id }

    /// Boxes and arrows in plain text.
    func text(style: Style) -> String {
        guard !nodes.isEmpty else { return "The world is empty: create a user, a group or a role." }
        let arrow = style.plain ? "-->" : "──▶"
        var lines: [String] = []
        for kind in [Kind.user, .group, .role, .workload] {
            let ofKind = nodes.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            lines.append(style.bold(["user": "people (users)", "group": "groups", "role": "roles", "workload": "workloads"][kind.rawValue]!))
            for n in ofKind {
                let out = outgoing[n.id] ?? []
                let incoming = (self.incoming[n.id] ?? []).filter { $0.label.hasPrefix("may assume") }
                var parts: [String] = []
                for label in ["member of", "acts as", "has"] {
                    let targets = out.filter { $0.label == label }.map { self.label($0.to).replacingAll(" (inline)", with: "*") }
                    if !targets.isEmpty { parts.append("\(label == "has" ? "policies" : label) \(arrow) \(targets.joined(separator: ", "))") }
                }
                if !incoming.isEmpty {
                    parts.append("assumable by \(incoming.map { self.label($0.from) + $0.label.dropFirst("may assume".count) }.joined(separator: ", "))")
                }
                if let open = openSessions[n.id] { parts.append("open sessions: \(open.joined(separator: ", "))") }
                lines.append("  \(n.label)")
                // Each relation wraps to the width under itself: a projector's zoomed font splits no word.
                lines += parts.map { style.wrap("      " + $0, indent: "          ") }
            }
        }
        if nodes.contains(where: { $0.kind == .policy && $0.label.hasSuffix("(inline)") }) { lines.append(style.dim("  * inline policy")) }
        return lines.joined(separator: "\n")
    }

    /// The same as sentences, for screen readers.
    func prose() -> String {
        guard !nodes.isEmpty else { return "The world is empty." }
        var sentences: [String] = []
        for n in nodes where n.kind != .policy && n.kind != .principal {
            let out = outgoing[n.id] ?? []
            var s = "\(n.label.capitalizedFirst)"
            var clauses: [String] = []
            let groups = out.filter { $0.label == "member of" }.map { label($0.to) }
            if !groups.isEmpty { clauses.append("is a member of \(groups.joined(separator: " and "))") }
            let roles = out.filter { $0.label == "acts as" }.map { label($0.to) }
            if !roles.isEmpty { clauses.append("acts as \(roles.joined(separator: " and "))") }
            let pols = out.filter { $0.label == "has" }.map { label($0.to) }
            clauses.append(pols.isEmpty ? "has no policies of its own" : "has the policies \(pols.joined(separator: ", "))")
            let assumers = (incoming[n.id] ?? []).filter { $0.label.hasPrefix("may assume") }.map { label($0.from) + $0.label.dropFirst("may assume".count) }
            if !assumers.isEmpty { clauses.append("may be assumed by \(assumers.joined(separator: ", "))") }
            if let open = openSessions[n.id] { clauses.append("has open sessions \(open.joined(separator: ", "))") }
            s += " " + clauses.joined(separator: ", ") + "."
            sentences.append(s)
        }
        return sentences.joined(separator: "\n")
    }

    static func quoteDOT(_ s: String) -> String { "\"" + s.replacingAll("\"", with: "\\\"") + "\"" }

    func dot() -> String {
        var lines = ["digraph iam {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        let shapes: [Kind: String] = [.user: "ellipse", .group: "box3d", .role: "hexagon", .policy: "note", .workload: "component", .principal: "ellipse"]
        for n in nodes { lines.append("  \(Self.quoteDOT(n.id)) [label=\(Self.quoteDOT(n.label)), shape=\(shapes[n.kind]!)];") }
        for e in edges { lines.append("  \(Self.quoteDOT(e.from)) -> \(Self.quoteDOT(e.to)) [label=\(Self.quoteDOT(e.label))];") }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    func mermaid() -> String {
        var ids: [String: String] = [:]
        for (i, n) in nodes.enumerated() { ids[n.id] = "n\(i)" }
        var lines = ["flowchart LR"]
        for n in nodes {
            let text = n.label.replacingAll("\"", with: "'")
            switch n.kind {
            case .role: lines.append("  \(ids[n.id]!){{\"\(text)\"}}")
            case .group: lines.append("  \(ids[n.id]!)[[\"\(text)\"]]")
            case .policy: lines.append("  \(ids[n.id]!)[/\"\(text)\"/]")
            default: lines.append("  \(ids[n.id]!)([\"\(text)\"])")
            }
        }
        for e in edges {
            guard let a = ids[e.from], let b = ids[e.to] else { continue }
            lines.append("  \(a) -- \(e.label) --> \(b)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
