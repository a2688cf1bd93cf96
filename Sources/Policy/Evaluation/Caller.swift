/// Who makes a request: the principal AWS authenticated.
public enum Caller: Sendable, Hashable, CustomStringConvertible {
    /// An account's root user.
    case root(account: String)
    /// An IAM user (with its path, as its ARN shows it).
    case user(account: String, path: String, name: String)
    /// A role session: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (the session ARN drops the role's path).
    case roleSession(account: String, roleName: String, sessionName: String)
    /// A federated user from GetFederationToken: `arn:aws:sts::ACCOUNT:federated-user/NAME`.
    case federatedUser(account: String, name: String)
    /// An AWS service acting as itself, e.g. `ec2.amazonaws.com` assuming an instance role.
    case service(String)
    /// An identity from an identity provider asking to assume a role (web identity or SAML),
    /// named by the provider as a trust policy's `Federated` entry names it.
    case identityProvider(String)
    /// An unauthenticated request.
    case anonymous

    /// The caller's account, if it has one.
    public var account: String? {
        switch self {
        case .root(let a), .user(let a, _, _), .roleSession(let a, _, _), .federatedUser(let a, _): a
        case .service, .identityProvider, .anonymous: nil
        }
    }

    /// The caller's ARN (for a role session, the session ARN).
    public var arn: String {
        switch self {
        case .root(let a): "arn:aws:iam::\(a):root"
        case .user(let a, let path, let name): "arn:aws:iam::\(a):user\(path)\(name)"
        case .roleSession(let a, let role, let session): "arn:aws:sts::\(a):assumed-role/\(role)/\(session)"
        case .federatedUser(let a, let name): "arn:aws:sts::\(a):federated-user/\(name)"
        case .service(let s): s
        case .identityProvider(let p): p
        case .anonymous: "anonymous"
        }
    }

    public var description: String { arn }

    /// Parses a caller ARN: a user, a root, an assumed-role session or a federated user.
    ///
    /// - Throws: a message saying which forms are accepted.
    public init(arn: String) throws(CallerError) {
        guard let parsed = ARN(arn), parsed.scheme == "arn", !parsed.partition.isEmpty else {
            throw CallerError(arn: arn, reason: "it is not an ARN")
        }
        let service = parsed.service
        let account = parsed.account
        let resource = parsed.resource
        guard account.count == 12, account.allSatisfy(\.isNumber) else {
            throw CallerError(arn: arn, reason: "the account must be a 12-digit account id")
        }
        switch service {
        case "iam":
            if resource == "root" {
                self = .root(account: account)
                return
            }
            if resource.hasPrefix("user/") {
                let rest = resource.dropFirst("user".count)
                let slash = rest.lastIndex(of: "/")!
                let name = String(rest[rest.index(after: slash)...])
                guard !name.isEmpty else { throw CallerError(arn: arn, reason: "the user name is empty") }
                self = .user(account: account, path: String(rest[...slash]), name: name)
                return
            }
            if resource.hasPrefix("role/") {
                throw CallerError(arn: arn, reason: "a role is not a caller; its sessions are: arn:aws:sts::\(account):assumed-role/ROLE/SESSION")
            }
        case "sts":
            if resource.hasPrefix("assumed-role/") {
                let bits = resource.split(separator: "/", omittingEmptySubsequences: false)
                guard bits.count == 3, !bits[1].isEmpty, !bits[2].isEmpty else {
                    throw CallerError(arn: arn, reason: "a session ARN is arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION")
                }
                self = .roleSession(account: account, roleName: String(bits[1]), sessionName: String(bits[2]))
                return
            }
            if resource.hasPrefix("federated-user/") {
                let name = String(resource.dropFirst("federated-user/".count))
                guard !name.isEmpty else { throw CallerError(arn: arn, reason: "the federated user name is empty") }
                self = .federatedUser(account: account, name: name)
                return
            }
        default:
            break
        }
        throw CallerError(
            arn: arn,
            reason:
                "callers are users (arn:aws:iam::ACCOUNT:user/NAME), root (arn:aws:iam::ACCOUNT:root), role sessions (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) or federated users"
        )
    }
}

/// A caller ARN that names no principal that can make a request.
public struct CallerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var arn: String
    public var reason: String
    public var description: String { "\"\(arn)\" is not a valid caller: \(reason)" }
}

