import Policy

/// Who asks, as the engine sees it: the caller, every policy that limits it (compiled once, when
/// each was written) and the keys its requests carry.
///
/// Every decision in the world is made through a principal: `aws` calls, goal checks, the probes
/// that attack a learner's design, and `why`. Build one per caller and ask it many questions.
public struct Principal: Sendable {
    public var caller: Caller
    public var policies: PolicySet
    /// The keys every request of this caller carries (`aws:PrincipalArn`, `aws:SourceIp`, …).
    public var context: RequestContext

    public init(caller: Caller, policies: PolicySet = PolicySet(), context: RequestContext = RequestContext()) {
        self.caller = caller
        self.policies = policies
        self.context = context
    }
}

extension World {
    /// The principal an actor is: its policies and its request context now.
    public func principal(_ actor: Actor) -> Principal {
        Principal(caller: actor.caller(in: self), policies: policySet(for: actor), context: context(for: actor))
    }

    /// The access a call to `resource` makes, as the services in this world build it: the
    /// resource's owner, its own policy (bucket policy, trust policy) and its tags.
    public func access(_ action: String, on resource: String) -> Access {
        var access = Access(action, on: resource)
        guard let arn = ARN(resource) else { return access }
        if arn.service == "s3" {
            let bucketName = String(arn.resource.split(separator: "/", maxSplits: 1).first ?? "")
            if let b = buckets.first(where: { $0.name == bucketName }) {
                access.resourceAccount = b.account
                access.resourcePolicy = b.compiledPolicy.named("resource-policy", type: "resource")
                for tag in b.tags { access.context["aws:ResourceTag/\(tag.key)"] = tag.value }
            }
        } else if !arn.account.isEmpty, arn.account != "aws" {
            // AWS managed policies (`arn:aws:iam::aws:policy/…`) belong to no account of the world.
            access.resourceAccount = arn.account
        }
        if arn.service == "iam", arn.resource.hasPrefix("role/"), action.lowercased().hasPrefix("sts:assumerole") || action.lowercased() == "sts:tagsession" {
            access.resourceAccount = arn.account
            if let role = account(arn.account)?.role(arn.resourceName) {
                access.resourcePolicy = role.compiledTrust.named("trust-policy", type: "resource")
                access.resourcePolicyMustAllow = true
            }
        }
        // IAM users, roles, managed policies and instance profiles carry their tags into the
        // request (UG `access_iam-tags.html`: `aws:ResourceTag` and `iam:ResourceTag`).
        if arn.service == "iam", let owner = account(arn.account) {
            for tag in iamTags(resource, arn, in: owner) {
                access.context["aws:ResourceTag/\(tag.key)"] = tag.value
                access.context["iam:ResourceTag/\(tag.key)"] = tag.value
            }
        }
        if arn.service == "ec2", let i = instances.first(where: { $0.arn == resource }) {
            for (k, v) in instanceContext(i) { access.context[k] = v }
        }
        return access
    }

    /// The tags of the IAM user, role, managed policy or instance profile an ARN names.
    func iamTags(_ resource: String, _ arn: ARN, in owner: Account) -> [Tag] {
        switch arn.resource.prefix(while: { $0 != "/" }) {
        case "user": owner.user(arn.resourceName)?.tags ?? []
        case "role": owner.role(arn.resourceName)?.tags ?? []
        case "policy": owner.policies.first { $0.arn(owner.id) == resource }?.tags ?? []
        case "instance-profile": owner.instanceProfiles.first { $0.name.sameIgnoringCase(arn.resourceName) }?.tags ?? []
        default: []
        }
    }

    /// The request the engine is asked, and the policies it reads.
    func request(_ principal: Principal, _ access: Access) -> (AuthorizationRequest, PolicySet) {
        var set = principal.policies
        if let policy = access.resourcePolicy {
            set.resourcePolicy = policy
            set.resourcePolicyMustAllow = access.resourcePolicyMustAllow
        }
        var context = principal.context
        for (k, v) in access.context { context[k] = ContextValue([v]) }
        for (k, v) in access.contextLists { context[k] = ContextValue(v, type: .stringList) }
        let request = AuthorizationRequest(
            caller: principal.caller, action: access.action, resource: access.resource,
            resourceAccount: access.resourceAccount ?? principal.caller.account, context: context)
        return (request, set)
    }

    /// Whether the principal may make the access (the engine's fast path: no trace).
    public func allows(_ principal: Principal, _ access: Access) -> Bool {
        let (request, set) = request(principal, access)
        return Evaluator.decide(request, set).decision == .allowed
    }

    /// The decision with its whole trace and the request it answered (what `why` shows).
    public func explain(_ principal: Principal, _ access: Access) -> DecisionRecord {
        let (request, set) = request(principal, access)
        return DecisionRecord(request: request, decision: Evaluator.explain(request, set))
    }

    /// The engine's decision for an actor and an access, without recording anything.
    public func decide(_ actor: Actor, _ access: Access) -> Decision {
        decisionRecord(actor, access).decision
    }

    /// The decision with the request it answered (what `why` shows).
    public func decisionRecord(_ actor: Actor, _ access: Access) -> DecisionRecord {
        explain(principal(actor), access)
    }
}
