/// One request to decide: who asks to do what to which resource, in which context.
public struct AuthorizationRequest: Sendable {
    public let caller: Caller
    /// `service:Operation` as asked (compared case-insensitively).
    public let action: String
    /// The resource's ARN, or `*` (compared case-sensitively).
    public let resource: String
    /// The account that owns the resource; nil means the caller's own account.
    public let resourceAccount: String?
    public let context: RequestContext
    let actionBytes: [UInt8]
    let resourceBytes: [UInt8]
    let service: String

    public init(caller: Caller, action: String, resource: String, resourceAccount: String? = nil, context: RequestContext = RequestContext()) {
        self.caller = caller
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
        let lowered = Glob.asciiLowercased(action)
        actionBytes = Array(lowered.utf8)
        resourceBytes = Array(resource.utf8)
        service = String(lowered.prefix(while: { $0 != ":" }))
    }

    /// Whether the resource belongs to another account than the caller's.
    public var isCrossAccount: Bool {
        guard let owner = resourceAccount, let mine = caller.account else { return false }
        return owner != mine
    }
}

/// The owner account of a resource ARN: its fifth field when present, else `fallback`.
public func accountOfResource(_ arn: String, fallback: String?) -> String? {
    let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    if parts.count == 6, !parts[4].isEmpty, parts[4] != "*", parts[4] != "aws" { return String(parts[4]) }
    return fallback
}
