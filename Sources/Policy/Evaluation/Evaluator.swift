/// The one engine that decides every request, following AWS's documented evaluation logic
/// (UG `reference_policies_evaluation-logic.html` and the pages IAM-SEMANTICS cites).
///
/// ```swift
/// let policies = PolicySet(identity: [try CompiledPolicy(json: text, kind: .identity, id: "p1")])
/// let request = AuthorizationRequest(caller: .user(account: "111122223333", path: "/", name: "ann"),
///                                    action: "s3:GetObject", resource: "arn:aws:s3:::b/k")
/// Evaluator.decide(request, policies)          // .allowed / .explicitDeny / .implicitDeny
/// Evaluator.explain(request, policies).trace   // every statement and why it did or did not match
/// ```
public enum Evaluator {
    /// The decision and its reason, as fast as possible: no trace is built.
    public static func decide(_ request: AuthorizationRequest, _ policies: borrowing PolicySet) -> DecisionReason {
        var recorder = FastPath()
        return evaluate(request, policies, &recorder)
    }

    /// The decision with every statement considered, the statements responsible, and the context
    /// keys that were missing.
    public static func explain(_ request: AuthorizationRequest, _ policies: borrowing PolicySet) -> Decision {
        var recorder = Tracing()
        let reason = evaluate(request, policies, &recorder)
        var decision = Decision(reason: reason)
        decision.trace = recorder.entries
        let responsible: [StatementTrace]
        switch reason.decision {
        case .explicitDeny:
            responsible = recorder.entries.filter { $0.outcome == .matched && $0.statement.effect == .deny }
        case .allowed:
            responsible = recorder.entries.filter {
                $0.outcome == .matched && $0.statement.effect == .allow
                    && ($0.statement.policyType == .identityBased || $0.statement.policyType == .resourceBased
                        || $0.statement.policyType == .trust)
            }
        case .implicitDeny:
            responsible = []
        }
        decision.matchedStatements = responsible.map(\.statement)
        decision.missingContextKeys = recorder.missingKeys
        decision.undocumentedCases = recorder.undocumented
        if policies.boundary != nil {
            decision.allowedByBoundary = recorder.boundaryAllowed
        }
        if !policies.serviceControlPolicies.isEmpty {
            decision.allowedByOrganizations = reason != .notAllowedBySCP && reason != .explicitDeny(.serviceControlPolicy)
        }
        return decision
    }

    // MARK: - The evaluation flow

    static func evaluate<R: Recorder>(_ request: AuthorizationRequest, _ policies: borrowing PolicySet, _ recorder: inout R) -> DecisionReason {
        let storage = request.storage
        if storage.isGetCallerIdentity {
            return .callerIdentityNeedsNoPermission
        }
        return storage.bytes.withUnsafeBufferPointer { bytes in
            let action = UnsafeBufferPointer(rebasing: bytes[..<storage.actionCount])
            let resource = UnsafeBufferPointer(rebasing: bytes[storage.actionCount...])
            var scan = Scan(
                request: request, action: action, resource: resource, callerHasBoundary: policies.callerHasBoundary,
                callerRoleReplaced: policies.callerRoleReplaced)
            return flow(&scan, policies, &recorder)
        }
    }

    static func flow<R: Recorder>(_ scan: inout Scan, _ policies: borrowing PolicySet, _ recorder: inout R) -> DecisionReason {
        // 1. Deny evaluation and the allow of each policy type. The fast path stops at a Deny.
        var scpLevelsAllow = true
        for level in policies.serviceControlPolicies {
            let outcome = scan.group(level, type: .serviceControlPolicy, &recorder)
            if outcome.denied { return .explicitDeny(.serviceControlPolicy) }
            if !outcome.allowed { scpLevelsAllow = false }
        }
        var resourceOutcome = GroupOutcome()
        if let rp = policies.resourcePolicy {
            let type: PolicyType = policies.resourcePolicyMustAllow && scan.request.service == "sts" ? .trust : .resourceBased
            resourceOutcome = scan.group(CollectionOfOne(rp), type: type, &recorder)
            if resourceOutcome.denied { return .explicitDeny(type) }
        }
        let isRoot: Bool
        if case .root = scan.request.caller { isRoot = true } else { isRoot = false }
        let identity = scan.identity(policies, &recorder)
        if identity.denied { return .explicitDeny(.identityBased) }
        var boundaryAllows = true
        if let boundary = policies.boundary, !isRoot {
            let outcome = scan.group(CollectionOfOne(boundary), type: .permissionsBoundary, &recorder)
            if outcome.denied { return .explicitDeny(.permissionsBoundary) }
            boundaryAllows = outcome.allowed
            recorder.boundaryAllowed = outcome.allowed
        }
        var sessionAllows = true
        if let sessionPolicies = policies.sessionPolicies {
            let outcome = scan.group(sessionPolicies, type: .session, &recorder)
            if outcome.denied { return .explicitDeny(.session) }
            sessionAllows = outcome.allowed
        }

        // 2. Organizations.
        if !scpLevelsAllow { return .notAllowedBySCP }

        // 3. The allow, per account relationship.
        let identityAllows = isRoot || identity.allowed
        func delegatedFailure() -> DecisionReason? {
            if !identityAllows { return .noIdentityAllow }
            if !boundaryAllows { return .notAllowedByBoundary }
            if !sessionAllows { return .notAllowedBySessionPolicy }
            return nil
        }
        let grant = resourceOutcome.grant
        if scan.request.isCrossAccount {
            if let failure = delegatedFailure() { return failure }
            guard let grant else { return .noResourcePolicyAllow }
            return .allowedAcrossAccounts(grant)
        }
        if let grant, grant.isDirect {
            if !grant.isCapped { return .allowedByResourcePolicy(grant) }
            if boundaryAllows && sessionAllows { return .allowedByResourcePolicy(grant) }
        }
        if policies.resourcePolicy != nil && policies.resourcePolicyMustAllow && grant == nil {
            return .resourcePolicyMustAllow
        }
        if let failure = delegatedFailure() { return failure }
        return isRoot ? .rootUser : .allowedByIdentity
    }
}

