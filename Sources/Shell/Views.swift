import Policy
import World

/// Text views of the world: `whoami`, `show …`, `why`. Pure functions of the world and a style.
enum Views {
    static func whoami(_ world: World, style: Style) -> String {
        var w = world
        let profile = w.currentProfile
        do {
            let actor = try w.actor(profile: profile, operation: "GetCallerIdentity")
            var lines = ["\(actor.arn(in: w))", "  profile \(profile), account \(actor.account)"]
            if let s = actor.session {
                let left = s.expiration - w.clock.now
                lines.append(
                    "  temporary credentials \(s.accessKeyId): expire at \(SimulatedClock.iso8601(s.expiration)) (in \(SimulatedClock.describe(seconds: left)))"
                )
                if let by = s.issuedBy { lines.append("  issued to \(by)") }
            } else if let key = actor.accessKeyId {
                lines.append("  long-term access key \(key): never expires")
            }
            return lines.joined(separator: "\n")
        } catch {
            return "profile \(profile): \(error.description)"
        }
    }

    static func table(_ rows: [[String]], header: [String], style: Style) -> String {
        guard !rows.isEmpty else { return style.dim("(none)") }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ")
                .trimmed(.trailing) { $0 == " " }
        }
        return ([style.bold(line(header))] + rows.map(line)).joined(separator: "\n")
    }

    static let showTopics = ["users", "groups", "roles", "policies", "sessions", "keys", "resources", "trail", "profiles"]

    static func show(_ topic: String, _ world: World, style: Style) -> String? {
        var out: [String] = []
        switch topic {
        case "users":
            for a in world.accounts {
                out.append("account \(a.id) (\(a.alias))")
                out.append(
                    table(
                        a.users.map { u in
                            [
                                u.name, a.groups(of: u.name).map(\.name).joined(separator: ","), policyNames(u.inlinePolicies, u.attachedPolicies),
                                "\(u.accessKeys.filter(\.active).count) active", u.mfaDevices.isEmpty ? "no" : "yes",
                            ]
                        }, header: ["USER", "GROUPS", "POLICIES", "KEYS", "MFA"], style: style))
            }
        case "groups":
            for a in world.accounts {
                out.append("account \(a.id) (\(a.alias))")
                out.append(
                    table(
                        a.groups.map { [$0.name, $0.members.joined(separator: ","), policyNames($0.inlinePolicies, $0.attachedPolicies)] },
                        header: ["GROUP", "MEMBERS", "POLICIES"], style: style))
            }
        case "roles":
            for a in world.accounts {
                out.append("account \(a.id) (\(a.alias))")
                out.append(
                    table(
                        a.roles.map {
                            [
                                $0.name, trusted($0).joined(separator: ","), policyNames($0.inlinePolicies, $0.attachedPolicies),
                                SimulatedClock.describe(seconds: $0.maxSessionDuration),
                            ]
                        },
                        header: ["ROLE", "TRUSTS", "POLICIES", "MAX SESSION"], style: style))
            }
        case "policies":
            for a in world.accounts {
                out.append("account \(a.id) (\(a.alias))")
                out.append(
                    table(
                        a.policies.map { [$0.name, $0.arn(a.id), $0.defaultVersion, String(world.attachmentCount($0.arn(a.id)))] },
                        header: ["POLICY", "ARN", "VERSION", "ATTACHED"], style: style))
            }
            out.append("AWS managed policies in use:")
            out.append(
                table(
                    AWSManagedPolicy.catalog.filter { world.attachmentCount($0.arn) > 0 }.map { [$0.name, $0.arn, String(world.attachmentCount($0.arn))] },
                    header: ["POLICY", "ARN", "ATTACHED"], style: style))
        case "sessions":
            out.append(
                table(
                    world.sessions.map { s in
                        let who: String
                        switch s.kind {
                        case .role(let a, let r, let n): who = "arn:aws:sts::\(a):assumed-role/\(r)/\(n)"
                        case .userToken(let a, let n): who = "arn:aws:iam::\(a):user/\(n) (session token)"
                        case .rootToken(let a): who = "arn:aws:iam::\(a):root (session token)"
                        case .federatedUser(let a, let n): who = "arn:aws:sts::\(a):federated-user/\(n)"
                        }
                        let left = s.expiration - world.clock.now
                        return [
                            s.accessKeyId, who, left > 0 ? "expires in \(SimulatedClock.describe(seconds: left))" : "expired",
                            s.mfaAuthenticated == nil ? "" : "MFA",
                        ]
                    }, header: ["KEY", "SESSION", "STATE", ""], style: style))
        case "keys":
            var rows: [[String]] = []
            for a in world.accounts {
                for u in a.users {
                    for k in u.accessKeys {
                        rows.append([k.id, "user/\(u.name)", k.active ? "Active" : "Inactive", "since \(SimulatedClock.iso8601(k.created))", "never expires"])
                    }
                }
            }
            for s in world.sessions where s.expiration > world.clock.now {
                rows.append([
                    s.accessKeyId, "session", "Active", "since \(SimulatedClock.iso8601(s.issued))", "expires \(SimulatedClock.iso8601(s.expiration))",
                ])
            }
            out.append(table(rows, header: ["ACCESS KEY", "OF", "STATUS", "CREATED", "EXPIRY"], style: style))
        case "resources":
            var rows: [[String]] = []
            for b in world.buckets { rows.append(["s3 bucket", b.name, b.account, "\(b.objects.count) objects" + (b.policy == nil ? "" : ", bucket policy")]) }
            for i in world.instances {
                rows.append(["ec2 instance", i.id, i.account, "\(i.state.rawValue), \(i.type)" + (i.instanceProfile.map { ", profile \($0)" } ?? "")])
            }
            for f in world.functions { rows.append(["lambda function", f.name, f.account, "role \(f.role.split(separator: "/").last ?? "")"]) }
            for t in world.tables { rows.append(["dynamodb table", t.name, t.account, "\(t.items.count) items"]) }
            out.append(table(rows, header: ["KIND", "NAME", "ACCOUNT", "DETAILS"], style: style))
        case "trail":
            out.append(
                table(
                    world.trail.suffix(30).map { e in
                        [SimulatedClock.iso8601(e.time), e.identity.type, e.identity.who, e.name, e.errorCode ?? "ok"]
                    }, header: ["TIME", "TYPE", "WHO", "CALL", "RESULT"], style: style))
        case "profiles":
            out.append(
                table(
                    world.profiles.map { p in
                        var cred: String
                        switch p.credential {
                        case .root(let a): cred = "root user of \(a)"
                        case .accessKey(let k, _): cred = k.hasPrefix("ASIA") ? "temporary key \(k)" : "access key \(k)"
                        case .instance(let id): cred = "EC2 instance \(id) (its role)"
                        case .function(_, let n): cred = "Lambda function \(n) (its role)"
                        }
                        if let role = p.settings["role_arn"] {
                            cred = "assumes \(role) with \(p.settings["source_profile"] ?? "no source_profile")"
                            if p.settings["mfa_serial"] != nil { cred += " (MFA)" }
                        } else if case .accessKey("", nil) = p.credential {
                            cred = "no credentials"
                        }
                        return [p.name == world.currentProfile ? "* \(p.name)" : "  \(p.name)", cred, p.sourceIp]
                    }, header: ["PROFILE", "SIGNS WITH", "SOURCE IP"], style: style))
        default:
            return nil
        }
        return out.joined(separator: "\n")
    }

    static func policyNames(_ inline: [InlinePolicy], _ attached: [String]) -> String {
        (inline.map { "\($0.name)(inline)" } + attached.map { String($0.split(separator: "/").last ?? "") }).joined(separator: ",")
    }

    /// Who a role's trust policy names in its Allow statements.
    static func trusted(_ role: Role) -> [String] {
        guard let doc = try? PolicyDocument.parse(role.trustPolicy, kind: .trust) else { return [] }
        var names: [String] = []
        for s in doc.statements where s.effect == .allow {
            if case .principal(let set)? = s.principal {
                if set.everyone { names.append("*") }
                names += set.aws.map { shortPrincipal($0) } + set.service + set.federated.map { String($0.split(separator: "/").last ?? "") }
            }
        }
        return names
    }

    static func shortPrincipal(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return arn }
        return parts[5] == "root" ? "account \(parts[4])" : String(parts[5])
    }

    /// `why`: the last decision, told for a person.
    static func why(_ record: DecisionRecord?, style: Style) -> String {
        guard let record else {
            return "No request has been decided yet. Run an aws command, then ask why."
        }
        return why(record, style: style)
    }

    /// `why` for one decision record (the last request's, or an attack's).
    static func why(_ record: DecisionRecord, style: Style) -> String {
        let d = record.decision
        let verdict = d.decision == .allowed ? style.green(style.yes) : style.red(style.no + " (\(d.decision.rawValue))")
        var lines = [verdict, d.explanation(for: record.request)]
        if record.request.action.lowercased().hasPrefix("sts:assumerole") {
            let trust = d.trace.filter { $0.statement.policyType == .trust }
            let named = trust.contains { $0.outcome == .matched && $0.statement.effect == .allow }
            lines.append("")
            lines.append(
                named
                    ? "The role's trust policy names the caller: that half is satisfied."
                    : "The role's trust policy does not let the caller in: it must name the caller (or its account, with the caller's own policy allowing sts:AssumeRole), and its conditions must hold."
            )
        }
        if case .noIdentityAllow = d.reason {
            lines.append("")
            lines.append("Default deny: nothing is allowed until a policy allows it.")
        }
        return lines.joined(separator: "\n")
    }
}

extension Views {
    /// `why` after a command that failed before any policy was read: what the error means.
    static func whyFailure(_ error: AWSError) -> String {
        let meaning: String
        guard let code = error.code else {
            return "The last command was refused by the CLI before it was sent (\(error.description)); no policy was evaluated."
        }
        switch code {
        case .expiredToken:
            meaning =
                "The credentials of this profile came from STS and have expired (`show sessions` lists them). Nothing was evaluated: AWS refuses expired credentials before reading any policy. Assume the role (or get a session token) again."
        case .invalidClientTokenId:
            meaning =
                "AWS does not know this access key (deleted, or never created), or it is inactive. Nothing was evaluated: authentication fails before authorization."
        case .accessDenied where error.message.contains("MFA"):
            meaning = "An MFA code was needed or did not match: the request failed before the policies were read."
        default:
            meaning = "The command was refused before any policy was evaluated (a missing or invalid parameter, or an entity that does not exist)."
        }
        return "The last command failed: \(code.rawValue).\n\(meaning)"
    }
}
