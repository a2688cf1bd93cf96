import Policy

extension World {
    /// Records that a long-term access key signed a request (what `get-access-key-last-used` and
    /// the credential report read).
    mutating func noteKeyUse(_ key: String, service: String, region: String) {
        guard key.hasPrefix("AKIA") else { return }
        keyUses[key] = KeyUse(time: clock.now, service: service, region: region)
    }

    /// The preamble of a call about one customer managed policy's versions: the call authorized on
    /// the policy's ARN, then the policy found (NoSuchEntity otherwise).
    mutating func customerPolicy(_ call: inout Call) throws(AWSError) -> (account: Int, index: Int, arn: String) {
        let actor = try call.actor(&self)
        let arn = try call.required("--policy-arn")
        call.resources = [arn]
        try authorize(actor, access("iam:\(call.api)", on: arn), operation: call.api)
        guard let a = accounts.firstIndex(where: { $0.policyIndex(arn: arn) != nil }), let p = accounts[a].policyIndex(arn: arn) else {
            throw AWSError(.noSuchEntity, "Policy \(arn) was not found.", operation: call.api)
        }
        return (a, p, arn)
    }

    static func versionJSON(_ v: ManagedPolicy.Version, isDefault: Bool, document: Bool) -> JSONOutput {
        var m: [(String, JSONOutput)] = []
        if document { m.append(("Document", documentJSON(v.document))) }
        m += [("VersionId", .string(v.id)), ("IsDefaultVersion", .bool(isDefault)), ("CreateDate", .string(SimulatedClock.iso8601(v.created)))]
        return .object(m)
    }

    /// Policy versions (IAM API reference `API_ListPolicyVersions.html`, `API_DeletePolicyVersion.html`,
    /// `API_SetDefaultPolicyVersion.html`; UG `access_policies_managed-versioning.html`).
    static func policyVersionOperations() -> [Operation] {
        [
            Operation(
                "iam", "list-policy-versions", api: "ListPolicyVersions", "List a managed policy's versions (at most five), the newest first.",
                flags: [Flag("--policy-arn", required: true)]
            ) { world, call throws(AWSError) in
                if let arn = call.string("--policy-arn"), AWSManagedPolicy.named(arn) != nil {
                    let actor = try call.actor(&world)
                    call.resources = [arn]
                    try world.authorize(actor, world.access("iam:ListPolicyVersions", on: arn), operation: call.api)
                    return .object([
                        ("Versions", .array([.object([("VersionId", .string("v1")), ("IsDefaultVersion", .bool(true))])]))
                    ])
                }
                let (a, p, _) = try world.customerPolicy(&call)
                let policy = world.accounts[a].policies[p]
                return .object([
                    ("Versions", .array(policy.versions.reversed().map { versionJSON($0, isDefault: $0.id == policy.defaultVersion, document: false) }))
                ])
            },
            Operation(
                "iam", "set-default-policy-version", api: "SetDefaultPolicyVersion",
                "Make one of a managed policy's versions the one in force (rolling back is setting an older one).",
                flags: [Flag("--policy-arn", required: true), Flag("--version-id", required: true)]
            ) { world, call throws(AWSError) in
                let (a, p, arn) = try world.customerPolicy(&call)
                let id = try call.required("--version-id")
                guard world.accounts[a].policies[p].versions.contains(where: { $0.id == id }) else {
                    throw AWSError(.noSuchEntity, "Policy \(arn) version \(id) does not exist or is not attachable.", operation: call.api)
                }
                world.accounts[a].policies[p].defaultVersion = id
                return nil
            },
            Operation(
                "iam", "delete-policy-version", api: "DeletePolicyVersion", "Delete a version of a managed policy that is not its default.",
                flags: [Flag("--policy-arn", required: true), Flag("--version-id", required: true)]
            ) { world, call throws(AWSError) in
                let (a, p, arn) = try world.customerPolicy(&call)
                let id = try call.required("--version-id")
                guard let v = world.accounts[a].policies[p].versions.firstIndex(where: { $0.id == id }) else {
                    throw AWSError(.noSuchEntity, "Policy \(arn) version \(id) does not exist or is not attachable.", operation: call.api)
                }
                guard world.accounts[a].policies[p].defaultVersion != id else {
                    throw AWSError(.deleteConflict, "Cannot delete the default version of a policy.", operation: call.api)
                }
                world.accounts[a].policies[p].versions.remove(at: v)
                return nil
            },
        ]
    }

