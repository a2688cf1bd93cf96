import Policy

extension World {
    /// An actor for a principal: a user, a role (a session of it), the root user, an instance or a
    /// function, in `account` (the home account when nil); an ARN names its own account. Goal
    /// checks ask what a principal could do, whatever credentials it holds now. Nil for a principal
    /// the world does not hold, and for specs that are no actor (a group, a service, a provider…).
    public func actor(for spec: PrincipalSpec, account: String? = nil) -> Actor? {
        let acct = account ?? homeAccount
        guard let a = self.account(acct) else { return nil }
        let profile = Profile(name: spec.description, credential: .root(account: acct), sourceIp: "203.0.113.10", region: defaultRegion)
        switch spec {
        case .arn(let local, let arnAccount, _):
            return actor(for: local, account: arnAccount)
        case .root:
            return Actor(kind: .root(account: acct), profile: profile)
        case .user(let name):
            guard let user = a.user(name) else { return nil }
            return Actor(kind: .user(account: acct, name: user.name), profile: profile)
        case .role(let name):
            guard let role = a.role(name) else { return nil }
            return Actor(kind: .session(Self.probeSession(account: acct, role: role.name, name: "goal-check", now: clock.now)), profile: profile)
        case .instance(let id):
            // `instance/*`: the newest running instance that carries a role (a task that asks for
            // "an instance" without naming it).
            let carrying = instances.filter { $0.state == .running && $0.account == acct && $0.instanceProfile != nil }
            guard let i = id == "*" ? carrying.last : instances.first(where: { $0.id == id && $0.state == .running }), let p = i.instanceProfile,
                let role = a.instanceProfiles.first(where: { $0.name == p })?.role, serviceMayAssume("ec2.amazonaws.com", role: role, account: acct)
            else { return nil }
            var p2 = profile
            p2.sourceIp = i.publicIp
            return Actor(kind: .session(Self.probeSession(account: acct, role: role, name: i.id, now: clock.now)), profile: p2)
        case .function(let name):
            guard let f = functions.first(where: { $0.name == name }) else { return nil }
            let role = ARN(f.role)?.resourceName ?? f.role
            guard serviceMayAssume("lambda.amazonaws.com", role: role, account: acct) else { return nil }
            return Actor(kind: .session(Self.probeSession(account: acct, role: role, name: f.name, now: clock.now)), profile: profile)
        case .anyone, .group, .session, .provider, .account, .service:
            return nil
        }
    }

    /// The user signing with an MFA session token (GetSessionToken with a code): its own
    /// permissions, with MFA present. Nil for anything but a user.
    public func sessionTokenActor(for actor: Actor, mfa: Bool = true) -> Actor? {
        guard case .user(let account, let name) = actor.kind else { return nil }
        let session = Session(
            kind: .userToken(account: account, userName: name), accessKeyId: "ASIAPROBE", secret: "", token: "",
            issued: clock.now, expiration: clock.now + 43200, mfaAuthenticated: mfa ? clock.now : nil, sessionPolicies: nil)
        return Actor(kind: .session(session), profile: actor.profile)
    }

    /// Whether an AWS service (`ec2.amazonaws.com`) may assume the role: its trust policy must
    /// name the service. An instance profile or a function whose role does not trust its service
    /// gets no credentials (UG `id_roles_use_switch-role-ec2.html`).
    public func serviceMayAssume(_ service: String, role name: String, account acct: String) -> Bool {
        guard let role = account(acct)?.role(name) else { return false }
        let access = access("sts:AssumeRole", on: role.arn(acct))
        return allows(Principal(caller: .service(service)), access)
    }

    static func probeSession(account: String, role: String, name: String, now: Int, mfa: Bool = false, duration: Int = 3600) -> Session {
        Session(
            kind: .role(account: account, roleName: role, sessionName: name), accessKeyId: "ASIAPROBE", secret: "", token: "", issued: now,
            expiration: now + duration, mfaAuthenticated: mfa ? now : nil, sessionPolicies: nil)
    }

