import Policy

extension World {
    func credentialsJSON(_ s: Session) -> JSONOutput {
        .object([
            ("AccessKeyId", .string(s.accessKeyId)), ("SecretAccessKey", .string(s.secret)), ("SessionToken", .string(s.token)),
            ("Expiration", .string(SimulatedClock.iso8601(s.expiration))),
        ])
    }

    /// Checks `--serial-number`/`--token-code` against the caller's enabled MFA devices.
    func checkMFA(_ call: Call, user: (account: String, name: String)?) throws(AWSError) -> Bool {
        guard let serial = call.string("--serial-number") else {
            if call.string("--token-code") != nil {
                throw AWSError("ValidationError", "A token code was given without --serial-number (the MFA device's ARN).", operation: call.api)
            }
            return false
        }
        guard let code = call.string("--token-code") else {
            throw AWSError("ValidationError", "--serial-number needs --token-code: the six digits the MFA device shows now.", operation: call.api)
        }
        guard let user, let u = account(user.account)?.user(user.name), u.mfaDevices.contains(where: { $0.serialNumber == serial && $0.enabled }) else {
            throw AWSError(
                "AccessDenied",
                "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.",
                operation: call.api)
        }
        guard Self.isTokenCode(code) else {
            throw AWSError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", operation: call.api)
        }
        return true
    }

    /// The long-term user behind an actor, for MFA.
    func mfaUser(_ actor: Actor) -> (account: String, name: String)? {
        switch actor.kind {
        case .user(let a, let n): return (a, n)
        case .session(let s):
            if case .userToken(let a, let n) = s.kind { return (a, n) }
            return nil
        case .root: return nil
        }
    }

    /// `--duration-seconds` checked as STS checks it before anything else: within `range`, refused
    /// with AWS's own constraint text otherwise.
    static func duration(_ call: Call, within range: ClosedRange<Int>) throws(AWSError) -> Int? {
        guard let seconds = try call.integer("--duration-seconds") else { return nil }
        let constraint: String
        if seconds < range.lowerBound {
            constraint = "greater than or equal to \(range.lowerBound)"
        } else if seconds > range.upperBound {
            constraint = "less than or equal to \(range.upperBound)"
        } else {
            return seconds
        }
        throw AWSError(
            "ValidationError",
            "1 validation error detected: Value '\(seconds)' at 'durationSeconds' failed to satisfy constraint: Member must have value \(constraint)",
            operation: call.api)
    }

    /// AssumeRole and the federated calls accept 15 minutes to 12 hours.
    static let roleDurations = 900...43200

    /// Makes (or replaces) the profile that signs with a new session and switches to it.
    mutating func adopt(_ session: Session, profile name: String, from actor: Actor) {
        setProfile(
            Profile(
                name: name, credential: .accessKey(session.accessKeyId, secret: session.secret), sourceIp: actor.profile.sourceIp, region: actor.profile.region)
        )
        currentProfile = name
        notice =
            "now acting as \(Actor(kind: .session(session), profile: actor.profile).arn(in: self)) (profile \(name)); it expires at \(SimulatedClock.iso8601(session.expiration)). `as \(actor.profile.name)` goes back."
    }

