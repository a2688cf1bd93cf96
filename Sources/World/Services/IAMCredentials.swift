import Policy

extension World {
    func accessKeyJSON(_ k: AccessKey, user: String, secret: Bool) -> JSONOutput {
        var m: [(String, JSONOutput)] = [("UserName", .string(user)), ("AccessKeyId", .string(k.id)), ("Status", .string(k.active ? "Active" : "Inactive"))]
        if secret { m.append(("SecretAccessKey", .string(k.secret))) }
        m.append(("CreateDate", .string(SimulatedClock.iso8601(k.created))))
        return .object(m)
    }

    /// The preamble of a call about one instance profile: the caller, its account, the profile's
    /// name, and the call authorized on the profile's ARN.
    mutating func namedInstanceProfile(_ call: inout Call) throws(AWSError) -> (account: Int, name: String) {
        let actor = try call.actor(&self)
        let a = iamAccount(actor)
        let name = try call.required("--instance-profile-name")
        let arn = "arn:aws:iam::\(accounts[a].id):instance-profile/\(name)"
        call.resources = [arn]
        try authorize(actor, access("iam:\(call.api)", on: arn), operation: call.api)
        return (a, name)
    }

    /// The preamble of a call about one user's credentials (`--user-name`, or the caller): its
    /// account and the user's name, the call authorized on the user's ARN.
    mutating func credentialOwner(_ call: inout Call) throws(AWSError) -> (account: Int, name: String) {
        let actor = try call.actor(&self)
        let a = iamAccount(actor)
        let name = try Self.keyOwner(call, actor)
        let arn = entityArn(.user, name, account: a)
        call.resources = [arn]
        try authorize(actor, access("iam:\(call.api)", on: arn), operation: call.api)
        return (a, name)
    }

    /// The user an access-key operation is about: the named one, or the caller.
    static func keyOwner(_ call: Call, _ actor: Actor) throws(AWSError) -> String {
        if let name = call.string("--user-name") { return name }
        if case .user(_, let me) = actor.kind { return me }
        if case .session(let s) = actor.kind, case .userToken(_, let me) = s.kind { return me }
        throw AWSError(.validationError, "Must specify userName when calling with non-User credentials", operation: call.api)
    }

