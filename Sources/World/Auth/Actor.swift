import Policy

/// Who a request is made as, once its credentials are resolved.
public struct Actor: Sendable {
    public enum Kind: Sendable, Hashable {
        case root(account: String)
        case user(account: String, name: String)
        case session(Session)
    }

    public var kind: Kind
    public var profile: Profile
    public var accessKeyId: String?

    public var account: String {
        switch kind {
        case .root(let a), .user(let a, _): a
        case .session(let s):
            switch s.kind {
            case .role(let a, _, _), .userToken(let a, _), .federatedUser(let a, _), .rootToken(let a): a
            }
        }
    }

    /// The principal the engine sees.
    public func caller(in world: World) -> Caller {
        switch kind {
        case .root(let a): return .root(account: a)
        case .user(let a, let name):
            let path = world.account(a)?.user(name)?.path ?? "/"
            return .user(account: a, path: path, name: name)
        case .session(let s):
            switch s.kind {
            case .role(let a, let role, let session): return .roleSession(account: a, roleName: role, sessionName: session)
            case .userToken(let a, let name):
                let path = world.account(a)?.user(name)?.path ?? "/"
                return .user(account: a, path: path, name: name)
            case .federatedUser(let a, let name): return .federatedUser(account: a, name: name)
            case .rootToken(let a): return .root(account: a)
            }
        }
    }

    /// The ARN AWS names in errors and in `get-caller-identity`.
    public func arn(in world: World) -> String { caller(in: world).arn }

    /// Temporary credentials, if the actor uses them.
    public var session: Session? {
        if case .session(let s) = kind { return s }
        return nil
    }
}

