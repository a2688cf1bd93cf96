import Policy

/// What the services beyond IAM and STS check of a request's values before they authorize it,
/// and botocore's own check of bucket names before anything is sent: the names and ids their
/// models do not constrain (or constrain only loosely), refused with each service's own code and
/// text.
extension World {
    // MARK: botocore, before sending

    static let validBucket = #"^[a-zA-Z0-9.\-_]{1,255}$"#
    static let validS3ARN =
        #"^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-.]{1,63}$|^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$"#

    /// botocore's `validate_bucket_name` handler (botocore `handlers.py`): a bucket name the CLI
    /// refuses before it sends the request, `Parameter validation failed:` with the two patterns.
    static func checkBucketNamesBeforeSending(_ operation: Operation, values: [String: String], positionals: [String]) throws(AWSError) {
        var names: [String] = []
        if operation.service == "s3api", let bucket = values["--bucket"] { names.append(bucket) }
        if operation.service == "s3" { names += positionals.compactMap { s3Path($0)?.bucket } }
        for name in names {
            let plain = name.utf8.count <= 255 && !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }
            guard plain || matches(name, validS3ARN) else {
                throw AWSError(
                    validation:
                        "Invalid bucket name \"\(name)\": Bucket name must match the regex \"\(validBucket)\" or be an ARN matching the regex \"\(validS3ARN)\""
                )
            }
        }
    }

    // MARK: the services, before authorizing

    /// The service's checks of the call's values, made once the caller is known and before the
    /// call is authorized.
    static func checkServiceValues(_ call: Call) throws(AWSError) {
        let api = call.api
        switch call.operation.service {
        case "s3":
            if api == "CreateBucket", let name = call.positionals.first.flatMap({ s3Path($0)?.bucket }), !isValidNewBucketName(name) {
                throw AWSError(.invalidBucketName, "The specified bucket is not valid.", operation: api)
            }
        case "s3api":
            if api == "CreateBucket", let name = call.values["--bucket"], !isValidNewBucketName(name) {
                throw AWSError(.invalidBucketName, "The specified bucket is not valid.", operation: api)
            }
        case "dynamodb":
            if let table = call.values["--table-name"], !isValidTableName(table) {
                throw AWSError(
                    .validationException,
                    "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'",
                    operation: api)
            }
        case "ec2":
            let ids = call.list("--instance-ids") + (call.values["--instance-id"].map { [$0] } ?? [])
            if let bad = ids.first(where: { !isInstanceId($0) }) {
                throw AWSError(.invalidInstanceIDMalformed, "Invalid id: \"\(bad)\"", operation: api)
            }
        case "organizations":
            let patterns: [(flag: String, valid: (String) -> Bool)] = [
                ("--policy-id", { matches($0, "^p-[0-9a-zA-Z_]{8,128}$") }), ("--root-id", { matches($0, "^r-[0-9a-z]{4,32}$") }),
                ("--handshake-id", { matches($0, "^h-[0-9a-z]{8,32}$") }),
            ]
            for (flag, valid) in patterns {
                if let value = call.values[flag], !valid(value) {
                    throw AWSError(.invalidInputException, "You provided a value that doesn't match the required pattern.", operation: api)
                }
            }
            if let target = call.values["--target-id"], !matches(target, #"^(r-[0-9a-z]{4,32})|(\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$"#) {
                throw AWSError(.invalidInputException, "You specified a policy target ID that doesn't match the required pattern.", operation: api)
            }
        default:
            return
        }
    }

    /// S3's rules for a new general purpose bucket's name (S3 UG `bucketnamingrules.html`):
    /// 3 to 63 characters of lower-case letters, digits, dots and hyphens; a letter or digit at
    /// each end; no two dots together; not an IP address; none of the reserved prefixes and suffixes.
    static func isValidNewBucketName(_ name: String) -> Bool {
        guard (3...63).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }) else {
            return false
        }
        guard let first = name.first, let last = name.last, first.isLetter || first.isNumber, last.isLetter || last.isNumber else { return false }
        if name.contains("..") { return false }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { return false }
        if ["xn--", "sthree-", "amzn-s3-demo-"].contains(where: { name.hasPrefix($0) }) { return false }
        if ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].contains(where: { name.hasSuffix($0) }) { return false }
        return true
    }

    /// DynamoDB's table names (Developer Guide `HowItWorks.NamingRulesDataTypes.html`): 3 to 255
    /// characters of a-z, A-Z, 0-9, `_`, `-` and `.`; a table's ARN names one.
    static func isValidTableName(_ text: String) -> Bool {
        var name = Substring(text)
        if text.hasPrefix("arn:"), let arn = ARN(text), arn.resource.hasPrefix("table/") {
            name = arn.resource.dropFirst("table/".count).prefix { $0 != "/" }
        }
        return (3...255).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }

    /// An EC2 instance id: `i-` and 8 or 17 hexadecimal digits.
    static func isInstanceId(_ id: String) -> Bool {
        guard id.hasPrefix("i-") else { return false }
        let hex = id.dropFirst(2)
        return (hex.count == 8 || hex.count == 17) && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
