import Policy

extension World {
    /// The flags both simulate commands share, in the order the CLI lists them.
    static let simulationFlags = [
        Flag("--policy-input-list", .list), Flag("--permissions-boundary-policy-input-list", .list), Flag("--action-names", .list, required: true),
        Flag("--resource-arns", .list), Flag("--resource-policy", .json), Flag("--resource-owner"), Flag("--caller-arn"),
        Flag("--context-entries", .list), Flag("--resource-handling-option"),
    ]

    /// The request the flags make, as the CLI sends it: the same `SimulationRequest` that
    /// `iam-tutor simulate --cli-input-json` reads, so both are checked and answered alike.
    static func simulationRequest(_ call: Call) throws(AWSError) -> SimulationRequest {
        var members: [(String, JSONOutput)] = []
        func strings(_ flag: String, _ name: String) {
            let items = call.list(flag)
            if !items.isEmpty { members.append((name, .array(items.map { .string($0) }))) }
        }
        strings("--policy-input-list", "PolicyInputList")
        if call.string("--policy-input-list") == nil { members.append(("PolicyInputList", .array([]))) }
        strings("--permissions-boundary-policy-input-list", "PermissionsBoundaryPolicyInputList")
        strings("--action-names", "ActionNames")
        strings("--resource-arns", "ResourceArns")
        for (flag, name) in [
            ("--resource-policy", "ResourcePolicy"), ("--resource-owner", "ResourceOwner"), ("--caller-arn", "CallerArn"),
            ("--resource-handling-option", "ResourceHandlingOption"),
        ] {
            if let v = call.string(flag) { members.append((name, .string(v))) }
        }
        let entries = contextEntries(call.list("--context-entries"))
        if !entries.isEmpty { members.append(("ContextEntries", .array(entries))) }
        do {
            return try SimulationRequest(json: JSONOutput.object(members).compact)
        } catch {
            throw awsError(error, operation: call.api)
        }
    }

    /// `--context-entries` in the CLI's shorthand (`ContextKeyName=K,ContextKeyValues=V1,V2,ContextKeyType=T`,
    /// one entry per word) or its JSON form.
    static func contextEntries(_ items: [String]) -> [JSONOutput] {
        if items.count == 1, items[0].hasPrefix("["), let json = try? JSONParser.parse(items[0]), case .array(let list) = json.kind {
            return list.map(JSONOutput.init)
        }
        return items.map { item in
            var fields: [(String, [String])] = []
            for token in item.split(separator: ",").map(String.init) {
                if let eq = token.firstIndex(of: "="), !fields.isEmpty || token.hasPrefix("ContextKey") {
                    fields.append((String(token[..<eq]), [String(token[token.index(after: eq)...])]))
                } else if !fields.isEmpty {
                    fields[fields.count - 1].1.append(token)
                }
            }
            return .object(
                fields.map { name, values in
                    name == "ContextKeyValues" ? (name, .array(values.map { .string($0) })) : (name, .string(values.joined(separator: ",")))
                })
        }
    }

    /// The simulator's refusal as the CLI prints it.
    static func awsError(_ error: SimulationError, operation: String) -> AWSError {
        switch error.kind {
        case .paramValidation, .invalidJSON: AWSError(validation: error.message)
        case .invalidInput: AWSError(.invalidInput, error.message, operation: operation)
        case .malformedPolicy: AWSError(.malformedPolicyDocument, error.message, operation: operation)
        }
    }

    static func simulatorOperations() -> [Operation] {
        [
            Operation(
                "iam", "simulate-custom-policy", api: "SimulateCustomPolicy",
                "Ask the policy simulator what some policies allow, without attaching them to anyone.",
                flags: [Flag("--policy-input-list", .list, required: true)] + simulationFlags.dropFirst()
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, world.access("iam:SimulateCustomPolicy", on: "*"), operation: call.api)
                let request = try simulationRequest(call)
                guard !request.policyInputList.isEmpty else {
                    throw AWSError(validation: "Missing required parameter in input: \"PolicyInputList\"")
                }
                do throws(SimulationError) {
                    return try PolicySimulator(request).cliResponse()
                } catch {
                    throw awsError(error, operation: call.api)
                }
            },
            Operation(
                "iam", "simulate-principal-policy", api: "SimulatePrincipalPolicy",
                "Ask the policy simulator what a user, group or role may do with the policies it has now (and any you add).",
                flags: [Flag("--policy-source-arn", required: true)] + simulationFlags
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let source = try call.required("--policy-source-arn")
                call.resources = [source]
                try world.authorize(actor, world.access("iam:SimulatePrincipalPolicy", on: source), operation: call.api)
                let request = try simulationRequest(call)
                let (principal, caller, isUser) = try world.simulatedPrincipal(source, operation: call.api)
                do throws(SimulationError) {
                    return try PolicySimulator(request, principal: principal, caller: caller, callerIsUser: isUser).cliResponse()
                } catch {
                    throw awsError(error, operation: call.api)
                }
            },
        ]
    }

    /// The policies of the user, group or role an ARN names, as the simulator reads them: a user's
    /// own and its groups', a group's, or a role's, with the boundary and the account's SCPs.
    func simulatedPrincipal(_ arn: String, operation: String) throws(AWSError) -> (PolicySet, Caller, Bool) {
        guard let parsed = ARN(arn), parsed.service == "iam", let acct = account(parsed.account) else {
            throw AWSError(.invalidInput, "Invalid ARN: \(arn)", operation: operation)
        }
        let name = parsed.resourceName
        var set = PolicySet()
        set.serviceControlPolicies = acct.compiledSCPs.map { level in level.enumerated().compactMap { $1.named("scp-\($0 + 1)", type: "scp") } }
        switch parsed.resource.prefix(while: { $0 != "/" }) {
        case "user":
            guard let user = acct.user(name) else { throw Self.noSuch("user", name, operation: operation) }
            set.identity = userPolicies(account: acct, user: user)
            set.boundary = user.permissionsBoundary.flatMap(managed)
            set.callerHasBoundary = set.boundary != nil
            return (set, .user(account: acct.id, path: user.path, name: user.name), true)
        case "group":
            guard let group = acct.group(name) else { throw Self.noSuch("group", name, operation: operation) }
            for p in group.inlinePolicies { set.identity += [p.compiled.named("group/\(group.name)/\(p.name)", type: "group")].compactMap { $0 } }
            set.identity += group.attachedPolicies.compactMap(managed)
            return (set, .user(account: acct.id, path: "/", name: "SimulatedCaller"), true)
        case "role":
            guard let role = acct.role(name) else { throw Self.noSuch("role", name, operation: operation) }
            set.identity = rolePolicies(role: role)
            set.boundary = role.permissionsBoundary.flatMap(managed)
            set.callerHasBoundary = set.boundary != nil
            return (set, .roleSession(account: acct.id, roleName: role.name, sessionName: "SimulatedSession"), false)
        default:
            throw AWSError(.invalidInput, "Invalid ARN: \(arn). PolicySourceArn must be the ARN of a user, group or role.", operation: operation)
        }
    }
}
