/// Every policy that can take part in deciding requests of one caller against one resource.
public struct PolicySet: Sendable {
    /// Identity-based policies: a user's own and its groups', or a role's.
    public var identity: [CompiledPolicy] {
        didSet { program = IdentityProgram(identity) }
    }
    /// The permissions boundary of the user or role, if any.
    public var boundary: CompiledPolicy?
    /// Session policies passed when the session was made; nil when none apply. An empty list
    /// means session policies apply and none allows anything (a federated user without one).
    public var sessionPolicies: [CompiledPolicy]?
    /// SCPs from the organization root down to the account: each level must allow.
    public var serviceControlPolicies: [[CompiledPolicy]]
    /// The resource's own policy (a bucket policy, a role's trust policy, a key policy).
    public var resourcePolicy: CompiledPolicy?
    /// True for trust and key policies, which must themselves allow the caller.
    public var resourcePolicyMustAllow: Bool
    /// Whether the caller has a permissions boundary (the `Deny` + `NotPrincipal` rule needs it
    /// even when the boundary's text is not at hand).
    public var callerHasBoundary: Bool

    /// The identity-based statements laid out for the fast path.
    private(set) var program: IdentityProgram

    public init(
        identity: [CompiledPolicy] = [], boundary: CompiledPolicy? = nil, sessionPolicies: [CompiledPolicy]? = nil,
        serviceControlPolicies: [[CompiledPolicy]] = [], resourcePolicy: CompiledPolicy? = nil,
        resourcePolicyMustAllow: Bool = false, callerHasBoundary: Bool? = nil
    ) {
        self.identity = identity
        self.boundary = boundary
        self.sessionPolicies = sessionPolicies
        self.serviceControlPolicies = serviceControlPolicies
        self.resourcePolicy = resourcePolicy
        self.resourcePolicyMustAllow = resourcePolicyMustAllow
        self.callerHasBoundary = callerHasBoundary ?? (boundary != nil)
        self.program = IdentityProgram(identity)
    }
}
