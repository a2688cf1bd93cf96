/// One request to decide: who asks to do what to which resource, in which context.
public struct AuthorizationRequest: Sendable {
    /// One allocation for the whole request, so that passing it around costs a single retain.
    final class Storage: Sendable {
        let caller: Caller
        let action: String
        let resource: String
        let resourceAccount: String?
        let context: RequestContext
        /// The lower-cased action's bytes, then the resource's: one buffer, read together.
        let bytes: [UInt8]
        let actionCount: Int
        let service: String
        let isGetCallerIdentity: Bool
        let serviceBit: UInt64

        init(caller: Caller, action: String, resource: String, resourceAccount: String?, context: RequestContext) {
            self.caller = caller
            self.action = action
            self.resource = resource
            self.resourceAccount = resourceAccount
            self.context = context
            let lowered = Glob.asciiLowercased(action)
            bytes = Array(lowered.utf8) + Array(resource.utf8)
            actionCount = lowered.utf8.count
            service = String(lowered.prefix(while: { $0 != ":" }))
            isGetCallerIdentity = lowered == "sts:getcalleridentity"
            serviceBit = IdentityProgram.serviceBit(service.utf8)
        }
    }

    let storage: Storage

    public var caller: Caller { storage.caller }
    /// `service:Operation` as asked (compared case-insensitively).
    public var action: String { storage.action }
    /// The resource's ARN, or `*` (compared case-sensitively).
    public var resource: String { storage.resource }
    /// The account that owns the resource; nil means the caller's own account.
    public var resourceAccount: String? { storage.resourceAccount }
    public var context: RequestContext { storage.context }
    var service: String { storage.service }

    public init(caller: Caller, action: String, resource: String, resourceAccount: String? = nil, context: RequestContext = RequestContext()) {
        storage = Storage(caller: caller, action: action, resource: resource, resourceAccount: resourceAccount, context: context)
    }

    /// Whether the resource belongs to another account than the caller's.
    public var isCrossAccount: Bool {
        guard let owner = resourceAccount, let mine = caller.account else { return false }
        return owner != mine
    }
}

/// The owner account of a resource ARN: its fifth field when present, else `fallback`.
public func accountOfResource(_ arn: String, fallback: String?) -> String? {
    guard let account = ARN(arn)?.account, !account.isEmpty, account != "*", account != "aws" else { return fallback }
    return account
}