extension World {
    /// Resolves the credentials of a profile, as AWS authenticates a request: a deleted or inactive
    /// key is refused, an expired session is refused, and code on an instance or in a function gets
    /// its role's credentials, renewed by itself before they expire.
    public mutating func actor(profile name: String, operation: String) throws(AWSError) -> Actor {
        guard let profile = profile(name) else {
            let known = profiles.map(\.name)
            let hint = Suggestion.closest(to: name, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw AWSError(usage: "The config profile (\(name)) could not be found\(hint); profiles: \(known.joined(separator: ", "))")
        }
        // A profile with a role_arn assumes the role before anything else (botocore's
        // AssumeRoleProvider comes before the shared credentials file).
        if profile.settings["role_arn"] != nil, profile.settings["web_identity_token_file"] == nil {
            var visited = [name]
            return try roleProfileActor(profile, visited: &visited)
        }
        return try staticActor(profile, operation: operation)
    }

    /// botocore's `NoCredentialsError`, as the AWS CLI prints it (exit status 255).
    static let noCredentials = AWSError(config: "Unable to locate credentials. You can configure credentials by running \"aws configure\".")

    /// The actor a profile's own credentials make (keys, the root user, an instance's or a
    /// function's role).
    mutating func staticActor(_ profile: Profile, operation: String) throws(AWSError) -> Actor {
        switch profile.credential {
        case .accessKey("", nil):
            throw Self.noCredentials
        case .root(let account):
            return Actor(kind: .root(account: account), profile: profile, accessKeyId: nil)
        case .accessKey(let keyId, let secret):
            for account in accounts {
                for user in account.users {
                    if let key = user.accessKeys.first(where: { $0.id == keyId }) {
                        guard key.active else {
                            throw AWSError(.invalidClientTokenId, "The security token included in the request is invalid.", operation: operation)
                        }
                        guard secret == key.secret else { throw Self.signatureDoesNotMatch(operation) }
                        return Actor(kind: .user(account: account.id, name: user.name), profile: profile, accessKeyId: keyId)
                    }
                }
            }
            guard let session = sessions.first(where: { $0.accessKeyId == keyId }) else {
                throw AWSError(.invalidClientTokenId, "The security token included in the request is invalid.", operation: operation)
            }
            guard secret == session.secret else { throw Self.signatureDoesNotMatch(operation) }
            guard clock.now < session.expiration else {
                throw AWSError(.expiredToken, "The security token included in the request is expired", operation: operation)
            }
            return Actor(kind: .session(session), profile: profile, accessKeyId: keyId)
        case .instance(let id):
            // Without credentials from the instance metadata service the CLI finds none at all
            // and says so in botocore's words (NoCredentialsError); why is the tutor's note.
            guard let instance = instances.first(where: { $0.id == id }), instance.state == .running else {
                notice = "instance \(id) is not running: nothing on it can call AWS"
                throw Self.noCredentials
            }
            guard let profileName = instance.instanceProfile,
                let account = account(instance.account),
                let ip = account.instanceProfiles.first(where: { $0.name == profileName }), let roleName = ip.role
            else {
                notice = "instance \(id) has no instance profile with a role, so its metadata service hands out no credentials"
                throw Self.noCredentials
            }
            // The metadata service has credentials only if EC2 may assume the role (its info
            // document then says AssumeRoleUnauthorizedAccess).
            guard serviceMayAssume("ec2.amazonaws.com", role: roleName, account: instance.account) else {
                notice = "the role \(roleName) does not trust ec2.amazonaws.com, so the instance gets no credentials for it"
                throw Self.noCredentials
            }
            let session = workloadSession(
                account: instance.account, role: roleName, sessionName: id, workload: id, lifetime: 6 * 3600, service: "ec2.amazonaws.com")
            return Actor(kind: .session(session), profile: profile, accessKeyId: session.accessKeyId)
        case .function(let account, let name):
            guard let function = functions.first(where: { $0.account == account && $0.name == name }) else {
                throw AWSError(.resourceNotFoundException, "Function not found: \(name)", operation: operation)
            }
            let roleName = String(function.role.split(separator: "/").last ?? "")
            let session = workloadSession(
                account: account, role: roleName, sessionName: name, workload: function.arn, lifetime: 3600, service: "lambda.amazonaws.com")
            return Actor(kind: .session(session), profile: profile, accessKeyId: session.accessKeyId)
        }
    }

    /// A request signed with a secret that is not the key's (or with none): AWS recomputes the
    /// signature with the key's secret and refuses the mismatch (UG `reference_sigv-troubleshooting.html`:
    /// "The request signature we calculated does not match the signature you provided").
    static func signatureDoesNotMatch(_ operation: String) -> AWSError {
        AWSError(
            .signatureDoesNotMatch,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            operation: operation)
    }

    /// Refuses the calls GetSessionToken credentials cannot make, whatever the policies say
    /// (STS API reference, `API_GetSessionToken.html`; UG `id_credentials_temp_control-access_getsessiontoken.html`):
    /// "You cannot call any IAM API operations unless MFA authentication information is included
    /// in the request", and "You cannot call any STS API except AssumeRole or GetCallerIdentity".
    /// AWS answers an IAM call with `InvalidClientTokenId`, and an STS call with `AccessDenied`.
    static func checkSessionTokenScope(_ actor: Actor, service: String, operation: String) throws(AWSError) {
        guard let session = actor.session else { return }
        switch session.kind {
        case .userToken, .rootToken: break
        case .role, .federatedUser: return
        }
        if service == "iam" && session.mfaAuthenticated == nil {
            throw AWSError(.invalidClientTokenId, "The security token included in the request is invalid.", operation: operation)
        }
        if service == "sts" && operation != "AssumeRole" && operation != "GetCallerIdentity" {
            throw AWSError(.accessDenied, "Cannot call \(operation) with session credentials", operation: operation)
        }
    }

    /// The current credentials of a workload's role, made anew when the last ones expired
    /// (as the instance metadata service and Lambda renew them); the service's AssumeRole is on the trail.
    mutating func workloadSession(account: String, role: String, sessionName: String, workload: String, lifetime: Int, service: String) -> Session {
        let roleId = self.account(account)?.role(role)?.id
        if let s = sessions.last(where: { $0.workload == workload && $0.expiration > clock.now }) {
            if case .role(_, let r, _) = s.kind, r == role, s.roleId == roleId { return s }
        }
        let session = Session(
            kind: .role(account: account, roleName: role, sessionName: sessionName),
            accessKeyId: ids.id("ASIA"), secret: ids.secret(), token: "IQoJb3JpZ2luX2VjE" + ids.secret(length: 60),
            issued: clock.now, expiration: clock.now + lifetime, mfaAuthenticated: nil, sessionPolicies: nil,
            issuedBy: "arn:aws:iam::\(account):role/\(role)", workload: workload, roleId: roleId)
        sessions.append(session)
        recordServiceAssumeRole(service: service, account: account, role: role)
        return session
    }
}
