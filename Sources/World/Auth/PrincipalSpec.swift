import Policy

/// A principal as a lesson names it: `user/dana`, `role/Helper`, `instance/i-0abc`, an IAM ARN,
/// `service/ec2.amazonaws.com`… Read once, where the lesson is loaded; everything after switches
/// over the case rather than reading the text again.
///
/// ```swift
/// let dana = PrincipalSpec("user/dana")        // .user("dana")
/// dana?.description                            // "user/dana", exactly as written
/// PrincipalSpec("arn:aws:iam::999988887777:user/auditor")?.account  // "999988887777"
/// ```
public indirect enum PrincipalSpec: Sendable, Hashable, CustomStringConvertible {
    /// `root`: the home account's root user.
    case root
    /// `*`: anyone at all.
    case anyone
    /// `user/NAME`.
    case user(String)
    /// `role/NAME`: a session of the role.
    case role(String)
    /// `group/NAME` (a group is no principal, but it holds policies as one does).
    case group(String)
    /// `session/ROLE`: the newest session of the role someone actually opened.
    case session(role: String)
    /// `instance/ID`; `instance/*` is the newest running instance that carries a role.
    case instance(String)
    /// `function/NAME`: a Lambda function, acting as its execution role.
    case function(String)
    /// `saml/NAME` or `oidc/HOST`: a person signed in through an identity provider.
    case provider(IdentityProvider)
    /// `account/ID`: any principal of another account that its own policies let in.
    case account(String)
    /// `service/HOST`: an AWS service such as `ec2.amazonaws.com`.
    case service(String)
    /// An IAM ARN naming a user, a role or an account's root, in the account it names:
    /// `arn:aws:iam::999988887777:user/auditor`. `local` is `.user`, `.role` or `.root`; `written`
    /// is the ARN as the lesson wrote it (with any path).
    case arn(local: PrincipalSpec, account: String, written: String)

    /// Reads a spec; nil for text that names no principal.
    public init?(_ text: String) {
        if text == "root" {
            self = .root
            return
        }
        if text == "*" {
            self = .anyone
            return
        }
        if text.hasPrefix("arn:") {
            guard let arn = ARN(text), arn.scheme == "arn", arn.partition == "aws", arn.service == "iam", arn.region.isEmpty, !arn.account.isEmpty
            else { return nil }
            // `root`, or `user/`/`role/`, an optional path and the name (the ARN's last part).
            let parts = arn.resource.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            switch (parts.first, parts.count == 2 && !arn.resourceName.isEmpty && !arn.resource.hasSuffix("/")) {
            case ("root", _) where parts.count == 1: self = .arn(local: .root, account: arn.account, written: text)
            case ("user", true): self = .arn(local: .user(arn.resourceName), account: arn.account, written: text)
            case ("role", true): self = .arn(local: .role(arn.resourceName), account: arn.account, written: text)
            default: return nil
            }
            return
        }
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let kind = String(text[..<slash])
        let rest = String(text[text.index(after: slash)...])
        guard !rest.isEmpty else { return nil }
        switch kind {
        case "user": self = .user(rest)
        case "role": self = .role(rest)
        case "group": self = .group(rest)
        case "session": self = .session(role: rest)
        case "instance": self = .instance(rest)
        case "function": self = .function(rest)
        case "saml": self = .provider(IdentityProvider(kind: .saml, name: rest))
        case "oidc": self = .provider(IdentityProvider(kind: .oidc, name: rest))
        case "account": self = .account(rest)
        case "service": self = .service(rest)
        default: return nil
        }
    }

    /// The spec as it was written.
    public var description: String {
        switch self {
        case .root: "root"
        case .anyone: "*"
        case .user(let n): "user/\(n)"
        case .role(let n): "role/\(n)"
        case .group(let n): "group/\(n)"
        case .session(let r): "session/\(r)"
        case .instance(let id): "instance/\(id)"
        case .function(let n): "function/\(n)"
        case .provider(let p): "\(p.kind.rawValue)/\(p.name)"
        case .account(let id): "account/\(id)"
        case .service(let host): "service/\(host)"
        case .arn(_, _, let written): written
        }
    }

    /// The account an ARN (or `account/ID`) names; nil for a principal of the home account.
    public var account: String? {
        switch self {
        case .arn(_, let account, _), .account(let account): account
        case .root, .anyone, .user, .role, .group, .session, .instance, .function, .provider, .service: nil
        }
    }

    /// The principal within its account: an ARN's user, role or root; any other spec itself.
    public var local: PrincipalSpec {
        if case .arn(let local, _, _) = self { local } else { self }
    }

    /// The role's name, for `role/NAME` or a role ARN; nil for anything else.
    public var roleName: String? {
        if case .role(let name) = local { name } else { nil }
    }

    /// Whether the spec names a role (`role/NAME` or a role ARN).
    public var isRole: Bool { roleName != nil }

    /// Whether two role specs name the same role (IAM compares role names without case).
    public func sameRole(_ other: PrincipalSpec) -> Bool {
        guard let a = roleName, let b = other.roleName else { return false }
        return a.lowercased() == b.lowercased() && (account ?? "") == (other.account ?? "")
    }
}
