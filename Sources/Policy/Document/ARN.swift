/// An ARN's six colon-separated fields, `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`; the
/// resource keeps any further colons. Region and account may be empty.
public struct ARN: Sendable, Hashable {
    /// The first field: `arn` in a well-formed ARN.
    public let scheme: String
    public let partition: String
    public let service: String
    public let region: String
    public let account: String
    public let resource: String

    /// nil when the text has fewer than six fields.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        scheme = String(parts[0])
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }

    /// The last `/`-separated part of the resource: a user's, role's or bucket object's name.
    public var resourceName: String { String(resource.split(separator: "/").last ?? "") }
}
