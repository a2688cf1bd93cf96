import Policy

extension World {
    static func iamPolicyOperations() -> [Operation] {
        var ops: [Operation] = []
        ops.append(
            Operation(
                "iam", "create-policy", api: "CreatePolicy", "Create a customer managed policy that can be attached to many users, groups and roles.",
                flags: [Flag("--policy-name", required: true), Flag("--policy-document", .json, required: true), Flag("--path"), Flag("--description")]
            ) { world, call throws(AWSError) in
                let entity = try world.newEntity("policy", maxNameLength: 128, &call)
                let (a, name, path, arn) = (entity.account, entity.name, entity.path, entity.arn)
                let document = try checkedPolicy(try call.required("--policy-document"), kind: .identity, operation: call.api, limit: 6144, what: "PolicySize")
                guard world.accounts[a].policyIndex(arn: arn) == nil, !world.accounts[a].policies.contains(where: { $0.name.lowercased() == name.lowercased() })
                else {
                    throw AWSError(.entityAlreadyExists, "A policy called \(name) already exists. Duplicate names are not allowed.", operation: call.api)
                }
                let policy = ManagedPolicy(
                    name: name, path: path, id: world.ids.id("ANPA"), created: world.clock.now, description: call.string("--description"),
                    versions: [.init(id: "v1", document: document, created: world.clock.now)], defaultVersion: "v1")
                world.accounts[a].policies.append(policy)
                return .object([("Policy", world.policyJSON(policy, world.accounts[a].id, attachments: 0))])
            })
        ops.append(
            Operation(
                "iam", "create-policy-version", api: "CreatePolicyVersion", "Add a version to a managed policy (at most five are kept).",
                flags: [Flag("--policy-arn", required: true), Flag("--policy-document", .json, required: true), Flag("--set-as-default", .boolean)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let arn = try call.required("--policy-arn")
                call.resources = [arn]
                try world.authorize(actor, Access("iam:CreatePolicyVersion", on: arn), operation: call.api)
                guard let a = world.accounts.firstIndex(where: { $0.policyIndex(arn: arn) != nil }), let p = world.accounts[a].policyIndex(arn: arn) else {
                    throw AWSError(.noSuchEntity, "Policy \(arn) does not exist or is not attachable.", operation: call.api)
                }
                let document = try checkedPolicy(try call.required("--policy-document"), kind: .identity, operation: call.api, limit: 6144, what: "PolicySize")
                guard world.accounts[a].policies[p].versions.count < 5 else {
                    throw AWSError(
                        .limitExceeded, "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
                        operation: call.api)
                }
                let next = (world.accounts[a].policies[p].versions.compactMap { Int($0.id.dropFirst()) }.max() ?? 0) + 1
                let version = ManagedPolicy.Version(id: "v\(next)", document: document, created: world.clock.now)
                world.accounts[a].policies[p].versions.append(version)
                if call.bool("--set-as-default") { world.accounts[a].policies[p].defaultVersion = version.id }
                return .object([
                    (
                        "PolicyVersion",
                        .object([
                            ("VersionId", .string(version.id)), ("IsDefaultVersion", .bool(call.bool("--set-as-default"))),
                            ("CreateDate", .string(SimulatedClock.iso8601(version.created))),
                        ])
                    )
                ])
            })
        ops.append(
            Operation("iam", "get-policy", api: "GetPolicy", "Show a managed policy.", flags: [Flag("--policy-arn", required: true)]) {
                world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let arn = try call.required("--policy-arn")
                try world.authorize(actor, Access("iam:GetPolicy", on: arn), operation: call.api)
                if let aws = AWSManagedPolicy.named(arn) {
                    return .object([
                        (
                            "Policy",
                            .object([
                                ("PolicyName", .string(aws.name)), ("Arn", .string(aws.arn)), ("Path", .string(aws.path)), ("DefaultVersionId", .string("v1")),
                                ("AttachmentCount", .integer(world.attachmentCount(arn))), ("IsAttachable", .bool(true)),
                                ("Description", .string(aws.description)),
                            ])
                        )
                    ])
                }
                guard let a = world.accounts.firstIndex(where: { $0.policyIndex(arn: arn) != nil }), let p = world.accounts[a].policyIndex(arn: arn) else {
                    throw AWSError(.noSuchEntity, "Policy \(arn) was not found.", operation: call.api)
                }
                return .object([("Policy", world.policyJSON(world.accounts[a].policies[p], world.accounts[a].id, attachments: world.attachmentCount(arn)))])
            })
        ops.append(
            Operation(
                "iam", "get-policy-version", api: "GetPolicyVersion", "Show the document of a managed policy's version.",
                flags: [Flag("--policy-arn", required: true), Flag("--version-id", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let arn = try call.required("--policy-arn")
                let versionId = try call.required("--version-id")
                try world.authorize(actor, Access("iam:GetPolicyVersion", on: arn), operation: call.api)
                if let aws = AWSManagedPolicy.named(arn) {
                    guard versionId == "v1" else {
                        throw AWSError(.noSuchEntity, "Policy \(arn) version \(versionId) does not exist or is not attachable.", operation: call.api)
                    }
                    var version: [(String, JSONOutput)] = [
                        ("Document", documentJSON(aws.document)), ("VersionId", .string("v1")), ("IsDefaultVersion", .bool(true)),
                    ]
                    if aws.abbreviated {
                        version.append(
                            (
                                "Note",
                                .string(
                                    "abbreviated by iam-tutor: the real policy lists many more services; this copy keeps the services the simulated world has")
                            ))
                    }
                    return .object([("PolicyVersion", .object(version))])
                }
                guard let a = world.accounts.firstIndex(where: { $0.policyIndex(arn: arn) != nil }), let p = world.accounts[a].policyIndex(arn: arn),
                    let v = world.accounts[a].policies[p].versions.first(where: { $0.id == versionId })
                else {
                    throw AWSError(.noSuchEntity, "Policy \(arn) version \(versionId) does not exist or is not attachable.", operation: call.api)
                }
                return .object([
                    (
                        "PolicyVersion",
                        .object([
                            ("Document", documentJSON(v.document)), ("VersionId", .string(v.id)),
                            ("IsDefaultVersion", .bool(world.accounts[a].policies[p].defaultVersion == v.id)),
                            ("CreateDate", .string(SimulatedClock.iso8601(v.created))),
                        ])
                    )
                ])
            })
        ops.append(
            Operation(
                "iam", "list-policies", api: "ListPolicies", "List managed policies (--scope Local for yours, AWS for AWS's).",
                flags: [Flag("--scope"), Flag("--only-attached", .boolean)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                try world.authorize(actor, Access("iam:ListPolicies", on: "arn:aws:iam::\(world.accounts[a].id):policy/"), operation: call.api)
                let scope = call.string("--scope") ?? "All"
                guard ["All", "AWS", "Local"].contains(scope) else {
                    throw AWSError(
                        .validationError,
                        "1 validation error detected: Value '\(scope)' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
                        operation: call.api)
                }
                var list: [JSONOutput] = []
                if scope != "Local" {
                    for p in AWSManagedPolicy.catalog where !call.bool("--only-attached") || world.attachmentCount(p.arn) > 0 {
                        list.append(
                            .object([
                                ("PolicyName", .string(p.name)), ("Arn", .string(p.arn)), ("Path", .string(p.path)),
                                ("AttachmentCount", .integer(world.attachmentCount(p.arn))),
                            ]))
                    }
                }
                if scope != "AWS" {
                    for p in world.accounts[a].policies where !call.bool("--only-attached") || world.attachmentCount(p.arn(world.accounts[a].id)) > 0 {
                        list.append(world.policyJSON(p, world.accounts[a].id, attachments: world.attachmentCount(p.arn(world.accounts[a].id))))
                    }
                }
                return .object([("Policies", .array(list))])
            })
        ops.append(
            Operation(
                "iam", "delete-policy", api: "DeletePolicy", "Delete a customer managed policy that nothing uses.",
                flags: [Flag("--policy-arn", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let arn = try call.required("--policy-arn")
                try world.authorize(actor, Access("iam:DeletePolicy", on: arn), operation: call.api)
                guard let a = world.accounts.firstIndex(where: { $0.policyIndex(arn: arn) != nil }), let p = world.accounts[a].policyIndex(arn: arn) else {
                    throw AWSError(.noSuchEntity, "Policy \(arn) was not found.", operation: call.api)
                }
                guard world.attachmentCount(arn) == 0 else {
                    throw AWSError(.deleteConflict, "Cannot delete a policy attached to entities.", operation: call.api)
                }
                world.accounts[a].policies.remove(at: p)
                return nil
            })
        return ops
    }
}