/// What one policy type said about a request.
struct GroupOutcome {
    var denied = false
    var allowed = false
    /// For a resource-based or trust policy: the strongest way a matching Allow named the caller.
    var grant: GrantForm?
}

/// Receives each statement's outcome; the fast path records nothing and may stop early.
protocol Recorder {
    /// Whether every statement must be visited and recorded.
    static var tracing: Bool { get }
    var boundaryAllowed: Bool { get set }
    mutating func record(
        _ policy: CompiledPolicy, _ type: PolicyType, _ statement: CompiledStatement, _ outcome: StatementOutcome, grant: GrantForm?, context: RequestContext)
}

struct FastPath: Recorder {
    static var tracing: Bool { false }
    var boundaryAllowed = false
    @inline(__always) mutating func record(
        _: CompiledPolicy, _: PolicyType, _: CompiledStatement, _: StatementOutcome, grant _: GrantForm?, context _: RequestContext
    ) {}
}

struct Tracing: Recorder {
    static var tracing: Bool { true }
    var boundaryAllowed = false
    var entries: [StatementTrace] = []
    var missingKeys: [String] = []
    var undocumented: [String] = []

    mutating func record(
        _ policy: CompiledPolicy, _ type: PolicyType, _ statement: CompiledStatement, _ outcome: StatementOutcome, grant: GrantForm?, context: RequestContext
    ) {
        let s = statement.source
        var ref = StatementRef(
            policyID: policy.id, sourceType: policy.sourceType, policyType: type, index: statement.index, sid: s.sid,
            effect: s.effect, start: s.start, end: s.end)
        if case .notPrincipal? = statement.principal { ref.notPrincipal = true }
        var entry = StatementTrace(statement: ref, outcome: outcome, grant: grant)
        if case .conditionNotMet(let i) = outcome {
            entry.failedCondition = s.conditions[i]
            entry.contextValues = context[s.conditions[i].key]?.values
        }
        entries.append(entry)
        // Keys an applicable statement's conditions (or resource variables) wanted but did not get.
        switch outcome {
        case .matched, .conditionNotMet:
            for clause in s.conditions where context[clause.key] == nil { noteMissing(clause.key) }
            var evaluated = statement.conditions[...]
            if case .conditionNotMet(let i) = outcome { evaluated = evaluated[...i] }
            for clause in evaluated {
                if let note = clause.undocumentedCase(in: context), !undocumented.contains(note) { undocumented.append(note) }
            }
        case .resourceNotMatched:
            for case .template(let t) in statement.resources ?? [] {
                for name in t.variableNames where context[name] == nil { noteMissing(name) }
            }
        case .actionNotMatched, .principalNotMatched:
            break
        }
    }

    mutating func noteMissing(_ key: String) {
        if !missingKeys.contains(where: { $0.lowercased() == key.lowercased() }) { missingKeys.append(key) }
    }
}

/// The per-request state of one evaluation: the request's bytes, borrowed once.
struct Scan {
    let request: AuthorizationRequest
    let action: UnsafeBufferPointer<UInt8>
    let resource: UnsafeBufferPointer<UInt8>
    let callerHasBoundary: Bool
    /// A session of a role deleted since: a policy's role ARN no longer names it.
    let callerRoleReplaced: Bool

    /// Evaluates the statements of some policies of one type.
    mutating func group<R: Recorder, C: Collection<CompiledPolicy>>(_ policies: C, type: PolicyType, _ recorder: inout R) -> GroupOutcome {
        var outcome = GroupOutcome()
        for policy in policies {
            let stop = policy.statements.withUnsafeBufferPointer { statements in
                for i in statements.indices where visit(policy, statements[i], type: type, &outcome, &recorder) { return true }
                return false
            }
            if stop { return outcome }
        }
        return outcome
    }

