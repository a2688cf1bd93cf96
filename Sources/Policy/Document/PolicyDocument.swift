/// Where a policy is used, which decides the elements it must and must not have.
public enum PolicyKind: String, Sendable, Hashable {
    /// Attached to a user, group or role (also the shape of boundaries, session policies and SCPs):
    /// no `Principal`, a `Resource` required.
    case identity
    /// Attached to a resource (a bucket policy, a key policy): a `Principal` required.
    case resource
    /// A role's trust policy: a `Principal` required, no `Resource`.
    case trust
}

/// The policy language version; only `2012-10-17` replaces `${…}` policy variables.
public enum PolicyVersion: String, Sendable, Hashable {
    case v2012_10_17 = "2012-10-17"
    case v2008_10_17 = "2008-10-17"

    public static let supported = ["2012-10-17", "2008-10-17"]
}

public enum Effect: String, Sendable, Hashable {
    case allow = "Allow"
    case deny = "Deny"
}

/// A parsed, validated policy document.
public struct PolicyDocument: Sendable {
    /// nil when the document has no `Version` (policy variables are then literal text).
    public var version: PolicyVersion?
    public var id: String?
    public var statements: [PolicyStatement]

    public init(version: PolicyVersion?, id: String? = nil, statements: [PolicyStatement]) {
        self.version = version
        self.id = id
        self.statements = statements
    }

    /// Whether `${…}` is a policy variable in this document.
    public var substitutesVariables: Bool { version == .v2012_10_17 }
}

/// One statement of a policy document, with where it stands in the source.
public struct PolicyStatement: Sendable {
    public var sid: String?
    public var effect: Effect
    public var principal: PrincipalElement?
    public var action: ActionElement
    public var resource: ResourceElement?
    public var conditions: [ConditionClause]
    /// Positions of the statement's opening and closing braces.
    public var start: SourcePosition
    public var end: SourcePosition

    public init(
        sid: String? = nil, effect: Effect, principal: PrincipalElement? = nil, action: ActionElement,
        resource: ResourceElement?, conditions: [ConditionClause] = [],
        start: SourcePosition = .init(line: 1, column: 1), end: SourcePosition = .init(line: 1, column: 1)
    ) {
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
        self.start = start
        self.end = end
    }
}

public enum ActionElement: Sendable, Hashable {
    case action([String])
    case notAction([String])
}

public enum ResourceElement: Sendable, Hashable {
    case resource([String])
    case notResource([String])
}

public enum PrincipalElement: Sendable, Hashable {
    case principal(PrincipalSet)
    case notPrincipal(PrincipalSet)
}

/// The principals a `Principal` or `NotPrincipal` element names.
public struct PrincipalSet: Sendable, Hashable {
    /// `"Principal": "*"`.
    public var everyone: Bool = false
    /// `"AWS"` entries: `*`, account ids, and user, role, session, federated-user or root ARNs.
    public var aws: [String] = []
    public var service: [String] = []
    public var federated: [String] = []
    public var canonicalUser: [String] = []

    public init(everyone: Bool = false, aws: [String] = [], service: [String] = [], federated: [String] = [], canonicalUser: [String] = []) {
        self.everyone = everyone
        self.aws = aws
        self.service = service
        self.federated = federated
        self.canonicalUser = canonicalUser
    }
}

/// One key tested by one operator: `"StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}`.
public struct ConditionClause: Sendable, Hashable {
    public var op: ConditionOperator
    /// The key as written (keys compare case-insensitively).
    public var key: String
    public var values: [String]

    public init(_ op: ConditionOperator, key: String, values: [String]) {
        self.op = op
        self.key = key
        self.values = values
    }
}
