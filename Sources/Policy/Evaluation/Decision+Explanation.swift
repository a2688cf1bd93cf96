extension Decision {
    /// A readable account of the decision: the verdict, the reason, and every statement with the
    /// element that decided it (the text `why` and `simulate --explain` show).
    public func explanation(for request: AuthorizationRequest) -> String {
        var lines = [
            "\(request.action) on \(request.resource) by \(request.caller.arn): \(decision.rawValue)",
            "  \(reason.phrase(action: request.action))",
        ]
        if request.isCrossAccount, let owner = request.resourceAccount {
            lines.append("  cross-account: the resource belongs to \(owner), the caller to \(request.caller.account ?? "no account"); both sides must allow")
        }
        var lastPolicy = ""
        for entry in trace {
            let s = entry.statement
            let header = "  \(s.policyType.rawValue) \(s.policyID)"
            if header != lastPolicy {
                lines.append(header)
                lastPolicy = header
            }
            let name = "statement \(s.index + 1)" + (s.sid.map { " \"\($0)\"" } ?? "") + " (\(s.effect.rawValue), line \(s.start.line))"
            lines.append("    \(name): \(Self.describe(entry))")
        }
        if trace.isEmpty, case .callerIdentityNeedsNoPermission = reason {
            lines.append("  no policy is consulted for this action")
        }
        for note in undocumentedCases {
            lines.append("  \(note)")
        }
        if !missingContextKeys.isEmpty {
            lines.append("  missing from the request context: \(missingContextKeys.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ entry: StatementTrace) -> String {
        switch entry.outcome {
        case .matched:
            let verb = entry.statement.effect == .deny ? "applies: denies" : "applies: allows"
            return entry.grant.map { "\(verb) (names the caller as \($0.rawValue))" } ?? verb
        case .actionNotMatched: return "does not match: the action is not in its Action (or is excluded by its NotAction)"
        case .resourceNotMatched: return "does not match: the resource is not in its Resource (or is excluded by its NotResource)"
        case .principalNotMatched:
            if entry.statement.notPrincipal {
                return entry.statement.effect == .deny
                    ? "does not match: its NotPrincipal exempts the caller"
                    : "does not match: its NotPrincipal names the caller, whom an Allow with NotPrincipal leaves out"
            }
            return "does not match: its Principal does not name the caller"
        case .conditionNotMet:
            guard let clause = entry.failedCondition else { return "a condition is not met" }
            let wanted = clause.values.map { "\"\($0)\"" }.joined(separator: ", ")
            let seen =
                entry.contextValues.map { "the request has " + $0.map { "\"\($0)\"" }.joined(separator: ", ") }
                ?? "the request has no \(clause.key)"
            return "condition not met: \(clause.op) \(clause.key) [\(wanted)], but \(seen)"
        }
    }
}