    /// The identity-based policies: on the fast path through their packed program (and its
    /// index), which offers only statements whose action and resource can match.
    mutating func identity<R: Recorder>(_ policies: borrowing PolicySet, _ recorder: inout R) -> GroupOutcome {
        guard !R.tracing else {
            return group(policies.identity, type: .identityBased, &recorder)
        }
        var outcome = GroupOutcome()
        let program = policies.program
        program.compiled.withUnsafeBufferPointer { compiled in
            program.forEachCandidate(service: request.service, serviceBit: request.storage.serviceBit, action: action, resource: resource) { s, i in
                if !s.isDeny && outcome.allowed { return true }
                if !s.decidedByPrefilter {
                    let (result, _) = match(compiled[i], prefiltered: true)
                    guard result == .matched else { return true }
                }
                if s.isDeny {
                    outcome.denied = true
                    return false
                }
                outcome.allowed = true
                return true
            }
        }
        return outcome
    }

    /// Evaluates one statement into `outcome`; true when the fast path may stop (a Deny matched).
    @inline(__always)
    mutating func visit<R: Recorder>(
        _ policy: CompiledPolicy, _ statement: CompiledStatement, type: PolicyType, _ outcome: inout GroupOutcome, _ recorder: inout R,
        prefiltered: Bool = false
    ) -> Bool {
        if !R.tracing && !statement.isDeny && outcome.allowed
            && ((type != .resourceBased && type != .trust) || outcome.grant.map { !$0.isCapped && $0.isDirect } == true)
        {
            return false
        }
        let (result, grant) = match(statement, prefiltered: prefiltered)
        recorder.record(policy, type, statement, result, grant: grant, context: request.context)
        guard result == .matched else { return false }
        if statement.isDeny {
            outcome.denied = true
            return !R.tracing
        }
        outcome.allowed = true
        if let grant, outcome.grant.map({ $0 < grant }) ?? true { outcome.grant = grant }
        return false
    }

    /// Whether a statement applies to the request, and if not which element failed first.
    /// - Parameter prefiltered: the action and static resources were already found to match.
    func match(_ s: CompiledStatement, prefiltered: Bool = false) -> (StatementOutcome, GrantForm?) {
        // Action / NotAction (case-insensitive: both sides are lower-cased).
        if !prefiltered && s.packedActions.anyMatches(action) == s.notAction { return (.actionNotMatched, nil) }

        // Resource / NotResource (case-sensitive). No Resource element: the policy's own resource.
        if let packed = s.packedResources {
            if !prefiltered && packed.anyMatches(resource) == s.notResource { return (.resourceNotMatched, nil) }
        } else if let patterns = s.resources {
            let resourceHit = patterns.withUnsafeBufferPointer { list in
                for i in list.indices {
                    switch list[i] {
                    case .glob(let g):
                        if g.matches(bytes: resource) { return true }
                    case .template(let t):
                        if let units = t.units(in: request.context, wildcards: true), Glob(units: units).matches(bytes: resource) {
                            return true
                        }
                    }
                }
                return false
            }
            if resourceHit == s.notResource { return (.resourceNotMatched, nil) }
        }

        // Principal / NotPrincipal (resource-based and trust policies).
        var grant: GrantForm?
        switch s.principal {
        case nil:
            break
        case .principal(let set)?:
            guard let form = set.grantForm(for: request.caller), !(callerRoleReplaced && form == .role) else { return (.principalNotMatched, nil) }
            grant = form
        case .notPrincipal(let set)?:
            if s.isDeny {
                // A Deny with NotPrincipal always applies to a caller with a permissions boundary (UG access_policies_boundaries).
                // Nor does it exempt a session whose role was deleted since: the role it lists is another.
                if !callerHasBoundary && !callerRoleReplaced && set.exemptsEveryLink(of: request.caller) { return (.principalNotMatched, nil) }
            } else if set.grantForm(for: request.caller) != nil {
                // An Allow with NotPrincipal grants everyone except the principals it names
                // (UG reference_policies_elements_notprincipal.html): a caller it names in any
                // form — its own ARN, its role, its account, "*" — is not granted.
                return (.principalNotMatched, nil)
            }
            grant = .everyone
        }

        // Conditions: every clause must hold.
        if !s.conditions.isEmpty {
            let context = request.context
            let deny = s.isDeny
            let failed = s.conditions.withUnsafeBufferPointer { clauses in
                clauses.indices.first { !clauses[$0].holds(in: context, deny: deny) }
            }
            if let failed { return (.conditionNotMet(clause: failed), grant) }
        }
        return (.matched, grant)
    }
}
