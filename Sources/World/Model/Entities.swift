import Policy

/// A tag on a user, role or resource.
public struct Tag: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A long-term access key of an IAM user (`AKIA…`): it never expires.
public struct AccessKey: Sendable, Hashable {
    public var id: String
    public var secret: String
    public var active: Bool
    public var created: Int
    public var lastUsed: Int?
}

/// When, for which service and in which region an access key last signed a request (what
/// `get-access-key-last-used` and the credential report say): kept beside the keys, as an
/// observation, not part of what a key is.
public struct KeyUse: Sendable, Hashable {
    public var time: Int
    public var service: String
    public var region: String
}

/// An inline policy: embedded in one user, group or role.
public struct InlinePolicy: Sendable, Hashable {
    public var name: String
    public var document: String { didSet { compiled = CompiledDocument(document, kind: .identity) } }
    /// The document compiled when it was written.
    public private(set) var compiled: CompiledDocument

    public init(name: String, document: String) {
        self.name = name
        self.document = document
        compiled = CompiledDocument(document, kind: .identity)
    }
}

/// A virtual MFA device assigned to a user.
public struct MFADevice: Sendable, Hashable {
    public var serialNumber: String
    public var enabled: Bool
    public var created: Int
}

/// A user's console password: when it was set, and whether it must be changed at the next sign-in.
public struct LoginProfile: Sendable, Hashable {
    public var created: Int
    public var passwordResetRequired: Bool
}

/// The account's password policy for IAM users' console passwords (UG
/// `id_credentials_passwords_account-policy.html`; API `UpdateAccountPasswordPolicy`). Set as a
/// whole: what an update leaves out takes its default.
public struct PasswordPolicy: Sendable, Hashable {
    public var minimumLength = 6
    public var requireSymbols = false
    public var requireNumbers = false
    public var requireUppercase = false
    public var requireLowercase = false
    public var allowUsersToChange = false
    /// Days a password lives (nil: passwords never expire).
    public var maxAge: Int?
    /// How many earlier passwords a user may not reuse (nil: no prevention).
    public var reusePrevention: Int?
    public var hardExpiry = false

    public init() {}
}

public struct User: Sendable, Hashable {
    public var name: String
    public var path: String
    public var id: String
    public var created: Int
    public var accessKeys: [AccessKey] = []
    public var inlinePolicies: [InlinePolicy] = []
    public var attachedPolicies: [String] = []
    public var permissionsBoundary: String?
    public var tags: [Tag] = []
    public var mfaDevices: [MFADevice] = []
    /// The user's console password, if it has one (AWS's "login profile").
    public var loginProfile: LoginProfile?

    public func arn(_ account: String) -> String { "arn:aws:iam::\(account):user\(path)\(name)" }
}

public struct Group: Sendable, Hashable {
    public var name: String
    public var path: String
    public var id: String
    public var created: Int
    public var members: [String] = [] {
        didSet {
            // An append files one name; any other change files them all again.
            if members.count == oldValue.count + 1, memberSet.count == oldValue.count, let last = members.last, !memberSet.contains(last) {
                memberSet.insert(last)
            } else {
                memberSet = MemberSet(members)
            }
        }
    }
    /// The members as a set, kept beside the list (which keeps the order AWS lists them in).
    private var memberSet = MemberSet([])
    public var inlinePolicies: [InlinePolicy] = []
    public var attachedPolicies: [String] = []

    public init(name: String, path: String, id: String, created: Int) {
        self.name = name
        self.path = path
        self.id = id
        self.created = created
    }

    public func arn(_ account: String) -> String { "arn:aws:iam::\(account):group\(path)\(name)" }

    /// Whether the user is a member (by the name the membership was made with).
    public func hasMember(_ user: String) -> Bool {
        memberSet.count == members.count ? memberSet.contains(user) : members.contains(user)
    }
}

/// A set of member names: a faster reading of `Group.members`, never part of what a group is.
struct MemberSet: Sendable, Hashable {
    private var names: Set<String>
    init(_ list: [String]) { names = Set(list) }
    var count: Int { names.count }
    func contains(_ n: String) -> Bool { names.contains(n) }
    mutating func insert(_ n: String) { names.insert(n) }
    static func == (lhs: Self, rhs: Self) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

public struct Role: Sendable, Hashable {
    public var name: String
    public var path: String
    public var id: String
    public var created: Int
    public var trustPolicy: String { didSet { compiledTrust = CompiledDocument(trustPolicy, kind: .trust) } }
    /// The trust policy compiled when it was written.
    public private(set) var compiledTrust: CompiledDocument
    public var description: String?
    public var maxSessionDuration: Int = 3600
    public var inlinePolicies: [InlinePolicy] = []
    public var attachedPolicies: [String] = []
    public var permissionsBoundary: String?
    public var tags: [Tag] = []

    public init(name: String, path: String, id: String, created: Int, trustPolicy: String, description: String? = nil) {
        self.name = name
        self.path = path
        self.id = id
        self.created = created
        self.trustPolicy = trustPolicy
        self.description = description
        compiledTrust = CompiledDocument(trustPolicy, kind: .trust)
    }

    public func arn(_ account: String) -> String { "arn:aws:iam::\(account):role\(path)\(name)" }
}

/// A customer managed policy, with its versions (at most five).
public struct ManagedPolicy: Sendable, Hashable {
    public struct Version: Sendable, Hashable {
        public var id: String
        public var document: String { didSet { compiled = CompiledDocument(document, kind: .identity) } }
        public var created: Int
        /// The document compiled when it was written.
        public private(set) var compiled: CompiledDocument

        public init(id: String, document: String, created: Int) {
            self.id = id
            self.document = document
            self.created = created
            compiled = CompiledDocument(document, kind: .identity)
        }
    }

    public var name: String
    public var path: String
    public var id: String
    public var created: Int
    public var description: String?
    public var versions: [Version]
    public var defaultVersion: String
    public var tags: [Tag] = []

    public var document: String { versions.first { $0.id == defaultVersion }?.document ?? "{}" }
    /// The default version, compiled.
    public var compiled: CompiledDocument { versions.first { $0.id == defaultVersion }?.compiled ?? CompiledDocument(compiled: nil) }
    public func arn(_ account: String) -> String { "arn:aws:iam::\(account):policy\(path)\(name)" }
}

public struct InstanceProfile: Sendable, Hashable {
    public var name: String
    public var path: String
    public var id: String
    public var created: Int
    /// At most one role: an instance carries one role.
    public var role: String?
    public var tags: [Tag] = []

    public func arn(_ account: String) -> String { "arn:aws:iam::\(account):instance-profile\(path)\(name)" }
}

/// An identity provider a workforce signs in through (SAML or OpenID Connect).
public struct IdentityProvider: Sendable, Hashable {
    public enum Kind: String, Sendable { case saml, oidc }
    public var kind: Kind
    /// The provider's name (SAML) or URL host (OIDC), e.g. `CorpIdP` or `accounts.example.com`.
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    public func arn(_ account: String) -> String {
        kind == .saml ? "arn:aws:iam::\(account):saml-provider/\(name)" : "arn:aws:iam::\(account):oidc-provider/\(name)"
    }
}
