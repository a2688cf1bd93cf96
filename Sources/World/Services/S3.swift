import Policy

extension World {
    /// `s3://bucket/key` → (bucket, key).
    static func s3Path(_ text: String) -> (bucket: String, key: String)? {
        guard text.hasPrefix("s3://") else { return nil }
        let rest = text.dropFirst(5)
        guard !rest.isEmpty else { return nil }
        if let slash = rest.firstIndex(of: "/") {
            return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
        }
        return (String(rest), "")
    }

    func bucketIndex(_ name: String) -> Int? { buckets.firstIndex { $0.name == name } }

    /// Authorizes an S3 call against the bucket: its owner and its bucket policy take part.
    mutating func authorizeS3(_ actor: Actor, action: String, bucket b: Int?, name: String, key: String?, operation: String, context: [String: String] = [:])
        throws(AWSError)
    {
        var access = access(action, on: key.map { "arn:aws:s3:::\(name)/\($0)" } ?? "arn:aws:s3:::\(name)")
        for (k, v) in context { access.context[k] = v }
        try authorize(actor, access, operation: operation)
    }

    /// The bucket an S3 call names, once `action` is authorized on it (or on `key` in it); the
    /// trail names that resource. A missing bucket is reported only to a caller allowed to ask.
    mutating func s3Bucket(_ call: inout Call, _ actor: Actor, _ action: String, bucket name: String, key: String? = nil, context: [String: String] = [:])
        throws(AWSError) -> Int
    {
        let b = bucketIndex(name)
        call.resources = [key.map { "arn:aws:s3:::\(name)/\($0)" } ?? "arn:aws:s3:::\(name)"]
        try authorizeS3(actor, action: action, bucket: b, name: name, key: key, operation: call.api, context: context)
        guard let b else { throw AWSError(.noSuchBucket, "The specified bucket does not exist", operation: call.api) }
        return b
    }

