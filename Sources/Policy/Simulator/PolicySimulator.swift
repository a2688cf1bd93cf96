/// Runs a `SimulateCustomPolicy` request through the engine and answers in the API's shape.
public struct PolicySimulator: Sendable {
    /// One action × resource result with its explanation.
    public struct Result: Sendable {
        public var action: String
        public var resource: String
        public var request: AuthorizationRequest
        public var decision: Decision
        public var crossAccount: Bool
    }

    public let request: SimulationRequest
    public let policies: PolicySet
    let caller: Caller

    /// Parses and compiles every policy of the request.
    /// - Throws: `SimulationError` for a malformed policy, a bad caller or a wildcard action.
    public init(_ request: SimulationRequest) throws(SimulationError) {
        let compiled = try Self.compile(request)
        if let arn = request.callerArn {
            caller = try Self.caller(arn)
        } else if request.resourcePolicy != nil {
            throw SimulationError(
                .invalidInput, "CallerArn is required when ResourcePolicy is given: name the user (or session) the resource policy is checked against")
        } else {
            let account = request.resourceOwner.flatMap { accountOfResource($0, fallback: nil) } ?? "123456789012"
            caller = .user(account: account, path: "/", name: "SimulatedCaller")
        }
        self.request = request
        policies = PolicySet(identity: compiled.identity, boundary: compiled.boundary, resourcePolicy: compiled.resourcePolicy)
    }

    /// A `SimulatePrincipalPolicy` request (IAM API reference `API_SimulatePrincipalPolicy.html`):
    /// the principal's own policies (identity-based, its boundary, its account's SCPs), to which the
    /// request's `PolicyInputList` adds and whose boundary `PermissionsBoundaryPolicyInputList`
    /// replaces. The caller is `CallerArn`, else `principal` (a user, or a role's session); a
    /// resource policy needs a user as the caller.
    /// - Throws: `SimulationError` as `init(_:)` does.
    public init(_ request: SimulationRequest, principal: PolicySet, caller principalCaller: Caller, callerIsUser: Bool) throws(SimulationError) {
        let compiled = try Self.compile(request)
        if let arn = request.callerArn {
            caller = try Self.caller(arn)
        } else if request.resourcePolicy != nil && !callerIsUser {
            throw SimulationError(
                .invalidInput, "CallerArn is required if you include a ResourcePolicy and the PolicySourceArn is not the ARN for an IAM user.")
        } else {
            caller = principalCaller
        }
        self.request = request
        var set = principal
        set.identity += compiled.identity
        if let boundary = compiled.boundary {
            set.boundary = boundary
            set.callerHasBoundary = true
        }
        set.resourcePolicy = compiled.resourcePolicy
        policies = set
    }

    static func caller(_ arn: String) throws(SimulationError) -> Caller {
        do {
            return try Caller(arn: arn)
        } catch {
            throw SimulationError(.invalidInput, "CallerArn \(error.description)")
        }
    }

    /// The request's own policies, compiled, once its actions are checked.
    static func compile(_ request: SimulationRequest) throws(SimulationError) -> (
        identity: [CompiledPolicy], boundary: CompiledPolicy?, resourcePolicy: CompiledPolicy?
    ) {
        func compile(_ text: String, kind: PolicyKind, id: String, type: String) throws(SimulationError) -> CompiledPolicy {
            let source = SourceText(text)
            do {
                return CompiledPolicy(try PolicyDocument.parse(source: source, kind: kind), id: id, sourceType: type)
            } catch {
                throw SimulationError(.malformedPolicy(error, source: source, name: id), "\(id): \(error.description)")
            }
        }
        var identity: [CompiledPolicy] = []
        for (i, text) in request.policyInputList.enumerated() {
            identity.append(try compile(text, kind: .identity, id: "PolicyInputList.\(i + 1)", type: "IAM Policy"))
        }
        guard request.permissionsBoundaryPolicyInputList.count <= 1 else {
            throw SimulationError(.invalidInput, "PermissionsBoundaryPolicyInputList takes at most one policy: an identity has one permissions boundary")
        }
        let boundary = try request.permissionsBoundaryPolicyInputList.first.map { (text) throws(SimulationError) in
            try compile(text, kind: .identity, id: "PermissionsBoundaryPolicyInputList.1", type: "IAM Policy")
        }
        var resourcePolicy: CompiledPolicy?
        if let text = request.resourcePolicy {
            resourcePolicy = try compile(text, kind: .resource, id: "ResourcePolicy", type: "Resource Policy")
        }
        for action in request.actionNames {
            guard !action.contains("*"), !action.contains("?") else {
                throw SimulationError(.invalidInput, "ActionNames cannot contain wildcards: \"\(action)\"; name each action, such as s3:GetObject")
            }
            guard action.contains(":") else {
                throw SimulationError(.invalidInput, "\"\(action)\" is not an action name; write service:Operation, such as s3:GetObject")
            }
        }
        return (identity, boundary, resourcePolicy)
    }

    /// How many action × resource pairs the request asks about.
    public var count: Int { request.actionNames.count * request.resourceArns.count }

    /// Every action × resource decision, actions in the outer loop, as the simulator lists them.
    public func results() -> [Result] { results(0..<count) }

