/// Every policy that can take part in deciding requests of one caller against one resource.
///
/// A value with copy-on-write storage: passing it to the engine costs one reference count.
public struct PolicySet: Sendable {
    final class Storage: @unchecked Sendable {
        var identity: [CompiledPolicy]
        var boundary: CompiledPolicy?
        var sessionPolicies: [CompiledPolicy]?
        var serviceControlPolicies: [[CompiledPolicy]]
        var resourcePolicy: CompiledPolicy?
        var resourcePolicyMustAllow: Bool
        var callerHasBoundary: Bool
        var callerRoleReplaced = false
        var program: IdentityProgram

        init(
            identity: [CompiledPolicy], boundary: CompiledPolicy?, sessionPolicies: [CompiledPolicy]?,
            serviceControlPolicies: [[CompiledPolicy]], resourcePolicy: CompiledPolicy?, resourcePolicyMustAllow: Bool,
            callerHasBoundary: Bool, program: IdentityProgram
        ) {
            self.identity = identity
            self.boundary = boundary
            self.sessionPolicies = sessionPolicies
            self.serviceControlPolicies = serviceControlPolicies
            self.resourcePolicy = resourcePolicy
            self.resourcePolicyMustAllow = resourcePolicyMustAllow
            self.callerHasBoundary = callerHasBoundary
            self.program = program
        }

        func copy() -> Storage {
            let s = Storage(
                identity: identity, boundary: boundary, sessionPolicies: sessionPolicies,
                serviceControlPolicies: serviceControlPolicies, resourcePolicy: resourcePolicy,
                resourcePolicyMustAllow: resourcePolicyMustAllow, callerHasBoundary: callerHasBoundary, program: program)
            s.callerRoleReplaced = callerRoleReplaced
            return s
        }
    }

    private(set) var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Identity-based policies: a user's own and its groups', or a role's.
    public var identity: [CompiledPolicy] {
        get { storage.identity }
        set {
            let s = unique()
            s.identity = newValue
            s.program = IdentityProgram.cached(newValue)
        }
    }
    /// The permissions boundary of the user or role, if any.
    public var boundary: CompiledPolicy? {
        get { storage.boundary }
        set { unique().boundary = newValue }
    }
    /// Session policies passed when the session was made; nil when none apply. An empty list
    /// means session policies apply and none allows anything (a federated user without one).
    public var sessionPolicies: [CompiledPolicy]? {
        get { storage.sessionPolicies }
        set { unique().sessionPolicies = newValue }
    }
    /// SCPs from the organization root down to the account: each level must allow.
    public var serviceControlPolicies: [[CompiledPolicy]] {
        get { storage.serviceControlPolicies }
        set { unique().serviceControlPolicies = newValue }
    }
    /// The resource's own policy (a bucket policy, a role's trust policy, a key policy).
    public var resourcePolicy: CompiledPolicy? {
        get { storage.resourcePolicy }
        set { unique().resourcePolicy = newValue }
    }
    /// True for trust and key policies, which must themselves allow the caller.
    public var resourcePolicyMustAllow: Bool {
        get { storage.resourcePolicyMustAllow }
        set { unique().resourcePolicyMustAllow = newValue }
    }
    /// Whether the caller has a permissions boundary (the `Deny` + `NotPrincipal` rule needs it
    /// even when the boundary's text is not at hand).
    public var callerHasBoundary: Bool {
        get { storage.callerHasBoundary }
        set { unique().callerHasBoundary = newValue }
    }

    /// Whether the caller is a session of a role that has since been deleted (and perhaps
    /// re-created under the same name): a policy naming the role's ARN names another principal
    /// now, whose unique id the session does not carry (UG `reference_identifiers.html`, unique IDs).
    public var callerRoleReplaced: Bool {
        get { storage.callerRoleReplaced }
        set { unique().callerRoleReplaced = newValue }
    }

    /// The identity-based statements laid out for the fast path.
    var program: IdentityProgram { storage.program }

    public init(
        identity: [CompiledPolicy] = [], boundary: CompiledPolicy? = nil, sessionPolicies: [CompiledPolicy]? = nil,
        serviceControlPolicies: [[CompiledPolicy]] = [], resourcePolicy: CompiledPolicy? = nil,
        resourcePolicyMustAllow: Bool = false, callerHasBoundary: Bool? = nil
    ) {
        storage = Storage(
            identity: identity, boundary: boundary, sessionPolicies: sessionPolicies,
            serviceControlPolicies: serviceControlPolicies, resourcePolicy: resourcePolicy,
            resourcePolicyMustAllow: resourcePolicyMustAllow, callerHasBoundary: callerHasBoundary ?? (boundary != nil),
            program: IdentityProgram.cached(identity))
    }
}
