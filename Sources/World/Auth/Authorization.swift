import Policy

/// What a call asks the engine: the action, the resource, whose it is, and its own policy.
public struct Access: Sendable {
    public var action: String
    public var resource: String
    public var resourceAccount: String?
    /// The resource's own policy (a bucket policy, a trust policy), if it has one: compiled when
    /// it was written.
    public var resourcePolicy: CompiledPolicy?
    /// Trust and key policies must themselves allow.
    public var resourcePolicyMustAllow = false
    /// Keys the service adds for this call (`s3:prefix`, `ec2:InstanceType`, `aws:ResourceTag/…`).
    public var context: [String: String] = [:]
    /// Keys with many values (`aws:TagKeys`, `sts:TransitiveTagKeys`).
    public var contextLists: [String: [String]] = [:]

    public init(
        _ action: String, on resource: String, owner: String? = nil, resourcePolicy: CompiledPolicy? = nil, mustAllow: Bool = false,
        context: [String: String] = [:]
    ) {
        self.action = action
        self.resource = resource
        self.resourceAccount = owner
        self.resourcePolicy = resourcePolicy
        self.resourcePolicyMustAllow = mustAllow
        self.context = context
    }
}

extension World {
    /// The document of a managed policy (customer managed in its account, or AWS managed).
    public func managedPolicyDocument(_ arn: String) -> String? {
        if let aws = AWSManagedPolicy.named(arn) { return aws.document }
        for account in accounts {
            if let p = account.policies.first(where: { $0.arn(account.id) == arn }) { return p.document }
        }
        return nil
    }

    /// The identity-based policies of a user: its own and its groups', inline and managed.
    /// Every document was compiled when it was written; here they are only gathered.
    func userPolicies(account: Account, user: User) -> [CompiledPolicy] {
        var out: [CompiledPolicy] = []
        for p in user.inlinePolicies { out += [p.compiled.named("user/\(user.name)/\(p.name)", type: "user")].compactMap { $0 } }
        for arn in user.attachedPolicies { out += [managed(arn)].compactMap { $0 } }
        for group in account.groups(of: user.name) {
            for p in group.inlinePolicies { out += [p.compiled.named("group/\(group.name)/\(p.name)", type: "group")].compactMap { $0 } }
            for arn in group.attachedPolicies { out += [managed(arn)].compactMap { $0 } }
        }
        return out
    }

    func rolePolicies(role: Role) -> [CompiledPolicy] {
        var out: [CompiledPolicy] = []
        for p in role.inlinePolicies { out += [p.compiled.named("role/\(role.name)/\(p.name)", type: "role")].compactMap { $0 } }
        for arn in role.attachedPolicies { out += [managed(arn)].compactMap { $0 } }
        return out
    }

    /// A managed policy's default version, compiled (AWS managed or customer managed).
    func managed(_ arn: String) -> CompiledPolicy? {
        if let aws = AWSManagedPolicy.compiled[arn] { return aws.named(arn, type: "aws-managed") }
        for account in accounts {
            if let p = account.policies.first(where: { $0.arn(account.id) == arn }) { return p.compiled.named(arn, type: "user-managed") }
        }
        return nil
    }

    /// Every policy that limits what the actor may do (without the resource's own policy).
    public func policySet(for actor: Actor) -> PolicySet {
        var set = PolicySet()
        guard let account = account(actor.account) else { return set }
        set.serviceControlPolicies = account.compiledSCPs.map { level in level.enumerated().compactMap { $1.named("scp-\($0 + 1)", type: "scp") } }
        switch actor.kind {
        case .root:
            break
        case .user(_, let name):
            if let user = account.user(name) {
                set.identity = userPolicies(account: account, user: user)
                set.boundary = user.permissionsBoundary.flatMap(managed)
            }
        case .session(let s):
            switch s.kind {
            case .role(_, let roleName, _):
                // The session belongs to the role it was assumed from, by its unique id: deleted,
                // the role gives it nothing, and a new role of the same name is another principal.
                if let role = account.role(roleName), s.roleId == nil || s.roleId == role.id {
                    set.identity = rolePolicies(role: role)
                    set.boundary = role.permissionsBoundary.flatMap(managed)
                } else {
                    set.callerRoleReplaced = true
                }
            case .userToken(_, let name), .federatedUser(_, let name):
                if let user = account.user(name) {
                    set.identity = userPolicies(account: account, user: user)
                    set.boundary = user.permissionsBoundary.flatMap(managed)
                }
            }
            if let docs = s.compiledSessionPolicies {
                set.sessionPolicies = docs.enumerated().compactMap { $1.named("session-policy-\($0 + 1)", type: "session") }
            } else if case .federatedUser = s.kind {
                set.sessionPolicies = []
            }
        }
        set.callerHasBoundary = set.boundary != nil
        return set
    }