    /// The decisions of the pairs at `positions` (actions in the outer loop): only those are made.
    public func results(_ positions: Range<Int>) -> [Result] {
        let positions = positions.clamped(to: 0..<count)
        guard !positions.isEmpty else { return [] }
        var context = RequestContext()
        for entry in request.contextEntries {
            context[entry.name] = ContextValue(entry.values, type: entry.type)
        }
        let ownerAccount = request.resourceOwner.flatMap { accountOfResource($0, fallback: nil) }
        let resources = request.resourceArns.count
        var out: [Result] = []
        out.reserveCapacity(positions.count)
        for position in positions {
            let action = request.actionNames[position / resources]
            let resource = request.resourceArns[position % resources]
            let owner = request.callerArn == nil ? nil : accountOfResource(resource, fallback: ownerAccount ?? caller.account)
            let authz = AuthorizationRequest(caller: caller, action: action, resource: resource, resourceAccount: owner, context: context)
            var set = policies
            set.resourcePolicyMustAllow = Self.resourcePolicyMustAllow(action: action, resource: resource)
            let decision = Evaluator.explain(authz, set)
            out.append(Result(action: action, resource: resource, request: authz, decision: decision, crossAccount: authz.isCrossAccount))
        }
        return out
    }

    /// The page `MaxItems` (100 unless given, at most 1,000) and `Marker` (where the previous
    /// page ended) ask for: which pairs, and where the next page begins (nil after the last).
    public var page: (positions: Range<Int>, next: Int?) {
        let total = count
        let start = request.marker.flatMap { Int($0) }.map { max(0, min($0, total)) } ?? 0
        let size = max(1, min(request.maxItems ?? 100, 1000))
        let end = start + min(size, total - start)
        return (start..<end, end < total ? end : nil)
    }

    /// Trust policies (for `sts:AssumeRole*` on a role) and KMS key policies must themselves allow.
    static func resourcePolicyMustAllow(action: String, resource: String) -> Bool {
        guard let arn = ARN(resource) else { return false }
        if arn.service == "iam" && arn.resource.hasPrefix("role/") && Glob.asciiLowercased(action).hasPrefix("sts:") { return true }
        return arn.service == "kms" && arn.resource.hasPrefix("key/")
    }

    /// The `SimulatePolicyResponse` as JSON, paged by `MaxItems`/`Marker`: only the page's
    /// decisions are made, however many pairs the request names.
    public func response() -> JSONOutput { response(page: results(page.positions)) }

    /// The response as the AWS CLI prints it: the operation is paginated, so the CLI gathers every
    /// page's results and leaves out `IsTruncated` and `Marker`.
    public func cliResponse() -> JSONOutput {
        .object([("EvaluationResults", .array(results().map(Self.json)))])
    }

    /// The response for the page's results, made by `results(page.positions)`.
    public func response(page results: [Result]) -> JSONOutput {
        let next = page.next
        var members: [(String, JSONOutput)] = [("EvaluationResults", .array(results.map(Self.json)))]
        members.append(("IsTruncated", .bool(next != nil)))
        if let next { members.append(("Marker", .string(String(next)))) }
        return .object(members)
    }

    static func json(_ r: Result) -> JSONOutput {
        let d = r.decision
        let matched = JSONOutput.array(
            d.matchedStatements.map { s in
                .object([
                    ("SourcePolicyId", .string(s.policyID)),
                    ("SourcePolicyType", .string(s.sourceType)),
                    ("StartPosition", .object([("Line", .integer(s.start.line)), ("Column", .integer(s.start.column))])),
                    ("EndPosition", .object([("Line", .integer(s.end.line)), ("Column", .integer(s.end.column))])),
                ])
            })
        let missing = JSONOutput.array(d.missingContextKeys.map { .string($0) })
        var members: [(String, JSONOutput)] = [
            ("EvalActionName", .string(r.action)),
            ("EvalResourceName", .string(r.resource)),
            ("EvalDecision", .string(d.decision.rawValue)),
            ("MatchedStatements", matched),
            ("MissingContextValues", missing),
        ]
        if let byOrg = d.allowedByOrganizations {
            members.append(("OrganizationsDecisionDetail", .object([("AllowedByOrganizations", .bool(byOrg))])))
        }
        if let byBoundary = d.allowedByBoundary {
            members.append(("PermissionsBoundaryDecisionDetail", .object([("AllowedByPermissionsBoundary", .bool(byBoundary))])))
        }
        if r.crossAccount {
            members.append(("EvalDecisionDetails", .object(Self.decisionDetails(d))))
        }
        var specific: [(String, JSONOutput)] = [
            ("EvalResourceName", .string(r.resource)),
            ("EvalResourceDecision", .string(d.decision.rawValue)),
            ("MatchedStatements", matched),
            ("MissingContextValues", missing),
        ]
        if let byBoundary = d.allowedByBoundary {
            specific.append(("PermissionsBoundaryDecisionDetail", .object([("AllowedByPermissionsBoundary", .bool(byBoundary))])))
        }
        members.append(("ResourceSpecificResults", .array([.object(specific)])))
        return .object(members)
    }

    /// Per policy type, what it alone decided (reported for cross-account results).
    static func decisionDetails(_ d: Decision) -> [(String, JSONOutput)] {
        var details: [(String, JSONOutput)] = []
        for (name, types) in [("IAM Policy", [PolicyType.identityBased]), ("Resource Policy", [.resourceBased, .trust])] {
            let entries = d.trace.filter { types.contains($0.statement.policyType) }
            let decision: EvalDecision =
                entries.contains { $0.outcome == .matched && $0.statement.effect == .deny }
                ? .explicitDeny
                : entries.contains { $0.outcome == .matched } ? .allowed : .implicitDeny
            details.append((name, .string(decision.rawValue)))
        }
        return details
    }
}
