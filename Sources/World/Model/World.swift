import Policy

/// One AWS account in the world.
public struct Account: Sendable, Hashable {
    public var id: String
    public var alias: String
    public var users: PersistentArray<User> = [] {
        didSet { if users.count != oldValue.count { userHints.update(users.lazy.map(\.name), old: oldValue.count) } }
    }
    public var groups: [Group] = []
    public var roles: PersistentArray<Role> = [] {
        didSet { if roles.count != oldValue.count { roleHints.update(roles.lazy.map(\.name), old: oldValue.count) } }
    }
    /// Where each user and role is: filed when one is added, filed again when one is removed.
    private var userHints = NameHints()
    private var roleHints = NameHints()
    public var policies: [ManagedPolicy] = []
    public var instanceProfiles: [InstanceProfile] = []
    public var identityProviders: [IdentityProvider] = []
    /// The custom password policy (nil: AWS's default one applies).
    public var passwordPolicy: PasswordPolicy?
    /// SCPs that apply to the account, from the organization root down: each level must allow.
    public var serviceControlPolicies: [[String]] = [] {
        didSet { compiledSCPs = serviceControlPolicies.map { $0.map { CompiledDocument($0, kind: .identity) } } }
    }
    /// The SCPs compiled when they were written.
    public private(set) var compiledSCPs: [[CompiledDocument]] = []

    public init(id: String, alias: String) {
        self.id = id
        self.alias = alias
    }

    // IAM names are unique without regard to case (UG `reference_iam-quotas.html`, "Names of IAM
    // identities"); compared byte by byte, as the names are ASCII, with no string made per entity.
    public func userIndex(_ name: String) -> Int? { userHints.position(name, in: users.lazy.map(\.name)) }
    public func groupIndex(_ name: String) -> Int? { groups.firstIndex { $0.name.sameIgnoringCase(name) } }
    public func roleIndex(_ name: String) -> Int? { roleHints.position(name, in: roles.lazy.map(\.name)) }
    public func policyIndex(arn: String) -> Int? { policies.firstIndex { $0.arn(id) == arn } }
    public func instanceProfileIndex(_ name: String) -> Int? { instanceProfiles.firstIndex { $0.name.sameIgnoringCase(name) } }
    public func user(_ name: String) -> User? { userIndex(name).map { users[$0] } }
    public func role(_ name: String) -> Role? { roleIndex(name).map { roles[$0] } }
    public func group(_ name: String) -> Group? { groupIndex(name).map { groups[$0] } }
    /// The groups a user belongs to.
    public func groups(of user: String) -> [Group] { groups.filter { $0.hasMember(user) } }
}

/// Temporary credentials (`ASIA…`) from STS: they expire on the world's clock.
public struct Session: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// AssumeRole (and the web-identity and SAML variants): acts as the role.
        case role(account: String, roleName: String, sessionName: String)
        /// GetSessionToken: the user's own permissions, possibly with MFA.
        case userToken(account: String, userName: String)
        /// GetFederationToken: a federated user limited by its session policy.
        case federatedUser(account: String, name: String)
    }

    public var kind: Kind
    public var accessKeyId: String
    public var secret: String
    public var token: String
    public var issued: Int
    public var expiration: Int
    /// When the caller authenticated with MFA, if it did.
    public var mfaAuthenticated: Int?
    /// Session policies passed at creation (nil: none).
    public var sessionPolicies: [String]? { didSet { compiledSessionPolicies = sessionPolicies?.map { CompiledDocument($0, kind: .identity) } } }
    /// The session policies compiled when the session was made.
    public private(set) var compiledSessionPolicies: [CompiledDocument]?
    /// Made from role credentials (role chaining).
    public var chained: Bool = false
    /// The long-term identity behind the session, for the audit trail (`arn:aws:iam::…:user/dana`).
    public var issuedBy: String?
    public var sourceIdentity: String?
    public var tags: [Tag] = []
    /// The session tags set as transitive (and those it inherited): a session assumed with these
    /// credentials inherits them (UG `id_session-tags.html`, "Chaining roles with session tags").
    public var transitiveTags: [Tag] = []
    /// The EC2 instance or Lambda function the session belongs to, if any.
    public var workload: String?
    /// For a role session: the unique id (`AROA…`) of the role it was assumed from. A role
    /// deleted and re-created under the same name has another id, and gives the session nothing.
    public var roleId: String?

    public init(
        kind: Kind, accessKeyId: String, secret: String, token: String, issued: Int, expiration: Int, mfaAuthenticated: Int?,
        sessionPolicies: [String]?, chained: Bool = false, issuedBy: String? = nil, sourceIdentity: String? = nil, tags: [Tag] = [],
        workload: String? = nil, roleId: String? = nil
    ) {
        self.kind = kind
        self.accessKeyId = accessKeyId
        self.secret = secret
        self.token = token
        self.issued = issued
        self.expiration = expiration
        self.mfaAuthenticated = mfaAuthenticated
        self.sessionPolicies = sessionPolicies
        compiledSessionPolicies = sessionPolicies?.map { CompiledDocument($0, kind: .identity) }
        self.chained = chained
        self.issuedBy = issuedBy
        self.sourceIdentity = sourceIdentity
        self.tags = tags
        self.workload = workload
        self.roleId = roleId
    }
}