    static func s3Operations() -> [Operation] {
        var ops: [Operation] = []
        ops.append(
            Operation("s3", "mb", api: "CreateBucket", "Make a bucket: s3://NAME.", positionals: ["<path>"]) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                guard let (name, _) = s3Path(call.positionals[0]) else { throw AWSError(usage: "<path> must be s3://BUCKET") }
                call.resources = ["arn:aws:s3:::\(name)"]
                // The name was checked against S3's naming rules when the caller was known (checkServiceValues).
                try world.authorizeS3(actor, action: "s3:CreateBucket", bucket: nil, name: name, key: nil, operation: call.api)
                if let b = world.bucketIndex(name) {
                    throw world.buckets[b].account == actor.account
                        ? AWSError(
                            .bucketAlreadyOwnedByYou, "Your previous request to create the named bucket succeeded and you already own it.", operation: call.api
                        )
                        : AWSError(
                            .bucketAlreadyExists,
                            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
                            operation: call.api)
                }
                world.buckets.append(Bucket(name: name, account: actor.account, region: call.region, created: world.clock.now))
                return .string("make_bucket: \(name)")
            })
        ops.append(
            Operation("s3", "ls", api: "ListBuckets", "List buckets, or the objects under s3://BUCKET/PREFIX.", positionals: ["<path>"], required: 0) {
                world, call throws(AWSError) in
                let actor = try call.actor(&world)
                guard let path = call.positionals.first else {
                    try world.authorize(actor, Access("s3:ListAllMyBuckets", on: "*"), operation: call.api)
                    let mine = world.buckets.filter { $0.account == actor.account }.sorted { $0.name < $1.name }
                    return .string(
                        mine.map { "\(SimulatedClock.iso8601($0.created).replacingFirst("T", with: " ").dropLast()) \($0.name)" }.joined(separator: "\n"))
                }
                guard let (name, prefix) = s3Path(path) else { throw AWSError(usage: "<path> must be s3://BUCKET[/PREFIX]") }
                call.operation.api = "ListObjectsV2"
                let b = try world.s3Bucket(&call, actor, "s3:ListBucket", bucket: name, context: ["s3:prefix": prefix])
                let keys = world.buckets[b].objects.values.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
                return .string(
                    keys.map {
                        "\(SimulatedClock.iso8601($0.modified).replacingFirst("T", with: " ").dropLast()) \(String(repeating: " ", count: max(0, 10 - String($0.size).count)))\($0.size) \($0.key)"
                    }.joined(separator: "\n"))
            })
        ops.append(
            Operation(
                "s3", "cp", api: "PutObject", "Copy a local file to s3://BUCKET/KEY, or an object to a local file.", positionals: ["<source>", "<destination>"]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let source = call.positionals[0]
                let destination = call.positionals[1]
                if let (name, key) = s3Path(destination), s3Path(source) == nil {
                    let objectKey = key.isEmpty || key.hasSuffix("/") ? key + String(source.split(separator: "/").last ?? "") : key
                    guard let body = call.localFile else {
                        throw AWSError(usage: "The user-provided path \(source) does not exist.")
                    }
                    let b = try world.s3Bucket(&call, actor, "s3:PutObject", bucket: name, key: objectKey)
                    world.buckets[b].objects[objectKey] = S3Object(key: objectKey, body: body, modified: world.clock.now)
                    return .string("upload: \(source) to s3://\(name)/\(objectKey)")
                }
                if let (name, key) = s3Path(source), s3Path(destination) == nil {
                    call.operation.api = "GetObject"
                    let b = try world.s3Bucket(&call, actor, "s3:GetObject", bucket: name, key: key)
                    guard world.buckets[b].objects[key] != nil else {
                        throw AWSError(.httpNotFound, "Not Found", operation: "HeadObject")
                    }
                    return .string("download: s3://\(name)/\(key) to \(destination)")
                }
                throw AWSError(usage: "cp copies between a local file and s3://BUCKET/KEY")
            })
        ops.append(
            Operation("s3", "rm", api: "DeleteObject", "Delete an object: s3://BUCKET/KEY.", positionals: ["<path>"]) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                guard let (name, key) = s3Path(call.positionals[0]), !key.isEmpty else { throw AWSError(usage: "<path> must be s3://BUCKET/KEY") }
                let b = try world.s3Bucket(&call, actor, "s3:DeleteObject", bucket: name, key: key)
                world.buckets[b].objects[key] = nil
                return .string("delete: s3://\(name)/\(key)")
            })
        ops.append(
            Operation(
                "s3api", "put-bucket-policy", api: "PutBucketPolicy", "Attach a bucket policy: who (in any account) may do what to the bucket.",
                flags: [Flag("--bucket", required: true), Flag("--policy", .json, required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--bucket")
                let b = try world.s3Bucket(&call, actor, "s3:PutBucketPolicy", bucket: name)
                let text = try call.required("--policy")
                try world.refuseGroupPrincipal(text, s3: true, operation: call.api)
                do throws(PolicyError) {
                    _ = try PolicyDocument.parse(text, kind: .resource)
                } catch {
                    throw AWSError(.malformedPolicy, error.description.replacingFirst("MalformedPolicyDocument: ", with: ""), operation: call.api)
                }
                try world.checkBucketPolicyPrincipals(text, operation: call.api)
                world.buckets[b].policy = text
                return nil
            })
        ops.append(
            Operation("s3api", "get-bucket-policy", api: "GetBucketPolicy", "Show a bucket's policy.", flags: [Flag("--bucket", required: true)]) {
                world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--bucket")
                let b = try world.s3Bucket(&call, actor, "s3:GetBucketPolicy", bucket: name)
                guard let policy = world.buckets[b].policy else {
                    throw AWSError(.noSuchBucketPolicy, "The bucket policy does not exist", operation: call.api)
                }
                return .object([("Policy", .string(policy))])
            })
        ops.append(
            Operation(
                "s3api", "put-object", api: "PutObject", "Store an object.",
                flags: [Flag("--bucket", required: true), Flag("--key", required: true), Flag("--body")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--bucket")
                let key = try call.required("--key")
                let b = try world.s3Bucket(&call, actor, "s3:PutObject", bucket: name, key: key)
                world.buckets[b].objects[key] = S3Object(key: key, body: call.localFile ?? "", modified: world.clock.now)
                return .object([("ETag", .string("\"\(world.ids.hex("", digits: 32))\""))])
            })
        ops.append(
            Operation(
                "s3api", "get-object", api: "GetObject", "Fetch an object into a local file.",
                flags: [Flag("--bucket", required: true), Flag("--key", required: true)], positionals: ["<outfile>"]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--bucket")
                let key = try call.required("--key")
                let b = try world.s3Bucket(&call, actor, "s3:GetObject", bucket: name, key: key)
                guard let object = world.buckets[b].objects[key] else {
                    throw AWSError(.noSuchKey, "The specified key does not exist.", operation: call.api)
                }
                return .object([("LastModified", .string(SimulatedClock.iso8601(object.modified))), ("ContentLength", .integer(object.size))])
            })
        ops.append(
            Operation(
                "s3api", "list-objects-v2", api: "ListObjectsV2", "List a bucket's objects.", flags: [Flag("--bucket", required: true), Flag("--prefix")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--bucket")
                let prefix = call.string("--prefix") ?? ""
                let b = try world.s3Bucket(&call, actor, "s3:ListBucket", bucket: name, context: ["s3:prefix": prefix])
                let objects = world.buckets[b].objects.values.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
                // As the CLI prints a paged answer: the objects (none: no Contents), then the
                // answer's other members, RequestCharged null when S3 sends none.
                let contents = objects.map {
                    JSONOutput.object([("Key", .string($0.key)), ("LastModified", .string(SimulatedClock.iso8601($0.modified))), ("Size", .integer($0.size))])
                }
                return .object((contents.isEmpty ? [] : [("Contents", .array(contents))]) + [("RequestCharged", .null), ("Prefix", .string(prefix))])
            })
        ops.append(
            Operation(
                "s3api", "delete-object", api: "DeleteObject", "Delete an object.", flags: [Flag("--bucket", required: true), Flag("--key", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--bucket")
                let key = try call.required("--key")
                let b = try world.s3Bucket(&call, actor, "s3:DeleteObject", bucket: name, key: key)
                world.buckets[b].objects[key] = nil
                return nil
            })
        return ops
    }
}
