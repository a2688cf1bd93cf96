import Policy

extension World {
    func credentialsJSON(_ s: Session) -> JSONOutput {
        .object([
            ("AccessKeyId", .string(s.accessKeyId)), ("SecretAccessKey", .string(s.secret)), ("SessionToken", .string(s.token)),
            ("Expiration", .string(SimulatedClock.iso8601(s.expiration))),
        ])
    }

    /// Checks `--serial-number`/`--token-code` against the caller's enabled MFA devices; one
    /// without the other is refused in STS's words (AccessDenied, "must provide both MFA serial
    /// number and one time pass code", as AWS SDK users report it).
    func checkMFA(_ call: Call, user: (account: String, name: String)?) throws(AWSError) -> Bool {
        guard let serial = call.string("--serial-number") else {
            if call.string("--token-code") != nil {
                throw AWSError(
                    .accessDenied, "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.", operation: call.api)
            }
            return false
        }
        guard let code = call.string("--token-code") else {
            throw AWSError(.accessDenied, "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.", operation: call.api)
        }
        guard let user, let u = account(user.account)?.user(user.name), u.mfaDevices.contains(where: { $0.serialNumber == serial && $0.enabled }) else {
            throw AWSError(
                .accessDenied,
                "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.",
                operation: call.api)
        }
        guard Self.isTokenCode(code) else {
            throw AWSError(.accessDenied, "MultiFactorAuthentication failed with invalid MFA one time pass code.", operation: call.api)
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
            .validationError,
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
                    case .rootToken(let a): userId = a
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
                    throw AWSError(.invalidAuthorizationMessageException, "The encoded message is not valid.", operation: call.api)
                }
                return .object([("DecodedMessage", .string(message.decoded))])
            })
        ops.append(
            Operation(
                "sts", "get-session-token", api: "GetSessionToken", "Temporary credentials with your own permissions (with MFA, to satisfy MFA conditions).",
                flags: [Flag("--duration-seconds", .integer), Flag("--serial-number"), Flag("--token-code")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                // 15 minutes to 36 hours (12 hours by default); the root user's sessions last
                // at most one hour: a longer request, or none, gets one hour (STS API Reference
                // `API_GetSessionToken.html`, DurationSeconds).
                let kind: Session.Kind
                let name: String
                let longest: Int
                switch actor.kind {
                case .user(let account, let user): (kind, name, longest) = (.userToken(account: account, userName: user), user, 129_600)
                case .root(let account): (kind, name, longest) = (.rootToken(account: account), "root", 3600)
                case .session: throw AWSError(.accessDenied, "Cannot call GetSessionToken with session credentials", operation: call.api)
                }
                let requested = try duration(call, within: 900...129_600)
                let duration = min(requested ?? 43200, longest)
                let mfa = try world.checkMFA(call, user: world.mfaUser(actor))
                let session = Session(
                    kind: kind, accessKeyId: world.ids.id("ASIA"), secret: world.ids.secret(),
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
                try world.assumeRoleWithWebIdentity(call)
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
                try world.assumeRoleWithSAML(call)
            })
        return ops
    }

}