/// How a named profile signs its requests.
public enum Credential: Sendable, Hashable {
    /// A long-term or temporary access key id and the secret the profile signs with (nil: none
    /// set yet): AWS checks the signature the secret makes, so a wrong or missing one is refused.
    case accessKey(String, secret: String?)
    /// The account's root user.
    case root(account: String)
    /// Code on an EC2 instance: the instance profile's role, picked up by the CLI by itself.
    case instance(String)
    /// Code in a Lambda function: its execution role.
    case function(account: String, name: String)
}

/// A named profile (`--profile NAME`, or the tutor's `as NAME`): credentials and where requests come from.
public struct Profile: Sendable, Hashable {
    public var name: String
    public var credential: Credential
    /// `aws:SourceIp` of requests made with this profile.
    public var sourceIp: String
    public var region: String
    /// What `aws configure set` wrote besides the keys and the region (`role_arn`,
    /// `source_profile`, `mfa_serial`, `external_id`, `duration_seconds`, `role_session_name`,
    /// `output`, …), by name.
    public var settings: [String: String] = [:]

    /// Whether the profile signs by itself (keys, the root user, a workload's role), as botocore
    /// asks of a `source_profile`.
    public var hasStaticCredentials: Bool {
        if case .accessKey(let id, let secret) = credential { return !id.isEmpty || secret != nil }
        return true
    }
}

/// The simulated AWS world: a value, so snapshots, undo and per-step reset cost nothing.
///
/// It reads no wall clock and no global randomness: `clock` and `ids` are part of the value.
public struct World: Sendable {
    public var clock = SimulatedClock()
    public var ids = IDGenerator()
    public var accounts: [Account] = []
    public var buckets: [Bucket] = []
    public var instances: [Instance] = []
    public var functions: [LambdaFunction] = []
    public var tables: [Table] = []
    public var sessions: PersistentArray<Session> = []
    /// Virtual MFA devices created but not yet enabled for a user.
    public var pendingMFADevices: [String] = []
    /// EC2's encoded authorization failure messages, by the opaque text a denial gave out: the
    /// account that may decode it, and the decoded JSON (`sts decode-authorization-message`).
    public var authorizationMessages: [String: (account: String, decoded: String)] = [:]
    /// What the command being run says besides its output (a profile made or switched): `run`
    /// hands it over in its outcome and keeps nothing.
    var notice: String?
    /// What the CLI asks on the terminal while the command runs (an MFA code for a role profile),
    /// with the simulated device's answer: `run` hands them over in its outcome and keeps nothing.
    var prompts: [String] = []
    /// The CLI's cache of role-profile credentials (`~/.aws/cli/cache`): the AssumeRole
    /// arguments, as botocore keys them, to the access key id of the session they gave.
    public var credentialCache: [String: String] = [:]
    /// Each account's last credential report, by account id.
    public var credentialReports: [String: CredentialReport] = [:]
    /// The AWS Organizations organization, once one is made (its SCPs are written into its
    /// member accounts' `serviceControlPolicies`).
    public var organization: Organization?
    /// The last use of each long-term access key, by key id.
    public var keyUses: [String: KeyUse] = [:]
    public var profiles: [Profile] = []
    public var currentProfile: String
    public var trail: PersistentArray<TrailEvent> = []
    /// The decision the command being run met: `run` hands it over in its outcome (for `why`)
    /// and keeps nothing.
    var lastDecision: DecisionRecord?
    public var defaultRegion = "us-east-1"

    /// A world with accounts (the first is home), each with a root user and an `NAME-admin`-free
    /// start: only the root profile exists until users are made.
    public init(accounts: [(id: String, alias: String)] = [("111122223333", "dev")]) {
        self.accounts = accounts.map { Account(id: $0.id, alias: $0.alias) }
        let home = accounts.first?.id ?? "111122223333"
        currentProfile = "root"
        for (i, a) in accounts.enumerated() {
            let name = i == 0 ? "root" : "root@\(a.alias)"
            profiles.append(Profile(name: name, credential: .root(account: a.id), sourceIp: "203.0.113.10", region: defaultRegion))
        }
        _ = home
    }

    public var homeAccount: String { accounts.first?.id ?? "111122223333" }

    public func accountIndex(_ id: String) -> Int? { accounts.firstIndex { $0.id == id } }
    public func account(_ id: String) -> Account? { accountIndex(id).map { accounts[$0] } }
    public func profile(_ name: String) -> Profile? { profiles.first { $0.name == name } }

    public mutating func setProfile(_ profile: Profile) {
        if let i = profiles.firstIndex(where: { $0.name == profile.name }) {
            profiles[i] = profile
        } else {
            profiles.append(profile)
        }
    }
}

extension String {
    /// Equal, ignoring the case of ASCII letters (IAM names), without making new strings.
    public func sameIgnoringCase(_ other: String) -> Bool {
        var a = utf8.makeIterator()
        var b = other.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y { continue }
                let lx = (x >= 65 && x <= 90) ? x + 32 : x
                let ly = (y >= 65 && y <= 90) ? y + 32 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }
}