/// How a resource-based or trust policy's `Principal` named the caller. The form decides whether
/// the grant suffices on its own in the same account (UG `…policy-eval-denyallow.html`, table in
/// IAM-SEMANTICS §1.2).
public enum GrantForm: String, Sendable, Hashable, Comparable {
    /// The account (`"111122223333"` or `arn:aws:iam::111122223333:root`): delegates to the account's
    /// identity-based policies.
    case account
    /// `"*"`: treated as a direct grant that the caller's boundary and session policies still cap.
    case everyone
    /// The role's ARN, for a session of that role: direct, but capped by the role's boundary and
    /// the session policy.
    case role
    /// The user's own ARN.
    case user
    /// The exact role-session ARN.
    case session
    /// The federated user's ARN.
    case federatedUser = "federated user"
    /// A service principal such as `ec2.amazonaws.com`.
    case service
    /// An identity provider (`Federated`).
    case identityProvider = "identity provider"

    /// Whether the grant is enough without an identity-based Allow, in the same account.
    public var isDirect: Bool { self != .account }

    /// Whether a boundary and a session policy still limit the direct grant.
    public var isCapped: Bool { self == .role || self == .everyone }

    var rank: Int {
        switch self {
        case .account: 0
        case .everyone, .role: 1
        case .user, .session, .federatedUser, .service, .identityProvider: 2
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

extension PrincipalSet {
    /// The strongest way this set names `caller`, or nil if it does not.
    func grantForm(for caller: Caller) -> GrantForm? {
        var best: GrantForm?
        func consider(_ form: GrantForm) {
            if best == nil || best! < form { best = form }
        }
        if everyone { consider(.everyone) }
        for entry in aws {
            if let form = Self.awsEntry(entry, names: caller) { consider(form) }
        }
        if case .service(let name) = caller, service.contains(where: { $0.lowercased() == name.lowercased() }) {
            consider(.service)
        }
        if case .identityProvider(let name) = caller, federated.contains(name) {
            consider(.identityProvider)
        }
        return best
    }

    /// How one `"AWS"` entry names the caller, if it does.
    static func awsEntry(_ entry: String, names caller: Caller) -> GrantForm? {
        if entry == "*" { return .everyone }
        let account: String
        var resource = ""
        var service = "iam"
        if entry.utf8.count == 12, entry.allSatisfy(\.isNumber) {
            account = entry
            resource = "root"
        } else {
            guard let arn = ARN(entry) else { return nil }
            service = arn.service
            account = arn.account
            resource = arn.resource
        }
        guard let callerAccount = caller.account, callerAccount == account else { return nil }
        if service == "iam" && resource == "root" { return .account }
        switch caller {
        case .user(_, let path, let name) where service == "iam" && resource.hasPrefix("user/"):
            // The path is part of the user's ARN (UG reference_identifiers.html#identifiers-arns).
            return resource == "user\(path)\(name)" ? .user : nil
        case .roleSession(_, let role, let session):
            if service == "iam" && resource.hasPrefix("role/") {
                return lastComponent(resource) == role ? .role : nil
            }
            if service == "sts" && resource == "assumed-role/\(role)/\(session)" { return .session }
            return nil
        case .federatedUser(_, let name) where service == "sts":
            return resource == "federated-user/\(name)" ? .federatedUser : nil
        default:
            return nil
        }
    }

    static func lastComponent(_ resource: String) -> Substring {
        resource.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    }

    /// For `NotPrincipal`: whether every identity in the caller's chain (its account, and the
    /// user, or the role and the session) is listed, which is what exempts a caller from the statement.
    func exemptsEveryLink(of caller: Caller) -> Bool {
        if everyone || aws.contains("*") { return true }
        let links: [GrantForm]
        switch caller {
        case .root: links = [.account]
        case .user: links = [.account, .user]
        case .roleSession: links = [.account, .role, .session]
        case .federatedUser: links = [.account, .federatedUser]
        case .service, .identityProvider:
            return grantForm(for: caller) != nil
        case .anonymous: return false
        }
        let named = Set(aws.compactMap { Self.awsEntry($0, names: caller) })
        return links.allSatisfy(named.contains)
    }
}
