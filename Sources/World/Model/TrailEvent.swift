import Policy

/// One call, allowed or denied, shaped like a CloudTrail record.
public struct TrailEvent: Sendable, Hashable {
    public struct Identity: Sendable, Hashable {
        /// `Root`, `IAMUser`, `AssumedRole`, `FederatedUser`, `AWSService`.
        public var type: String
        public var arn: String
        public var accountId: String
        public var accessKeyId: String?
        public var userName: String?
        /// For sessions: the role (or user) that issued them.
        public var sessionIssuer: String?
        public var mfaAuthenticated: Bool?
    }

    public var id: String
    public var time: Int
    public var source: String
    public var name: String
    public var region: String
    public var sourceIp: String
    public var identity: Identity
    public var resources: [String]
    public var errorCode: String?
    public var errorMessage: String?
    /// The account whose trail records it.
    public var account: String

    /// The name `lookup-events` matches with `AttributeKey=Username`.
    public var username: String {
        identity.userName ?? identity.arn.split(separator: "/").last.map(String.init) ?? identity.arn
    }

    /// The record as `lookup-events` shows it (the `CloudTrailEvent` JSON inside an `Events` entry).
    public var json: JSONOutput {
        var identityMembers: [(String, JSONOutput)] = [
            ("type", .string(identity.type)),
            ("arn", .string(identity.arn)),
            ("accountId", .string(identity.accountId)),
        ]
        if let key = identity.accessKeyId { identityMembers.append(("accessKeyId", .string(key))) }
        if let name = identity.userName { identityMembers.append(("userName", .string(name))) }
        if let issuer = identity.sessionIssuer {
            var context: [(String, JSONOutput)] = [
                ("sessionIssuer", .object([("type", .string(issuer.contains(":role/") ? "Role" : "IAMUser")), ("arn", .string(issuer))]))
            ]
            if let mfa = identity.mfaAuthenticated {
                context.append(("attributes", .object([("mfaAuthenticated", .string(mfa ? "true" : "false"))])))
            }
            identityMembers.append(("sessionContext", .object(context)))
        }
        var members: [(String, JSONOutput)] = [
            ("eventVersion", .string("1.09")),
            ("userIdentity", .object(identityMembers)),
            ("eventTime", .string(SimulatedClock.iso8601(time))),
            ("eventSource", .string(source)),
            ("eventName", .string(name)),
            ("awsRegion", .string(region)),
            ("sourceIPAddress", .string(sourceIp)),
        ]
        if let errorCode { members.append(("errorCode", .string(errorCode))) }
        if let errorMessage { members.append(("errorMessage", .string(errorMessage))) }
        members.append(("resources", .array(resources.map { .object([("ARN", .string($0))]) })))
        members.append(("eventID", .string(id)))
        members.append(("recipientAccountId", .string(account)))
        return .object(members)
    }
}
