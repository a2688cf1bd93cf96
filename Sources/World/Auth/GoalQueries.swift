import Policy

extension World {
    /// An actor for a principal written `user/NAME`, `role/NAME` (a session of the role), `root`,
    /// `instance/ID` or `function/NAME`, in `account` (the home account when nil). Goal checks ask
    /// what a principal could do, whatever credentials it holds now.
    public func actor(for spec: String, account: String? = nil) -> Actor? {
        let acct = account ?? homeAccount
        guard let a = self.account(acct) else { return nil }
        let profile = Profile(name: spec, credential: .root(account: acct), sourceIp: "203.0.113.10", region: defaultRegion)
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("root", 1):
            return Actor(kind: .root(account: acct), profile: profile)
        case ("user", 2):
            guard let user = a.user(parts[1]) else { return nil }
            return Actor(kind: .user(account: acct, name: user.name), profile: profile)
        case ("role", 2):
            guard let role = a.role(parts[1]) else { return nil }
            return Actor(kind: .session(Self.probeSession(account: acct, role: role.name, name: "goal-check", now: clock.now)), profile: profile)
        case ("instance", 2):
            guard let i = instances.first(where: { $0.id == parts[1] && $0.state == .running }), let p = i.instanceProfile,
                let role = a.instanceProfiles.first(where: { $0.name == p })?.role
            else { return nil }
            var p2 = profile
            p2.sourceIp = i.publicIp
            return Actor(kind: .session(Self.probeSession(account: acct, role: role, name: i.id, now: clock.now)), profile: p2)
        case ("function", 2):
            guard let f = functions.first(where: { $0.name == parts[1] }) else { return nil }
            let role = String(f.role.split(separator: "/").last ?? "")
            return Actor(kind: .session(Self.probeSession(account: acct, role: role, name: f.name, now: clock.now)), profile: profile)
        default:
            return nil
        }
    }

    /// The user signing with an MFA session token (GetSessionToken with a code): its own
    /// permissions, with MFA present. Nil for anything but a user.
    public func sessionTokenActor(for actor: Actor) -> Actor? {
        guard case .user(let account, let name) = actor.kind else { return nil }
        let session = Session(
            kind: .userToken(account: account, userName: name), accessKeyId: "ASIAPROBE", secret: "", token: "",
            issued: clock.now, expiration: clock.now + 43200, mfaAuthenticated: clock.now, sessionPolicies: nil)
        return Actor(kind: .session(session), profile: actor.profile)
    }

    static func probeSession(account: String, role: String, name: String, now: Int, mfa: Bool = false) -> Session {
        Session(
            kind: .role(account: account, roleName: role, sessionName: name), accessKeyId: "ASIAPROBE", secret: "", token: "", issued: now,
            expiration: now + 3600, mfaAuthenticated: mfa ? now : nil, sessionPolicies: nil)
    }

    /// The session `actor` would get by assuming the role, if the trust policy and the actor's
    /// own policies let it (with MFA when asked).
    public func assume(_ actor: Actor, role roleSpec: String, mfa: Bool = false) -> (Actor?, Decision?) {
        let name = String(roleSpec.split(separator: "/").last ?? "")
        let acct = ARN(roleSpec)?.account ?? actor.account
        guard let role = account(acct)?.role(name) else { return (nil, nil) }
        var access = access("sts:AssumeRole", on: role.arn(acct))
        if mfa {
            access.context["aws:MultiFactorAuthPresent"] = "true"
            access.context["aws:MultiFactorAuthAge"] = "0"
        }
        access.context["sts:RoleSessionName"] = "goal-check"
        let decision = decide(actor, access)
        guard decision.decision == .allowed else { return (nil, decision) }
        let session = Self.probeSession(account: acct, role: role.name, name: "goal-check", now: clock.now, mfa: mfa)
        return (Actor(kind: .session(session), profile: actor.profile), decision)
    }
}