    /// The request context AWS would build for the actor's call (UG `reference_policies_condition-keys.html`).
    public func context(for actor: Actor) -> RequestContext {
        var c = RequestContext()
        let caller = actor.caller(in: self)
        c["aws:CurrentTime"] = ContextValue([clock.iso8601], type: .date)
        c["aws:EpochTime"] = ContextValue([String(clock.now)], type: .numeric)
        c["aws:SecureTransport"] = ContextValue(["true"], type: .boolean)
        c["aws:RequestedRegion"] = ContextValue([actor.profile.region])
        c["aws:SourceIp"] = ContextValue([actor.profile.sourceIp], type: .ip)
        c["aws:PrincipalAccount"] = ContextValue([actor.account])
        var tags: [Tag] = []
        switch actor.kind {
        case .root(let a):
            c["aws:PrincipalArn"] = ContextValue([caller.arn])
            c["aws:PrincipalType"] = ContextValue(["Account"])
            c["aws:userid"] = ContextValue([a])
        case .user(let a, let name):
            tags = userKeys(&c, account: a, name: name, arn: caller.arn)
        case .session(let s):
            c["aws:TokenIssueTime"] = ContextValue([SimulatedClock.iso8601(s.issued)], type: .date)
            c["aws:MultiFactorAuthPresent"] = ContextValue([s.mfaAuthenticated != nil ? "true" : "false"], type: .boolean)
            if let at = s.mfaAuthenticated {
                c["aws:MultiFactorAuthAge"] = ContextValue([String(clock.now - at)], type: .numeric)
            }
            switch s.kind {
            case .role(let a, let roleName, let sessionName):
                // A role deleted since (or re-created: another id) lends the session neither its id nor its tags.
                let role = account(a)?.role(roleName).flatMap { s.roleId == nil || s.roleId == $0.id ? $0 : nil }
                c["aws:PrincipalArn"] = ContextValue([role?.arn(a) ?? "arn:aws:iam::\(a):role/\(roleName)"])
                c["aws:PrincipalType"] = ContextValue(["AssumedRole"])
                c["aws:userid"] = ContextValue(["\(role?.id ?? "AROA"):\(sessionName)"])
                tags = (role?.tags ?? []) + s.tags
            case .userToken(let a, let name):
                tags = userKeys(&c, account: a, name: name, arn: caller.arn)
            case .federatedUser(let a, let name):
                c["aws:PrincipalArn"] = ContextValue([caller.arn])
                c["aws:PrincipalType"] = ContextValue(["FederatedUser"])
                c["aws:userid"] = ContextValue(["\(a):\(name)"])
            }
        }
        for tag in tags { c["aws:PrincipalTag/\(tag.key)"] = ContextValue([tag.value]) }
        return c
    }

    /// The keys of an IAM user (signing with its key or its session token); returns its tags.
    func userKeys(_ c: inout RequestContext, account a: String, name: String, arn: String) -> [Tag] {
        let user = account(a)?.user(name)
        c["aws:PrincipalArn"] = ContextValue([arn])
        c["aws:PrincipalType"] = ContextValue(["User"])
        c["aws:username"] = ContextValue([name])
        c["aws:userid"] = ContextValue([user?.id ?? name])
        return user?.tags ?? []
    }

    /// Asks the engine whether the actor may make the call; keeps the decision for `why`.
    /// - Parameter service: the service that answers the call, whose words a denial uses (by
    ///   default the action's own service; `ec2` when `iam:PassRole` is checked by RunInstances).
    /// - Throws: the service's access-denied error, worded as that service words it.
    public mutating func authorize(_ actor: Actor, _ access: Access, operation: String, service: String? = nil) throws(AWSError) {
        let (request, set) = request(principal(actor), access)
        let reason = Evaluator.decide(request, set)
        lastDecision = DecisionRecord(request: request, policies: set)
        guard reason.decision == .allowed else {
            let service = service ?? String(access.action.prefix { $0 != ":" }).lowercased()
            throw denial(actor, access, reason: reason, request: request, policies: set, service: service, operation: operation)
        }
    }
}
