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
        /// For `AWSService`: the service that made the call (`ec2.amazonaws.com`).
        public var invokedBy: String?

        /// Who made the call, for a person reading the trail: the ARN, or the service.
        public var who: String { arn.isEmpty ? invokedBy ?? "" : arn }
    }

    /// The calls CloudTrail records as data events (object, item and invocation level), which
    /// the event history does not hold (CloudTrail UG `logging-data-events-with-cloudtrail.html`;
    /// S3 UG `cloudtrail-logging-s3-info.html`: "The CloudTrail Event history doesn't record data events").
    static let dataEvents: [String: Set<String>] = [
        "s3.amazonaws.com": ["GetObject", "PutObject", "DeleteObject", "HeadObject", "CopyObject", "ListObjects", "ListObjectsV2"],
        "dynamodb.amazonaws.com": ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem"],
        "lambda.amazonaws.com": ["Invoke"],
    ]

    /// Whether a call is a data event, kept out of the event history.
    public static func isDataEvent(source: String, name: String) -> Bool {
        dataEvents[source]?.contains(name) ?? false
    }

    /// Whether the call only reads (CloudTrail's `readOnly`): Get*, List*, Describe*, Lookup*,
    /// Decode*, Simulate* and GenerateCredentialReport.
    public var readOnly: Bool {
        ["Get", "List", "Describe", "Lookup", "Decode", "Simulate", "GenerateCredentialReport"].contains { name.hasPrefix($0) }
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
        if identity.type == "Root" { return "root" }
        if identity.arn.isEmpty, let service = identity.invokedBy { return service }
        return identity.userName ?? identity.arn.split(separator: "/").last.map(String.init) ?? identity.arn
    }

    /// The record as `lookup-events` shows it (the `CloudTrailEvent` JSON inside an `Events` entry).
    public var json: JSONOutput {
        var identityMembers: [(String, JSONOutput)] = [("type", .string(identity.type))]
        if !identity.arn.isEmpty { identityMembers += [("arn", .string(identity.arn)), ("accountId", .string(identity.accountId))] }
        if let service = identity.invokedBy { identityMembers.append(("invokedBy", .string(service))) }
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
        members.append(("readOnly", .bool(readOnly)))
        members.append(("eventType", .string("AwsApiCall")))
        members.append(("managementEvent", .bool(true)))
        members.append(("recipientAccountId", .string(account)))
        members.append(("eventCategory", .string("Management")))
        return .object(members)
    }
}
