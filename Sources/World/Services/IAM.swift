import Policy

extension World {
    func userJSON(_ u: User, _ account: String) -> JSONOutput {
        var m: [(String, JSONOutput)] = [
            ("Path", .string(u.path)), ("UserName", .string(u.name)), ("UserId", .string(u.id)), ("Arn", .string(u.arn(account))),
            ("CreateDate", .string(SimulatedClock.iso8601(u.created))),
        ]
        if let b = u.permissionsBoundary {
            m.append(
                ("PermissionsBoundary", .object([("PermissionsBoundaryType", .string("PermissionsBoundaryPolicy")), ("PermissionsBoundaryArn", .string(b))])))
        }
        if !u.tags.isEmpty { m.append(("Tags", Self.tagsJSON(u.tags))) }
        return .object(m)
    }

    func groupJSON(_ g: Group, _ account: String) -> JSONOutput {
        .object([
            ("Path", .string(g.path)), ("GroupName", .string(g.name)), ("GroupId", .string(g.id)), ("Arn", .string(g.arn(account))),
            ("CreateDate", .string(SimulatedClock.iso8601(g.created))),
        ])
    }

    func roleJSON(_ r: Role, _ account: String) -> JSONOutput {
        var m: [(String, JSONOutput)] = [
            ("Path", .string(r.path)), ("RoleName", .string(r.name)), ("RoleId", .string(r.id)), ("Arn", .string(r.arn(account))),
            ("CreateDate", .string(SimulatedClock.iso8601(r.created))), ("AssumeRolePolicyDocument", Self.documentJSON(r.trustPolicy)),
        ]
        if let d = r.description { m.append(("Description", .string(d))) }
        m.append(("MaxSessionDuration", .integer(r.maxSessionDuration)))
        if let b = r.permissionsBoundary {
            m.append(
                ("PermissionsBoundary", .object([("PermissionsBoundaryType", .string("PermissionsBoundaryPolicy")), ("PermissionsBoundaryArn", .string(b))])))
        }
        if !r.tags.isEmpty { m.append(("Tags", Self.tagsJSON(r.tags))) }
        return .object(m)
    }

    func policyJSON(_ p: ManagedPolicy, _ account: String, attachments: Int) -> JSONOutput {
        var m: [(String, JSONOutput)] = [
            ("PolicyName", .string(p.name)), ("PolicyId", .string(p.id)), ("Arn", .string(p.arn(account))), ("Path", .string(p.path)),
            ("DefaultVersionId", .string(p.defaultVersion)), ("AttachmentCount", .integer(attachments)),
            ("PermissionsBoundaryUsageCount", .integer(0)), ("IsAttachable", .bool(true)),
            ("CreateDate", .string(SimulatedClock.iso8601(p.created))), ("UpdateDate", .string(SimulatedClock.iso8601(p.versions.last?.created ?? p.created))),
        ]
        if !p.tags.isEmpty { m.append(("Tags", Self.tagsJSON(p.tags))) }
        return .object(m)
    }

    /// How many users, groups and roles have the managed policy attached.
    public func attachmentCount(_ arn: String) -> Int {
        accounts.reduce(0) { sum, a in
            sum + a.users.filter { $0.attachedPolicies.contains(arn) }.count + a.groups.filter { $0.attachedPolicies.contains(arn) }.count
                + a.roles.filter { $0.attachedPolicies.contains(arn) }.count
        }
    }