    /// Who uses a managed policy, what a key last did, and the whole account at once.
    static func auditOperations() -> [Operation] {
        [
            // IAM API reference `API_ListEntitiesForPolicy.html`.
            Operation(
                "iam", "list-entities-for-policy", api: "ListEntitiesForPolicy",
                "List the users, groups and roles a managed policy is attached to (or is the boundary of).",
                flags: [Flag("--policy-arn", required: true), Flag("--entity-filter"), Flag("--path-prefix"), Flag("--policy-usage-filter")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let arn = try call.required("--policy-arn")
                call.resources = [arn]
                try world.authorize(actor, world.access("iam:ListEntitiesForPolicy", on: arn), operation: call.api)
                let filters = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"]
                if let f = call.string("--entity-filter"), !filters.contains(f) {
                    throw AWSError(
                        .validationError,
                        "1 validation error detected: Value '\(f)' at 'entityFilter' failed to satisfy constraint: Member must satisfy enum value set: [\(filters.joined(separator: ", "))]",
                        operation: call.api)
                }
                let usage = call.string("--policy-usage-filter") ?? "PermissionsPolicy+PermissionsBoundary"
                if let u = call.string("--policy-usage-filter"), !["PermissionsPolicy", "PermissionsBoundary"].contains(u) {
                    throw AWSError(
                        .validationError,
                        "1 validation error detected: Value '\(u)' at 'policyUsageFilter' failed to satisfy constraint: Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]",
                        operation: call.api)
                }
                guard world.policyExists(arn) else { throw AWSError(.noSuchEntity, "Policy \(arn) was not found.", operation: call.api) }
                let a = world.iamAccount(actor)
                let prefix = call.string("--path-prefix") ?? "/"
                let entity = call.string("--entity-filter")
                let asPolicy = usage.contains("PermissionsPolicy")
                let asBoundary = usage.contains("PermissionsBoundary")
                func wanted(_ kind: String) -> Bool { entity == nil || entity == kind }
                let acct = world.accounts[a]
                let groups = acct.groups.filter { wanted("Group") && asPolicy && $0.path.hasPrefix(prefix) && $0.attachedPolicies.contains(arn) }
                let users = acct.users.filter { u in
                    wanted("User") && u.path.hasPrefix(prefix)
                        && ((asPolicy && u.attachedPolicies.contains(arn)) || (asBoundary && u.permissionsBoundary == arn))
                }
                let roles = acct.roles.filter { r in
                    wanted("Role") && r.path.hasPrefix(prefix)
                        && ((asPolicy && r.attachedPolicies.contains(arn)) || (asBoundary && r.permissionsBoundary == arn))
                }
                return .object([
                    ("PolicyGroups", .array(groups.map { .object([("GroupName", .string($0.name)), ("GroupId", .string($0.id))]) })),
                    ("PolicyUsers", .array(users.map { .object([("UserName", .string($0.name)), ("UserId", .string($0.id))]) })),
                    ("PolicyRoles", .array(roles.map { .object([("RoleName", .string($0.name)), ("RoleId", .string($0.id))]) })),
                ])
            },
            // IAM API reference `API_GetAccessKeyLastUsed.html`: "N/A" for a key never used.
            Operation(
                "iam", "get-access-key-last-used", api: "GetAccessKeyLastUsed", "Show when an access key was last used, for which service and in which region.",
                flags: [Flag("--access-key-id", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let id = try call.required("--access-key-id")
                let a = world.iamAccount(actor)
                guard let user = world.accounts[a].users.first(where: { $0.accessKeys.contains { $0.id == id } }),
                    let key = user.accessKeys.first(where: { $0.id == id })
                else {
                    try world.authorize(actor, world.access("iam:GetAccessKeyLastUsed", on: "arn:aws:iam::\(world.accounts[a].id):user/*"), operation: call.api)
                    throw AWSError(.noSuchEntity, "The Access Key with id \(id) cannot be found.", operation: call.api)
                }
                call.resources = [user.arn(world.accounts[a].id)]
                try world.authorize(actor, world.access("iam:GetAccessKeyLastUsed", on: user.arn(world.accounts[a].id)), operation: call.api)
                var used: [(String, JSONOutput)] = []
                let use = world.keyUses[key.id]
                if let at = use?.time { used.append(("LastUsedDate", .string(SimulatedClock.iso8601(at)))) }
                used += [("ServiceName", .string(use?.service ?? "N/A")), ("Region", .string(use?.region ?? "N/A"))]
                return .object([("UserName", .string(user.name)), ("AccessKeyLastUsed", .object(used))])
            },
        ]
    }
}