    static func iamCredentialOperations() -> [Operation] {
        var ops: [Operation] = []
        ops.append(
            Operation(
                "iam", "create-access-key", api: "CreateAccessKey", "Create a long-term access key (AKIA…) for a user; it never expires.",
                flags: [Flag("--user-name")]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.credentialOwner(&call)
                guard let u = world.accounts[a].userIndex(name) else { throw noSuch("user", name, operation: call.api) }
                guard world.accounts[a].users[u].accessKeys.count < 2 else {
                    throw AWSError(.limitExceeded, "Cannot exceed quota for AccessKeysPerUser: 2", operation: call.api)
                }
                let key = AccessKey(id: world.ids.id("AKIA"), secret: world.ids.secret(), active: true, created: world.clock.now)
                world.accounts[a].users[u].accessKeys.append(key)
                let userName = world.accounts[a].users[u].name
                // The tutor stores the new key as the user's profile, as `aws configure` would.
                if world.profile(userName) == nil {
                    world.setProfile(
                        Profile(name: userName, credential: .accessKey(key.id, secret: key.secret), sourceIp: "203.0.113.10", region: world.defaultRegion))
                }
                return .object([("AccessKey", world.accessKeyJSON(key, user: userName, secret: true))])
            })
        ops.append(
            Operation("iam", "list-access-keys", api: "ListAccessKeys", "List a user's access keys.", flags: [Flag("--user-name")]) {
                world, call throws(AWSError) in
                let (a, name) = try world.credentialOwner(&call)
                guard let user = world.accounts[a].user(name) else { throw noSuch("user", name, operation: call.api) }
                return .object([("AccessKeyMetadata", .array(user.accessKeys.map { world.accessKeyJSON($0, user: user.name, secret: false) }))])
            })
        ops.append(
            Operation(
                "iam", "update-access-key", api: "UpdateAccessKey", "Make an access key Active or Inactive.",
                flags: [Flag("--access-key-id", required: true), Flag("--status", required: true), Flag("--user-name")]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.credentialOwner(&call)
                let id = try call.required("--access-key-id")
                let status = try call.required("--status")
                guard status == "Active" || status == "Inactive" else {
                    throw AWSError(
                        .validationError,
                        "1 validation error detected: Value '\(status)' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
                        operation: call.api)
                }
                guard let u = world.accounts[a].userIndex(name), let k = world.accounts[a].users[u].accessKeys.firstIndex(where: { $0.id == id }) else {
                    throw AWSError(.noSuchEntity, "The Access Key with id \(id) cannot be found.", operation: call.api)
                }
                world.accounts[a].users[u].accessKeys[k].active = status == "Active"
                return nil
            })
        ops.append(
            Operation(
                "iam", "delete-access-key", api: "DeleteAccessKey", "Delete an access key: whoever holds a copy can no longer use it.",
                flags: [Flag("--access-key-id", required: true), Flag("--user-name")]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.credentialOwner(&call)
                let id = try call.required("--access-key-id")
                guard let u = world.accounts[a].userIndex(name), let k = world.accounts[a].users[u].accessKeys.firstIndex(where: { $0.id == id }) else {
                    throw AWSError(.noSuchEntity, "The Access Key with id \(id) cannot be found.", operation: call.api)
                }
                world.accounts[a].users[u].accessKeys.remove(at: k)
                return nil
            })

        // MARK: MFA
        ops.append(
            Operation(
                "iam", "create-virtual-mfa-device", api: "CreateVirtualMFADevice", "Create a virtual MFA device (an authenticator app).",
                flags: [Flag("--virtual-mfa-device-name", required: true), Flag("--outfile"), Flag("--bootstrap-method")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let name = try call.required("--virtual-mfa-device-name")
                let serial = "arn:aws:iam::\(world.accounts[a].id):mfa/\(name)"
                try world.authorize(actor, Access("iam:CreateVirtualMFADevice", on: serial), operation: call.api)
                let taken = world.accounts[a].users.contains { $0.mfaDevices.contains { $0.serialNumber == serial } }
                guard !taken else { throw AWSError(.entityAlreadyExists, "MFADevice entity at the same path and name already exists.", operation: call.api) }
                world.pendingMFADevices.append(serial)
                return .object([("VirtualMFADevice", .object([("SerialNumber", .string(serial))]))])
            })
        ops.append(
            Operation(
                "iam", "enable-mfa-device", api: "EnableMFADevice", "Assign an MFA device to a user (two consecutive codes from the app).",
                flags: [
                    Flag("--user-name", required: true), Flag("--serial-number", required: true), Flag("--authentication-code1", required: true),
                    Flag("--authentication-code2", required: true),
                ]
            ) { world, call throws(AWSError) in
                let serial = try call.required("--serial-number")
                let (a, name) = try world.namedEntity(.user, &call)
                guard let u = world.accounts[a].userIndex(name) else { throw noSuch("user", name, operation: call.api) }
                guard let p = world.pendingMFADevices.firstIndex(of: serial) else {
                    throw AWSError(.noSuchEntity, "VirtualMFADevice with serial number \(serial) doesn't exist.", operation: call.api)
                }
                for flag in ["--authentication-code1", "--authentication-code2"] where !isTokenCode(call.string(flag) ?? "") {
                    throw AWSError(.invalidAuthenticationCode, "Authentication code for device is not valid.", operation: call.api)
                }
                world.pendingMFADevices.remove(at: p)
                world.accounts[a].users[u].mfaDevices.append(MFADevice(serialNumber: serial, enabled: true, created: world.clock.now))
                return nil
            })
        ops.append(
            Operation(
                "iam", "deactivate-mfa-device", api: "DeactivateMFADevice",
                "Take an MFA device away from a user (a virtual one stays, unassigned, until deleted).",
                flags: [Flag("--user-name", required: true), Flag("--serial-number", required: true)]
            ) { world, call throws(AWSError) in
                let serial = try call.required("--serial-number")
                let (a, name) = try world.namedEntity(.user, &call)
                guard let u = world.accounts[a].userIndex(name) else { throw noSuch("user", name, operation: call.api) }
                guard let d = world.accounts[a].users[u].mfaDevices.firstIndex(where: { $0.serialNumber == serial }) else {
                    throw AWSError(.noSuchEntity, "MFA device with serial number \(serial) is not assigned to user \(name).", operation: call.api)
                }
                world.accounts[a].users[u].mfaDevices.remove(at: d)
                world.pendingMFADevices.append(serial)
                return nil
            })
        ops.append(
            Operation("iam", "list-mfa-devices", api: "ListMFADevices", "List a user's MFA devices.", flags: [Flag("--user-name")]) {
                world, call throws(AWSError) in
                let (a, name) = try world.credentialOwner(&call)
                guard let user = world.accounts[a].user(name) else { throw noSuch("user", name, operation: call.api) }
                return .object([
                    (
                        "MFADevices",
                        .array(
                            user.mfaDevices.map {
                                .object([
                                    ("UserName", .string(user.name)), ("SerialNumber", .string($0.serialNumber)),
                                    ("EnableDate", .string(SimulatedClock.iso8601($0.created))),
                                ])
                            })
                    )
                ])
            })

        // MARK: instance profiles
        ops.append(
            Operation(
                "iam", "create-instance-profile", api: "CreateInstanceProfile",
                "Create an instance profile: the container that hands one role to an EC2 instance.",
                flags: [Flag("--instance-profile-name", required: true), Flag("--path")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let name = try call.required("--instance-profile-name")
                let path = call.string("--path") ?? "/"
                let arn = "arn:aws:iam::\(world.accounts[a].id):instance-profile\(path)\(name)"
                try world.authorize(actor, Access("iam:CreateInstanceProfile", on: arn), operation: call.api)
                guard world.accounts[a].instanceProfileIndex(name) == nil else {
                    throw AWSError(.entityAlreadyExists, "Instance Profile \(name) already exists.", operation: call.api)
                }
                let ip = InstanceProfile(name: name, path: path, id: world.ids.id("AIPA"), created: world.clock.now)
                world.accounts[a].instanceProfiles.append(ip)
                return .object([("InstanceProfile", world.instanceProfileJSON(ip, a))])
            })
        ops.append(
            Operation(
                "iam", "add-role-to-instance-profile", api: "AddRoleToInstanceProfile", "Put a role in an instance profile (one role per profile).",
                flags: [Flag("--instance-profile-name", required: true), Flag("--role-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedInstanceProfile(&call)
                let role = try call.required("--role-name")
                guard let i = world.accounts[a].instanceProfileIndex(name) else {
                    throw AWSError(.noSuchEntity, "Instance Profile \(name) cannot be found.", operation: call.api)
                }
                guard let r = world.accounts[a].role(role) else { throw noSuch("role", role, operation: call.api) }
                guard world.accounts[a].instanceProfiles[i].role == nil else {
                    throw AWSError(.limitExceeded, "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", operation: call.api)
                }
                world.accounts[a].instanceProfiles[i].role = r.name
                return nil
            })
        ops.append(
            Operation(
                "iam", "remove-role-from-instance-profile", api: "RemoveRoleFromInstanceProfile", "Take the role out of an instance profile.",
                flags: [Flag("--instance-profile-name", required: true), Flag("--role-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedInstanceProfile(&call)
                let role = try call.required("--role-name")
                guard let i = world.accounts[a].instanceProfileIndex(name), world.accounts[a].instanceProfiles[i].role?.sameIgnoringCase(role) == true else {
                    throw AWSError(.noSuchEntity, "The role with name \(role) cannot be found in instance profile \(name).", operation: call.api)
                }
                world.accounts[a].instanceProfiles[i].role = nil
                return nil
            })
        ops.append(
            Operation(
                "iam", "get-instance-profile", api: "GetInstanceProfile", "Show an instance profile and its role.",
                flags: [Flag("--instance-profile-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedInstanceProfile(&call)
                guard let i = world.accounts[a].instanceProfileIndex(name) else {
                    throw AWSError(.noSuchEntity, "Instance Profile \(name) cannot be found.", operation: call.api)
                }
                return .object([("InstanceProfile", world.instanceProfileJSON(world.accounts[a].instanceProfiles[i], a))])
            })

        ops.append(
            Operation(
                "iam", "list-instance-profiles", api: "ListInstanceProfiles", "List the account's instance profiles and the role in each.",
                flags: [Flag("--path-prefix")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                try world.authorize(
                    actor, world.access("iam:ListInstanceProfiles", on: "arn:aws:iam::\(world.accounts[a].id):instance-profile/"), operation: call.api)
                let prefix = call.string("--path-prefix") ?? "/"
                let profiles = world.accounts[a].instanceProfiles.filter { $0.path.hasPrefix(prefix) }.sorted { $0.name.lowercased() < $1.name.lowercased() }
                return .object([("InstanceProfiles", .array(profiles.map { world.instanceProfileJSON($0, a) }))])
            })
        ops.append(
            Operation(
                "iam", "list-instance-profiles-for-role", api: "ListInstanceProfilesForRole", "List the instance profiles that hold a role.",
                flags: [Flag("--role-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.existingEntity(.role, &call)
                let profiles = world.accounts[a].instanceProfiles.filter { $0.role?.sameIgnoringCase(name) == true }
                return .object([("InstanceProfiles", .array(profiles.map { world.instanceProfileJSON($0, a) }))])
            })
        ops.append(
            Operation(
                "iam", "delete-instance-profile", api: "DeleteInstanceProfile",
                "Delete an instance profile (its role first); instances that use it lose their credentials.",
                flags: [Flag("--instance-profile-name", required: true)]
            ) { world, call throws(AWSError) in
                let (a, name) = try world.namedInstanceProfile(&call)
                guard let i = world.accounts[a].instanceProfileIndex(name) else {
                    throw AWSError(.noSuchEntity, "Instance Profile \(name) cannot be found.", operation: call.api)
                }
                guard world.accounts[a].instanceProfiles[i].role == nil else {
                    throw AWSError(.deleteConflict, "Cannot delete entity, must remove roles from instance profile first.", operation: call.api)
                }
                world.accounts[a].instanceProfiles.remove(at: i)
                return nil
            })

        // MARK: identity providers
        ops.append(
            Operation(
                "iam", "create-open-id-connect-provider", api: "CreateOpenIDConnectProvider",
                "Trust an OpenID Connect identity provider (a workforce or CI system).",
                flags: [Flag("--url", required: true), Flag("--client-id-list", .list), Flag("--thumbprint-list", .list)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let url = try call.required("--url")
                let host = String(url.replacingFirst("https://", with: "").split(separator: "/").first ?? "")
                let provider = IdentityProvider(kind: .oidc, name: host)
                try world.authorize(actor, Access("iam:CreateOpenIDConnectProvider", on: provider.arn(world.accounts[a].id)), operation: call.api)
                guard !world.accounts[a].identityProviders.contains(provider) else {
                    throw AWSError(.entityAlreadyExists, "Provider with url \(url) already exists.", operation: call.api)
                }
                world.accounts[a].identityProviders.append(provider)
                world.accounts[a].oidcClientIds[provider.name] = call.list("--client-id-list")
                return .object([("OpenIDConnectProviderArn", .string(provider.arn(world.accounts[a].id)))])
            })
        ops.append(
            Operation(
                "iam", "create-saml-provider", api: "CreateSAMLProvider", "Trust a SAML identity provider (the company's sign-in).",
                flags: [Flag("--name", required: true), Flag("--saml-metadata-document", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let provider = IdentityProvider(kind: .saml, name: try call.required("--name"))
                try world.authorize(actor, Access("iam:CreateSAMLProvider", on: provider.arn(world.accounts[a].id)), operation: call.api)
                // The metadata names the provider's issuer: its EntityDescriptor's entityID.
                guard let issuer = Self.entityID(try call.required("--saml-metadata-document")) else {
                    throw AWSError(.invalidInput, "Could not parse metadata", operation: call.api)
                }
                guard !world.accounts[a].identityProviders.contains(provider) else {
                    throw AWSError(.entityAlreadyExists, "SAMLProvider \(provider.name) already exists.", operation: call.api)
                }
                world.accounts[a].identityProviders.append(provider)
                world.accounts[a].samlIssuers[provider.name] = issuer
                return .object([("SAMLProviderArn", .string(provider.arn(world.accounts[a].id)))])
            })
        return ops
    }

    func instanceProfileJSON(_ ip: InstanceProfile, _ a: Int) -> JSONOutput {
        let acct = accounts[a].id
        let roles = ip.role.flatMap { accounts[a].role($0) }.map { [roleJSON($0, acct)] } ?? []
        return .object(
            [
                ("Path", .string(ip.path)), ("InstanceProfileName", .string(ip.name)), ("InstanceProfileId", .string(ip.id)),
                ("Arn", .string(ip.arn(acct))), ("CreateDate", .string(SimulatedClock.iso8601(ip.created))), ("Roles", .array(roles)),
            ] + (ip.tags.isEmpty ? [] : [("Tags", Self.tagsJSON(ip.tags))]))
    }

    /// The `entityID` of a SAML metadata document's `EntityDescriptor`, or nil.
    static func entityID(_ metadata: String) -> String? {
        guard metadata.contains("EntityDescriptor"), let start = metadata.firstRange(of: "entityID=\"") else { return nil }
        let rest = metadata[start.upperBound...]
        guard let end = rest.firstIndex(of: "\""), rest.startIndex < end else { return nil }
        return String(rest[..<end])
    }

    /// A code from a simulated authenticator app: six digits.
    static func isTokenCode(_ code: String) -> Bool {
        code.count == 6 && code.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