    static func iamOperations() -> [Operation] {
        var ops: [Operation] = []

        // MARK: users
        ops.append(
            Operation(
                "iam", "create-user", api: "CreateUser", "Create an IAM user: a long-term identity for one person or one application.",
                flags: [Flag("--user-name", required: true), Flag("--path"), Flag("--permissions-boundary"), Flag("--tags", .list)]
            ) { world, call throws(AWSError) in
                let entity = try world.newEntity("user", maxNameLength: 64, &call)
                let (a, name, path) = (entity.account, entity.name, entity.path)
                guard world.accounts[a].userIndex(name) == nil else {
                    throw AWSError(.entityAlreadyExists, "User with name \(name) already exists.", operation: call.api)
                }
                var user = User(name: name, path: path, id: world.ids.id("AIDA"), created: world.clock.now)
                user.tags = try checkedTags(try requestTags(call), target: .user, operation: call.api)
                if let boundary = call.string("--permissions-boundary") {
                    guard world.policyExists(boundary) else {
                        throw AWSError(.noSuchEntity, "Policy \(boundary) does not exist or is not attachable.", operation: call.api)
                    }
                    user.permissionsBoundary = boundary
                }
                world.accounts[a].users.append(user)
                return .object([("User", world.userJSON(user, world.accounts[a].id))])
            })
        ops.append(
            Operation(
                "iam", "get-user", api: "GetUser", "Show a user (yourself when no name is given).", flags: [Flag("--user-name")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                var name = call.string("--user-name")
                if name == nil, case .user(_, let me) = actor.kind { name = me }
                guard let name else {
                    throw AWSError(.validationError, "Must specify userName when calling with non-User credentials", operation: call.api)
                }
                try world.authorize(actor, Access("iam:GetUser", on: world.entityArn(.user, name, account: a)), operation: call.api)
                guard let user = world.accounts[a].user(name) else { throw noSuch("user", name, operation: call.api) }
                return .object([("User", world.userJSON(user, world.accounts[a].id))])
            })
        ops.append(
            Operation("iam", "list-users", api: "ListUsers", "List the account's users.", flags: [Flag("--path-prefix")]) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                try world.authorize(actor, Access("iam:ListUsers", on: "arn:aws:iam::\(world.accounts[a].id):user/"), operation: call.api)
                let users = world.accounts[a].users.filter { $0.path.hasPrefix(call.string("--path-prefix") ?? "/") }.sorted {
                    $0.name.lowercased() < $1.name.lowercased()
                }
                return .object([("Users", .array(users.map { world.userJSON($0, world.accounts[a].id) }))])
            })
        ops.append(
            Operation(
                "iam", "delete-user", api: "DeleteUser", "Delete a user (its keys, groups and policies first).", flags: [Flag("--user-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.user, &call)
                guard let i = world.accounts[a].userIndex(name) else { throw noSuch("user", name, operation: call.api) }
                let user = world.accounts[a].users[i]
                // What must go first, in the order the DeleteUser API reference lists it.
                let conflict: String? =
                    if user.loginProfile != nil { "must delete login profile first" } else if !user.accessKeys.isEmpty {
                        "must delete access keys first"
                    } else if user.mfaDevices.contains(where: \.enabled) { "must delete MFA device first" } else if !user.inlinePolicies.isEmpty {
                        "must delete policies first"
                    } else if !user.attachedPolicies.isEmpty { "must detach all policies first" } else if !world.accounts[a].groups(of: user.name).isEmpty {
                        "must remove users from group first"
                    } else { nil }
                if let conflict { throw AWSError(.deleteConflict, "Cannot delete entity, \(conflict).", operation: call.api) }
                world.accounts[a].users.remove(at: i)
                world.replacePrincipal(arn: user.arn(world.accounts[a].id), withId: user.id)
                return nil
            })
        ops.append(
            Operation(
                "iam", "create-login-profile", api: "CreateLoginProfile", "Give a user a console password.",
                flags: [Flag("--user-name", required: true), Flag("--password", required: true), Flag("--password-reset-required", .boolean)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.user, &call)
                guard let i = world.accounts[a].userIndex(name) else { throw noSuch("user", name, operation: call.api) }
                guard world.accounts[a].users[i].loginProfile == nil else {
                    throw AWSError(.entityAlreadyExists, "Login Profile for user \(name) already exists.", operation: call.api)
                }
                try world.checkPassword(try call.required("--password"), account: a, operation: call.api)
                let profile = LoginProfile(created: world.clock.now, passwordResetRequired: call.bool("--password-reset-required"))
                world.accounts[a].users[i].loginProfile = profile
                return .object([("LoginProfile", loginProfileJSON(profile, user: name))])
            })
        ops.append(
            Operation(
                "iam", "get-login-profile", api: "GetLoginProfile", "Show whether a user has a console password (never the password).",
                flags: [Flag("--user-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.user, &call)
                guard let user = world.accounts[a].user(name) else { throw noSuch("user", name, operation: call.api) }
                guard let profile = user.loginProfile else { throw noLoginProfile(user.name, operation: call.api) }
                return .object([("LoginProfile", loginProfileJSON(profile, user: user.name))])
            })
        ops.append(
            Operation(
                "iam", "update-login-profile", api: "UpdateLoginProfile", "Change a user's console password, or whether it must be changed.",
                flags: [Flag("--user-name", required: true), Flag("--password"), Flag("--password-reset-required", .boolean)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.user, &call)
                guard let i = world.accounts[a].userIndex(name) else { throw noSuch("user", name, operation: call.api) }
                guard world.accounts[a].users[i].loginProfile != nil else {
                    throw noLoginProfile(world.accounts[a].users[i].name, operation: call.api)
                }
                if let password = call.string("--password") { try world.checkPassword(password, account: a, operation: call.api) }
                if let reset = call.values["--password-reset-required"] {
                    world.accounts[a].users[i].loginProfile?.passwordResetRequired = reset == "true"
                }
                return nil
            })
        ops.append(
            Operation(
                "iam", "delete-login-profile", api: "DeleteLoginProfile", "Take a user's console password away (its access keys stay).",
                flags: [Flag("--user-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.user, &call)
                guard let i = world.accounts[a].userIndex(name) else { throw noSuch("user", name, operation: call.api) }
                guard world.accounts[a].users[i].loginProfile != nil else {
                    throw noLoginProfile(world.accounts[a].users[i].name, operation: call.api)
                }
                world.accounts[a].users[i].loginProfile = nil
                return nil
            })
        for kind in [IAMEntity.user, .role] {
            ops.append(
                Operation(
                    "iam", "put-\(kind.rawValue)-permissions-boundary", api: "Put\(kind.title)PermissionsBoundary",
                    "Set a managed policy as the \(kind.rawValue)'s permissions boundary: the most it may ever be allowed.",
                    flags: [Flag(kind.flag, required: true), Flag("--permissions-boundary", required: true)]
                ) { world, call throws(AWSError) in
                    let arn = try call.required("--permissions-boundary")
                    let (a, name) = try world.existingEntity(kind, &call, alsoNaming: [arn])
                    guard world.policyExists(arn) else {
                        throw AWSError(.noSuchEntity, "Policy \(arn) does not exist or is not attachable.", operation: call.api)
                    }
                    if kind == .user, let i = world.accounts[a].userIndex(name) { world.accounts[a].users[i].permissionsBoundary = arn }
                    if kind == .role, let i = world.accounts[a].roleIndex(name) { world.accounts[a].roles[i].permissionsBoundary = arn }
                    return nil
                })
            // IAM API reference `API_DeleteUserPermissionsBoundary.html`, `API_DeleteRolePermissionsBoundary.html`.
            ops.append(
                Operation(
                    "iam", "delete-\(kind.rawValue)-permissions-boundary", api: "Delete\(kind.title)PermissionsBoundary",
                    "Take away the \(kind.rawValue)'s permissions boundary: its own policies alone then say what it may do.",
                    flags: [Flag(kind.flag, required: true)]
                ) { world, call throws(AWSError) in
                    let (a, name) = try world.existingEntity(kind, &call)
                    if kind == .user, let i = world.accounts[a].userIndex(name) { world.accounts[a].users[i].permissionsBoundary = nil }
                    if kind == .role, let i = world.accounts[a].roleIndex(name) { world.accounts[a].roles[i].permissionsBoundary = nil }
                    return nil
                })
        }

        // MARK: groups
        ops.append(
            Operation(
                "iam", "create-group", api: "CreateGroup", "Create a group: a set of users who share permissions.",
                flags: [Flag("--group-name", required: true), Flag("--path")]
            ) { world, call throws(AWSError) in
                let entity = try world.newEntity("group", maxNameLength: 128, &call)
                let (a, name, path) = (entity.account, entity.name, entity.path)
                guard world.accounts[a].groupIndex(name) == nil else {
                    throw AWSError(.entityAlreadyExists, "Group with name \(name) already exists.", operation: call.api)
                }
                let group = Group(name: name, path: path, id: world.ids.id("AGPA"), created: world.clock.now)
                world.accounts[a].groups.append(group)
                return .object([("Group", world.groupJSON(group, world.accounts[a].id))])
            })
        ops.append(
            Operation("iam", "get-group", api: "GetGroup", "Show a group and its users.", flags: [Flag("--group-name", required: true)]) {
                world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.group, &call)
                guard let g = world.accounts[a].group(name) else { throw noSuch("group", name, operation: call.api) }
                let users = g.members.compactMap { world.accounts[a].user($0) }.map { world.userJSON($0, world.accounts[a].id) }
                return .object([("Users", .array(users)), ("Group", world.groupJSON(g, world.accounts[a].id))])
            })
        ops.append(
            Operation("iam", "list-groups", api: "ListGroups", "List the account's groups.") { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                try world.authorize(actor, Access("iam:ListGroups", on: "arn:aws:iam::\(world.accounts[a].id):group/"), operation: call.api)
                let groups = world.accounts[a].groups.sorted { $0.name.lowercased() < $1.name.lowercased() }
                return .object([("Groups", .array(groups.map { world.groupJSON($0, world.accounts[a].id) }))])
            })
        ops.append(
            Operation("iam", "list-groups-for-user", api: "ListGroupsForUser", "List the groups a user is in.", flags: [Flag("--user-name", required: true)]) {
                world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.user, &call)
                guard world.accounts[a].userIndex(name) != nil else { throw noSuch("user", name, operation: call.api) }
                return .object([("Groups", .array(world.accounts[a].groups(of: name).map { world.groupJSON($0, world.accounts[a].id) }))])
            })
        ops.append(
            Operation(
                "iam", "add-user-to-group", api: "AddUserToGroup", "Add a user to a group.",
                flags: [Flag("--group-name", required: true), Flag("--user-name", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let group = try call.required("--group-name")
                let user = try call.required("--user-name")
                call.resources = [world.entityArn(.group, group, account: a), world.entityArn(.user, user, account: a)]
                try world.authorize(actor, Access("iam:AddUserToGroup", on: world.entityArn(.group, group, account: a)), operation: call.api)
                guard let g = world.accounts[a].groupIndex(group) else {
                    // IAM says only that no such group exists; why a role is not one is the tutor's to say.
                    if world.accounts[a].roleIndex(group) != nil {
                        world.notice = "\(group) is a role: a group holds users only, and a role cannot join a group"
                    }
                    throw noSuch("group", group, operation: call.api)
                }
                guard let u = world.accounts[a].user(user) else {
                    if world.accounts[a].groupIndex(user) != nil {
                        world.notice = "\(user) is a group: groups cannot be nested"
                    } else if world.accounts[a].roleIndex(user) != nil {
                        world.notice = "\(user) is a role: only users join groups"
                    }
                    throw noSuch("user", user, operation: call.api)
                }
                if !world.accounts[a].groups[g].members.contains(u.name) {
                    guard world.accounts[a].groups(of: u.name).count < 10 else {
                        throw AWSError(.limitExceeded, "Cannot exceed quota for GroupsPerUser: 10", operation: call.api)
                    }
                    world.accounts[a].groups[g].members.append(u.name)
                }
                return nil
            })
        ops.append(
            Operation(
                "iam", "remove-user-from-group", api: "RemoveUserFromGroup", "Remove a user from a group.",
                flags: [Flag("--group-name", required: true), Flag("--user-name", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let group = try call.required("--group-name")
                let user = try call.required("--user-name")
                try world.authorize(actor, Access("iam:RemoveUserFromGroup", on: world.entityArn(.group, group, account: a)), operation: call.api)
                guard let g = world.accounts[a].groupIndex(group) else { throw noSuch("group", group, operation: call.api) }
                guard let i = world.accounts[a].groups[g].members.firstIndex(where: { $0.lowercased() == user.lowercased() }) else {
                    throw noSuch("user", user, operation: call.api)
                }
                world.accounts[a].groups[g].members.remove(at: i)
                return nil
            })
        ops.append(
            Operation("iam", "delete-group", api: "DeleteGroup", "Delete an empty group.", flags: [Flag("--group-name", required: true)]) {
                world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.group, &call)
                guard let i = world.accounts[a].groupIndex(name) else { throw noSuch("group", name, operation: call.api) }
                let g = world.accounts[a].groups[i]
                if !g.members.isEmpty { throw AWSError(.deleteConflict, "Cannot delete entity, must remove users from group first.", operation: call.api) }
                if !g.attachedPolicies.isEmpty || !g.inlinePolicies.isEmpty {
                    throw AWSError(.deleteConflict, "Cannot delete entity, must delete policies first.", operation: call.api)
                }
                world.accounts[a].groups.remove(at: i)
                return nil
            })

        // MARK: roles
        ops.append(
            Operation(
                "iam", "create-role", api: "CreateRole", "Create a role: permissions that trusted principals assume for a while.",
                flags: [
                    Flag("--role-name", required: true), Flag("--assume-role-policy-document", .json, required: true), Flag("--path"),
                    Flag("--description"), Flag("--max-session-duration", .integer), Flag("--permissions-boundary"), Flag("--tags", .list),
                ]
            ) { world, call throws(AWSError) in
                let entity = try world.newEntity("role", maxNameLength: 64, &call)
                let (a, name, path) = (entity.account, entity.name, entity.path)
                try world.refuseGroupPrincipal(try call.required("--assume-role-policy-document"), s3: false, operation: call.api)
                let trust = try checkedPolicy(
                    try call.required("--assume-role-policy-document"), kind: .trust, operation: call.api, limit: 2048, what: "ACLSizePerRole")
                try checkTrustActions(trust, operation: call.api)
                guard world.accounts[a].roleIndex(name) == nil else {
                    throw AWSError(.entityAlreadyExists, "Role with name \(name) already exists.", operation: call.api)
                }
                try world.checkTrustPrincipals(trust, operation: call.api)
                var role = Role(
                    name: name, path: path, id: world.ids.id("AROA"), created: world.clock.now, trustPolicy: trust, description: call.string("--description"))
                if let max = try call.integer("--max-session-duration") {
                    guard (3600...43200).contains(max) else {
                        throw AWSError(
                            .validationError,
                            "1 validation error detected: Value '\(max)' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200",
                            operation: call.api)
                    }
                    role.maxSessionDuration = max
                }
                if let boundary = call.string("--permissions-boundary") {
                    guard world.policyExists(boundary) else {
                        throw AWSError(.noSuchEntity, "Policy \(boundary) does not exist or is not attachable.", operation: call.api)
                    }
                    role.permissionsBoundary = boundary
                }
                role.tags = try checkedTags(try requestTags(call), target: .role, operation: call.api)
                world.accounts[a].roles.append(role)
                return .object([("Role", world.roleJSON(role, world.accounts[a].id))])
            })
        ops.append(
            Operation("iam", "get-role", api: "GetRole", "Show a role and its trust policy.", flags: [Flag("--role-name", required: true)]) {
                world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.role, &call)
                guard let r = world.accounts[a].role(name) else { throw noSuch("role", name, operation: call.api) }
                return .object([("Role", world.roleJSON(r, world.accounts[a].id))])
            })
        ops.append(
            Operation("iam", "list-roles", api: "ListRoles", "List the account's roles.") { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                try world.authorize(actor, Access("iam:ListRoles", on: "arn:aws:iam::\(world.accounts[a].id):role/"), operation: call.api)
                let roles = world.accounts[a].roles.sorted { $0.name.lowercased() < $1.name.lowercased() }
                return .object([("Roles", .array(roles.map { world.roleJSON($0, world.accounts[a].id) }))])
            })
        ops.append(
            Operation(
                "iam", "update-assume-role-policy", api: "UpdateAssumeRolePolicy", "Replace a role's trust policy (who may assume it).",
                flags: [Flag("--role-name", required: true), Flag("--policy-document", .json, required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.role, &call)
                guard let i = world.accounts[a].roleIndex(name) else { throw noSuch("role", name, operation: call.api) }
                try world.refuseGroupPrincipal(try call.required("--policy-document"), s3: false, operation: call.api)
                let trust = try checkedPolicy(
                    try call.required("--policy-document"), kind: .trust, operation: call.api, limit: 2048, what: "ACLSizePerRole")
                try checkTrustActions(trust, operation: call.api)
                try world.checkTrustPrincipals(trust, operation: call.api)
                world.accounts[a].roles[i].trustPolicy = trust
                return nil
            })
        ops.append(
            Operation(
                "iam", "update-role", api: "UpdateRole", "Change a role's description or maximum session duration.",
                flags: [Flag("--role-name", required: true), Flag("--description"), Flag("--max-session-duration", .integer)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.role, &call)
                guard let i = world.accounts[a].roleIndex(name) else { throw noSuch("role", name, operation: call.api) }
                if let max = try call.integer("--max-session-duration") {
                    guard (3600...43200).contains(max) else {
                        throw AWSError(
                            .validationError,
                            "1 validation error detected: Value '\(max)' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200",
                            operation: call.api)
                    }
                    world.accounts[a].roles[i].maxSessionDuration = max
                }
                if let d = call.string("--description") { world.accounts[a].roles[i].description = d }
                return nil
            })
        ops.append(
            Operation(
                "iam", "delete-role", api: "DeleteRole", "Delete a role (its policies and instance profiles first).",
                flags: [Flag("--role-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedEntity(.role, &call)
                guard let i = world.accounts[a].roleIndex(name) else { throw noSuch("role", name, operation: call.api) }
                let r = world.accounts[a].roles[i]
                if !r.inlinePolicies.isEmpty {
                    throw AWSError(.deleteConflict, "Cannot delete entity, must delete policies first.", operation: call.api)
                }
                if !r.attachedPolicies.isEmpty {
                    throw AWSError(.deleteConflict, "Cannot delete entity, must detach all policies first.", operation: call.api)
                }
                if world.accounts[a].instanceProfiles.contains(where: { $0.role == r.name }) {
                    throw AWSError(.deleteConflict, "Cannot delete entity, must remove roles from instance profile first.", operation: call.api)
                }
                world.accounts[a].roles.remove(at: i)
                world.replacePrincipal(arn: r.arn(world.accounts[a].id), withId: r.id)
                return nil
            })

        ops += Self.entityPolicyOperations()
        ops += Self.iamPolicyOperations()
        ops += Self.iamCredentialOperations()
        ops += Self.tagOperations()
        ops += Self.simulatorOperations()
        ops += Self.policyVersionOperations()
        ops += Self.auditOperations()
        ops += Self.reportOperations()
        ops += Self.virtualMFAOperations()
        ops += Self.iamPasswordPolicyOperations()
        return ops
    }
}
