import Policy

/// An S3 bucket and its objects.
public struct Bucket: Sendable, Hashable {
    public var name: String
    public var account: String
    public var region: String
    public var created: Int
    public var policy: String? {
        didSet { compiledPolicy = CompiledDocument(compiled: policy.flatMap { try? CompiledPolicy(json: $0, kind: .resource, id: "", sourceType: "") }) }
    }
    /// The bucket policy compiled when it was written.
    public private(set) var compiledPolicy = CompiledDocument(compiled: nil)
    public var objects: [String: S3Object] = [:]
    public var tags: [Tag] = []

    public init(name: String, account: String, region: String, created: Int) {
        self.name = name
        self.account = account
        self.region = region
        self.created = created
    }

    public var arn: String { "arn:aws:s3:::\(name)" }
}

public struct S3Object: Sendable, Hashable {
    public var key: String
    public var body: String
    public var modified: Int
    public var size: Int { body.utf8.count }
}

/// An EC2 instance; with an instance profile it acts as the profile's role.
public struct Instance: Sendable, Hashable {
    public enum State: String, Sendable { case pending, running, stopping, stopped, terminated }
    public var id: String
    public var account: String
    public var region: String
    public var type: String
    public var imageId: String
    public var state: State
    public var launched: Int
    public var instanceProfile: String?
    public var tags: [Tag] = []
    public var privateIp: String
    public var publicIp: String

    public var arn: String { "arn:aws:ec2:\(region):\(account):instance/\(id)" }
}

/// A Lambda function; it acts as its execution role.
public struct LambdaFunction: Sendable, Hashable {
    public var name: String
    public var account: String
    public var region: String
    public var role: String
    public var runtime: String
    public var handler: String
    public var created: Int

    public var arn: String { "arn:aws:lambda:\(region):\(account):function:\(name)" }
}

/// A DynamoDB table with its items (each item an attribute → typed value map in AWS JSON).
public struct Table: Sendable, Hashable {
    public var name: String
    public var account: String
    public var region: String
    public var keyAttribute: String
    public var created: Int
    public var items: [String: String] = [:]

    public var arn: String { "arn:aws:dynamodb:\(region):\(account):table/\(name)" }
}