    /// The session `actor` would get by assuming the role, if the trust policy and the actor's
    /// own policies let it (with MFA when asked).
    ///
    /// The session name is the caller's to choose: a trust policy that asks for a particular one
    /// (`sts:RoleSessionName` = the user's name) is met when the user gives their own name.
    /// `duration` (seconds, at most the role's maximum) is how long the session lasts.
    public func assume(_ actor: Actor, role roleSpec: PrincipalSpec, mfa: Bool = false, externalId: String? = nil, duration: Int = 3600) -> (Actor?, Decision?)
    {
        let acct = roleSpec.account ?? homeAccount
        guard let name = roleSpec.roleName, let role = account(acct)?.role(name) else { return (nil, nil) }
        var access = access("sts:AssumeRole", on: role.arn(acct))
        if mfa {
            access.context["aws:MultiFactorAuthPresent"] = "true"
            access.context["aws:MultiFactorAuthAge"] = "0"
        }
        if let externalId { access.context["sts:ExternalId"] = externalId }
        var names = ["goal-check"]
        if case .user(_, let user) = actor.kind { names.append(user) }
        var decision: Decision?
        for sessionName in names {
            access.context["sts:RoleSessionName"] = sessionName
            let decided = decide(actor, access)
            decision = decided
            guard decided.decision == .allowed else { continue }
            let session = Self.probeSession(
                account: acct, role: role.name, name: sessionName, now: clock.now, mfa: mfa, duration: min(max(duration, 900), role.maxSessionDuration))
            return (Actor(kind: .session(session), profile: actor.profile), decided)
        }
        return (nil, decision)
    }

    /// A person signed in through an identity provider (`saml/NAME` or `oidc/HOST`) assuming the
    /// role, as AssumeRoleWithSAML / AssumeRoleWithWebIdentity ask: the provider must be registered
    /// in the role's account and the trust policy must allow it, with the claims given
    /// (for OIDC, `aud` and `sub`; for SAML, `sub`).
    public func assumeFederated(_ provider: IdentityProvider, role roleSpec: PrincipalSpec, claims: [String: String] = [:]) -> (Actor?, DecisionRecord?) {
        let kind = provider.kind
        let acct = roleSpec.account ?? homeAccount
        guard let name = roleSpec.roleName, let a = account(acct), let role = a.role(name), a.identityProviders.contains(provider) else { return (nil, nil) }
        // STS takes an OIDC token only for one of the provider's audiences (its client ids).
        if kind == .oidc, !a.oidcClientIds[provider.name, default: []].contains(claims["aud"] ?? "sts.amazonaws.com") { return (nil, nil) }
        var context = RequestContext()
        context["aws:CurrentTime"] = ContextValue([clock.iso8601], type: .date)
        context["aws:EpochTime"] = ContextValue([String(clock.now)], type: .numeric)
        if kind == .oidc {
            context["\(provider.name):aud"] = ContextValue([claims["aud"] ?? "sts.amazonaws.com"])
            context["\(provider.name):sub"] = ContextValue([claims["sub"] ?? "goal-check"])
        } else {
            context["saml:sub"] = ContextValue([claims["sub"] ?? "goal-check"])
            context["saml:aud"] = ContextValue([claims["aud"] ?? "https://signin.aws.amazon.com/saml"])
        }
        for (k, v) in claims where k != "aud" && k != "sub" { context[k] = ContextValue([v]) }
        let action = kind == .saml ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity"
        let record = explain(Principal(caller: .identityProvider(provider.arn(acct)), context: context), access(action, on: role.arn(acct)))
        guard record.decision.decision == .allowed else { return (nil, record) }
        let session = Self.probeSession(account: acct, role: role.name, name: "goal-check", now: clock.now)
        let profile = Profile(name: "\(kind.rawValue)/\(provider.name)", credential: .root(account: acct), sourceIp: "198.51.100.20", region: defaultRegion)
        return (Actor(kind: .session(session), profile: profile), record)
    }

    /// The newest session of a role (in the home account) that someone actually opened, as an
    /// actor: it lives until it expires, whatever happens to the trust policy meanwhile.
    public func openSession(ofRole role: String) -> Actor? {
        guard
            let s = sessions.last(where: {
                if case .role(let a, let r, _) = $0.kind { a == homeAccount && r.sameIgnoringCase(role) } else { false }
            })
        else { return nil }
        return Actor(
            kind: .session(s),
            profile: Profile(name: role, credential: .accessKey(s.accessKeyId, secret: s.secret), sourceIp: "203.0.113.10", region: defaultRegion))
    }
}
