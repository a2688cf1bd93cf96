/// The three outcomes, spelled as the simulator's `EvalDecision`.
public enum EvalDecision: String, Sendable, Hashable, CaseIterable {
    case allowed
    case explicitDeny
    case implicitDeny
}

/// Why the engine decided as it did, in terms a learner can be told.
public enum DecisionReason: Sendable, Hashable {
    /// `sts:GetCallerIdentity` needs no permission and cannot be denied.
    case callerIdentityNeedsNoPermission
    /// A Deny statement applied.
    case explicitDeny(PolicyType)
    /// An SCP level had no Allow for the request.
    case notAllowedBySCP
    /// The account's root user, whom identity-based policies do not limit.
    case rootUser
    /// An identity-based Allow (and the boundary and session policy, where present) allowed it.
    case allowedByIdentity
    /// The resource's own policy named the caller and was enough on its own.
    case allowedByResourcePolicy(GrantForm)
    /// Cross-account: the caller's side and the resource's policy both allowed.
    case allowedAcrossAccounts(GrantForm)
    /// No identity-based policy allowed it.
    case noIdentityAllow
    /// The identity allowed it but the permissions boundary did not.
    case notAllowedByBoundary
    /// The identity allowed it but the session policy did not.
    case notAllowedBySessionPolicy
    /// A trust or key policy did not name the caller.
    case resourcePolicyMustAllow
    /// Cross-account: the resource's policy did not name the caller (or there was none).
    case noResourcePolicyAllow

    public var decision: EvalDecision {
        switch self {
        case .explicitDeny: .explicitDeny
        case .callerIdentityNeedsNoPermission, .rootUser, .allowedByIdentity, .allowedByResourcePolicy, .allowedAcrossAccounts:
            .allowed
        case .notAllowedBySCP, .noIdentityAllow, .notAllowedByBoundary, .notAllowedBySessionPolicy, .resourcePolicyMustAllow,
            .noResourcePolicyAllow:
            .implicitDeny
        }
    }

    /// The phrase AWS appends to an AccessDenied message ("… because no identity-based policy
    /// allows the s3:PutObject action"), or a sentence for an allow.
    public func phrase(action: String) -> String {
        switch self {
        case .explicitDeny(let type): "with an explicit deny in \(type.article) \(type.rawValue)"
        case .notAllowedBySCP: "because no service control policy allows the \(action) action"
        case .noIdentityAllow: "because no identity-based policy allows the \(action) action"
        case .notAllowedByBoundary: "because no permissions boundary allows the \(action) action"
        case .notAllowedBySessionPolicy: "because no session policy allows the \(action) action"
        case .resourcePolicyMustAllow, .noResourcePolicyAllow: "because no resource-based policy allows the \(action) action"
        case .callerIdentityNeedsNoPermission: "because \(action) needs no permission"
        case .rootUser: "because the root user is not limited by identity-based policies"
        case .allowedByIdentity: "because an identity-based policy allows the \(action) action"
        case .allowedByResourcePolicy(let form): "because the resource-based policy names the caller (\(form.rawValue))"
        case .allowedAcrossAccounts(let form):
            "because an identity-based policy allows it and the resource-based policy names the caller (\(form.rawValue))"
        }
    }
}

/// A statement that took part in a decision.
public struct StatementRef: Sendable, Hashable {
    public var policyID: String
    public var sourceType: String
    public var policyType: PolicyType
    /// Position in the policy's Statement list, from 0.
    public var index: Int
    public var sid: String?
    public var effect: Effect
    /// Whether the statement names its principals with NotPrincipal.
    public var notPrincipal = false
    public var start: SourcePosition
    public var end: SourcePosition
}

/// What happened to one statement when a request was evaluated.
public enum StatementOutcome: Sendable, Hashable {
    case matched
    case actionNotMatched
    case resourceNotMatched
    case principalNotMatched
    /// A condition clause (by position in the statement's clauses) did not hold.
    case conditionNotMet(clause: Int)
}

/// A statement, its outcome, and for a condition the values compared.
public struct StatementTrace: Sendable, Hashable {
    public var statement: StatementRef
    public var outcome: StatementOutcome
    /// The clause that failed, with the context's values for its key (nil: the key was missing).
    public var failedCondition: ConditionClause?
    public var contextValues: [String]?
    /// For a resource-based or trust policy statement that matched: how it named the caller.
    public var grant: GrantForm?
}

/// A decision with its explanation.
public struct Decision: Sendable, Hashable {
    public var reason: DecisionReason
    public var decision: EvalDecision { reason.decision }
    /// Statements responsible: the Deny statements for an explicit deny, else the matching Allows.
    public var matchedStatements: [StatementRef] = []
    /// Every statement considered, in evaluation order.
    public var trace: [StatementTrace] = []
    /// Condition keys (and policy variables) the applicable statements used that the context lacked.
    public var missingContextKeys: [String] = []
    /// Condition clauses the decision rested on that AWS's documentation does not decide, each a
    /// sentence saying so and what the engine chose (see `CompiledCondition.undocumentedCase(in:)`).
    public var undocumentedCases: [String] = []
    /// nil when there is no boundary.
    public var allowedByBoundary: Bool?
    /// nil when no SCP applies.
    public var allowedByOrganizations: Bool?
}