    static func stsOperations() -> [Operation] {
        var ops: [Operation] = []
        ops.append(
            Operation("sts", "get-caller-identity", api: "GetCallerIdentity", "Show who you are: needs no permission.") { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let userId: String
                switch actor.kind {
                case .root(let a): userId = a
                case .user(let a, let n): userId = world.account(a)?.user(n)?.id ?? n
                case .session(let s):
                    switch s.kind {
                    case .role(let a, let r, let sn): userId = "\(world.account(a)?.role(r)?.id ?? "AROA"):\(sn)"
                    case .userToken(let a, let n): userId = world.account(a)?.user(n)?.id ?? n
                    case .federatedUser(let a, let n): userId = "\(a):\(n)"
                    }
                }
                return .object([("UserId", .string(userId)), ("Account", .string(actor.account)), ("Arn", .string(actor.arn(in: world)))])
            })
        ops.append(
            Operation(
                "sts", "assume-role", api: "AssumeRole", "Take on a role for a while: temporary credentials that expire by themselves.",
                flags: [
                    Flag("--role-arn", required: true), Flag("--role-session-name", required: true), Flag("--policy-arns", .list), Flag("--policy", .json),
                    Flag("--duration-seconds", .integer), Flag("--tags", .list), Flag("--transitive-tag-keys", .list), Flag("--external-id"),
                    Flag("--serial-number"), Flag("--token-code"), Flag("--source-identity"),
                ]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let assumed = try world.assumeRole(actor, &call)
                world.adopt(assumed.session, profile: assumed.role, from: actor)
                return assumed.response
            })
        ops.append(
            Operation(
                "sts", "decode-authorization-message", api: "DecodeAuthorizationMessage",
                "Decode the encoded authorization failure message of a denied EC2 call (needs sts:DecodeAuthorizationMessage).",
                flags: [Flag("--encoded-message", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, Access("sts:DecodeAuthorizationMessage", on: "*"), operation: call.api)
                let text = try call.required("--encoded-message")
                guard let message = world.authorizationMessages[text], message.account == actor.account else {
                    throw AWSError("InvalidAuthorizationMessageException", "The encoded message is not valid.", operation: call.api)
                }
                return .object([("DecodedMessage", .string(message.decoded))])
            })
        ops.append(
            Operation(
                "sts", "get-session-token", api: "GetSessionToken", "Temporary credentials with your own permissions (with MFA, to satisfy MFA conditions).",
                flags: [Flag("--duration-seconds", .integer), Flag("--serial-number"), Flag("--token-code")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                if actor.session != nil {
                    throw AWSError("AccessDenied", "Cannot call GetSessionToken with session credentials", operation: call.api)
                }
                let isRoot: Bool
                if case .root = actor.kind { isRoot = true } else { isRoot = false }
                // 15 minutes to 36 hours; the root user's sessions are cut to one hour, as AWS does.
                let requested = try duration(call, within: 900...129_600)
                let duration = isRoot ? min(requested ?? 3600, 3600) : requested ?? 43200
                let mfa = try world.checkMFA(call, user: world.mfaUser(actor))
                guard case .user(let account, let name) = actor.kind else {
                    throw AWSError("AccessDenied", "The root user's session tokens are not simulated; sign in as a user.", operation: call.api)
                }
                let session = Session(
                    kind: .userToken(account: account, userName: name), accessKeyId: world.ids.id("ASIA"), secret: world.ids.secret(),
                    token: "IQoJb3JpZ2luX2VjE" + world.ids.secret(length: 60), issued: world.clock.now, expiration: world.clock.now + duration,
                    mfaAuthenticated: mfa ? world.clock.now : nil, sessionPolicies: nil, issuedBy: actor.arn(in: world))
                world.sessions.append(session)
                world.adopt(session, profile: "\(name)-session", from: actor)
                return .object([("Credentials", world.credentialsJSON(session))])
            })
        ops.append(
            Operation(
                "sts", "assume-role-with-web-identity", api: "AssumeRoleWithWebIdentity",
                "Assume a role with a token from an OpenID Connect provider (no IAM user needed).",
                flags: [
                    Flag("--role-arn", required: true), Flag("--role-session-name", required: true), Flag("--web-identity-token", required: true),
                    Flag("--duration-seconds", .integer),
                ]
            ) { world, call throws(AWSError) in
                // The token of the simulated provider reads `HOST/SUBJECT`, e.g. `login.example.com/ana`.
                let token = try call.required("--web-identity-token")
                let bits = token.split(separator: "/", maxSplits: 1).map(String.init)
                guard bits.count == 2 else {
                    throw AWSError(
                        "InvalidIdentityToken", "The web identity token is not valid: the simulated provider issues tokens written HOST/SUBJECT",
                        operation: call.api)
                }
                return try world.federate(call, provider: IdentityProvider(kind: .oidc, name: bits[0]), subject: bits[1], keys: ["\(bits[0]):sub": bits[1]])
            })
        ops.append(
            Operation(
                "sts", "assume-role-with-saml", api: "AssumeRoleWithSAML",
                "Assume a role with an assertion from a SAML identity provider (no IAM user needed).",
                flags: [
                    Flag("--role-arn", required: true), Flag("--principal-arn", required: true), Flag("--saml-assertion", required: true),
                    Flag("--duration-seconds", .integer),
                ]
            ) { world, call throws(AWSError) in
                // The simulated assertion is the signed-in person's name.
                let providerArn = try call.required("--principal-arn")
                let subject = try call.required("--saml-assertion")
                let name = String(providerArn.split(separator: "/").last ?? "")
                return try world.federate(call, provider: IdentityProvider(kind: .saml, name: name), subject: subject, keys: ["saml:sub": subject])
            })
        return ops
    }

    /// AssumeRoleWithWebIdentity and AssumeRoleWithSAML: the provider vouches for a person, the
    /// role's trust policy must name the provider, and no IAM user exists.
    mutating func federate(_ call: Call, provider: IdentityProvider, subject: String, keys: [String: String]) throws(AWSError) -> JSONOutput {
        let roleArn = try call.required("--role-arn")
        let sessionName = call.string("--role-session-name") ?? subject
        let duration = try Self.duration(call, within: Self.roleDurations) ?? 3600
        guard let arn = ARN(roleArn), arn.resource.hasPrefix("role/") else {
            throw AWSError("ValidationError", "\(roleArn) is not a role ARN: arn:aws:iam::ACCOUNT:role/NAME", operation: call.api)
        }
        let roleAccount = arn.account
        guard let a = accountIndex(roleAccount), accounts[a].identityProviders.contains(provider) else {
            throw AWSError(
                "InvalidIdentityToken", "No \(provider.kind == .saml ? "SAML" : "OpenIDConnect") provider found in your account for \(provider.name)",
                operation: call.api)
        }
        let providerArn = provider.arn(roleAccount)
        let role = accounts[a].role(arn.resourceName)
        // The caller is the provider's user; the engine sees the provider as the principal.
        var set = PolicySet()
        set.resourcePolicy = role?.compiledTrust.named("trust-policy", type: "resource")
        set.resourcePolicyMustAllow = true
        var context = RequestContext()
        for (k, v) in keys { context[k] = ContextValue([v]) }
        context["aws:CurrentTime"] = ContextValue([clock.iso8601], type: .date)
        let action = provider.kind == .saml ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity"
        let request = AuthorizationRequest(
            caller: .identityProvider(providerArn), action: action, resource: roleArn, resourceAccount: roleAccount, context: context)
        let decision = Evaluator.explain(request, set)
        lastDecision = DecisionRecord(request: request, decision: decision)
        guard let role, decision.decision == .allowed else {
            throw AWSError("AccessDenied", "Not authorized to perform \(action)", operation: call.api)
        }
        guard duration <= role.maxSessionDuration else {
            throw AWSError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", operation: call.api)
        }
        let session = Session(
            kind: .role(account: roleAccount, roleName: role.name, sessionName: sessionName), accessKeyId: ids.id("ASIA"), secret: ids.secret(),
            token: "IQoJb3JpZ2luX2VjE" + ids.secret(length: 60), issued: clock.now, expiration: clock.now + duration, mfaAuthenticated: nil,
            sessionPolicies: nil, issuedBy: providerArn, sourceIdentity: subject, roleId: role.id)
        sessions.append(session)
        let profile = Profile(
            name: subject, credential: .accessKey(session.accessKeyId, secret: session.secret), sourceIp: "198.51.100.20", region: defaultRegion)
        setProfile(profile)
        currentProfile = profile.name
        notice =
            "\(subject) signed in through \(provider.name): now acting as arn:aws:sts::\(roleAccount):assumed-role/\(role.name)/\(sessionName) (profile \(subject)), until \(SimulatedClock.iso8601(session.expiration))."
        return .object([
            ("Credentials", credentialsJSON(session)),
            ("SubjectFromWebIdentityToken", .string(subject)),
            (
                "AssumedRoleUser",
                .object([
                    ("AssumedRoleId", .string("\(role.id):\(sessionName)")),
                    ("Arn", .string("arn:aws:sts::\(roleAccount):assumed-role/\(role.name)/\(sessionName)")),
                ])
            ),
            ("Provider", .string(provider.kind == .oidc ? provider.name : providerArn)),
        ])
    }
}
