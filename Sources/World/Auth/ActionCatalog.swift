import Policy

/// The kinds of resource an action acts on, as the services in this world name them.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable {
    case bucket, object, table, instance, function, role, user, group, policy
    /// No resource-level permission: the action is asked on `*`.
    case none
}

/// One action of a service the world models: what it acts on, and whether granting it beyond a
/// task's needs is dangerous (destroys something, hands out access, or escalates privilege).
public struct CatalogAction: Sendable, Hashable {
    public var name: String
    public var resource: ResourceKind
    /// Why it is dangerous, when it is: said to the learner with the finding.
    public var danger: String?
    /// Reads or writes the data in a bucket or table (objects, items): dangerous on a bucket or
    /// table the task does not use, an extra on one it does.
    public var data: DataAccess?

    public enum DataAccess: Sendable, Hashable {
        case read, write
    }

    init(_ name: String, _ resource: ResourceKind, danger: String? = nil, data: DataAccess? = nil) {
        self.name = name
        self.resource = resource
        self.danger = danger
        self.data = data
    }

    public var service: String { String(name.prefix { $0 != ":" }) }
}

/// The actions the least-privilege sweep tries, per modelled service, and those that stand for
/// every other service (only `*` or `SERVICE:*` grants them).
///
/// Names and resource types follow the Service Authorization Reference
/// (`reference_policies_actions-resources-contextkeys.html`).
public enum ActionCatalog {
    static let destroys = "it destroys data or resources"
    static let escalates = "it lets the holder give itself or others more access"
    static let exposes = "it can open the resource to others"

    public static let actions: [CatalogAction] = [
        // S3
        .init("s3:ListAllMyBuckets", .none), .init("s3:CreateBucket", .bucket), .init("s3:ListBucket", .bucket),
        .init("s3:GetBucketPolicy", .bucket), .init("s3:GetBucketAcl", .bucket), .init("s3:GetBucketTagging", .bucket),
        .init("s3:PutBucketPolicy", .bucket, danger: exposes), .init("s3:DeleteBucketPolicy", .bucket, danger: exposes),
        .init("s3:PutBucketAcl", .bucket, danger: exposes), .init("s3:DeleteBucket", .bucket, danger: destroys),
        .init("s3:GetObject", .object, data: .read), .init("s3:PutObject", .object, data: .write), .init("s3:GetObjectAcl", .object),
        .init("s3:GetObjectTagging", .object), .init("s3:PutObjectTagging", .object),
        .init("s3:PutObjectAcl", .object, danger: exposes), .init("s3:DeleteObject", .object, danger: destroys),
        // EC2
        .init("ec2:DescribeInstances", .none), .init("ec2:DescribeSecurityGroups", .none), .init("ec2:RunInstances", .instance),
        .init("ec2:StartInstances", .instance), .init("ec2:StopInstances", .instance), .init("ec2:RebootInstances", .instance),
        .init("ec2:CreateTags", .instance), .init("ec2:DeleteTags", .instance),
        .init("ec2:TerminateInstances", .instance, danger: destroys),
        .init("ec2:AssociateIamInstanceProfile", .instance, danger: escalates),
        .init("ec2:ModifyInstanceAttribute", .instance, danger: escalates),
        // Lambda
        .init("lambda:ListFunctions", .none), .init("lambda:GetFunction", .function), .init("lambda:InvokeFunction", .function),
        .init("lambda:CreateFunction", .function, danger: escalates), .init("lambda:UpdateFunctionCode", .function, danger: escalates),
        .init("lambda:UpdateFunctionConfiguration", .function, danger: escalates), .init("lambda:AddPermission", .function, danger: exposes),
        .init("lambda:DeleteFunction", .function, danger: destroys),
        // DynamoDB
        .init("dynamodb:ListTables", .none), .init("dynamodb:DescribeTable", .table), .init("dynamodb:GetItem", .table, data: .read),
        .init("dynamodb:Query", .table, data: .read), .init("dynamodb:Scan", .table, data: .read), .init("dynamodb:PutItem", .table, data: .write),
        .init("dynamodb:UpdateItem", .table, data: .write), .init("dynamodb:BatchWriteItem", .table, data: .write), .init("dynamodb:CreateTable", .table),
        .init("dynamodb:DeleteItem", .table, danger: destroys), .init("dynamodb:DeleteTable", .table, danger: destroys),
        // IAM
        .init("iam:ListUsers", .none), .init("iam:ListRoles", .none), .init("iam:ListPolicies", .none), .init("iam:ListGroups", .none),
        .init("iam:GetAccountAuthorizationDetails", .none), .init("iam:GetUser", .user), .init("iam:GetRole", .role),
        .init("iam:GetPolicy", .policy), .init("iam:ListAccessKeys", .user),
        .init("iam:CreateUser", .user, danger: escalates), .init("iam:DeleteUser", .user, danger: destroys),
        .init("iam:CreateAccessKey", .user, danger: escalates), .init("iam:CreateLoginProfile", .user, danger: escalates),
        .init("iam:UpdateLoginProfile", .user, danger: escalates), .init("iam:AttachUserPolicy", .user, danger: escalates),
        .init("iam:PutUserPolicy", .user, danger: escalates), .init("iam:DeactivateMFADevice", .user, danger: escalates),
        .init("iam:AddUserToGroup", .group, danger: escalates), .init("iam:AttachGroupPolicy", .group, danger: escalates),
        .init("iam:PutGroupPolicy", .group, danger: escalates),
        .init("iam:CreateRole", .role, danger: escalates), .init("iam:DeleteRole", .role, danger: destroys),
        .init("iam:UpdateAssumeRolePolicy", .role, danger: escalates), .init("iam:AttachRolePolicy", .role, danger: escalates),
        .init("iam:PutRolePolicy", .role, danger: escalates), .init("iam:PassRole", .role, danger: escalates),
        .init("iam:CreatePolicy", .policy, danger: escalates), .init("iam:CreatePolicyVersion", .policy, danger: escalates),
        // STS
        .init("sts:AssumeRole", .role, danger: escalates),
        // CloudTrail
        .init("cloudtrail:LookupEvents", .none), .init("cloudtrail:StopLogging", .none, danger: "it hides what happens next from the trail"),
        .init("cloudtrail:DeleteTrail", .none, danger: "it hides what happens next from the trail"),
        .init("iam:DeleteUserPermissionsBoundary", .user, danger: escalates), .init("iam:DeleteRolePermissionsBoundary", .role, danger: escalates),
        .init("iam:TagUser", .user, danger: "with tags deciding access (ABAC), it changes what the user may do"),
        .init("iam:TagRole", .role, danger: "with tags deciding access (ABAC), it changes what the role may do"),
        .init("iam:UpdateRole", .role, danger: escalates),
        .init("iam:SetDefaultPolicyVersion", .policy, danger: escalates),
        .init("organizations:DetachPolicy", .none, danger: "it takes a service control policy off, lifting the limits it set"),
        // Services the world does not model: what their dangerous actions would hand out. Read
        // from the Service Authorization Reference; only grants naming them (or `*`) reach them.
        .init("kms:ScheduleKeyDeletion", .none, danger: destroys), .init("kms:Decrypt", .none, danger: "it reads whatever the key protects"),
        .init("organizations:LeaveOrganization", .none, danger: escalates), .init("rds:DeleteDBInstance", .none, danger: destroys),
        .init("secretsmanager:GetSecretValue", .none, danger: "it reads secrets"), .init("ssm:GetParameter", .none, danger: "it reads secrets"),
        .init("ssm:SendCommand", .none, danger: "it runs commands on instances"), .init("ssm:StartSession", .none, danger: "it opens a shell on instances"),
        .init("ec2-instance-connect:SendSSHPublicKey", .none, danger: "it opens a shell on instances"),
        .init("logs:DeleteLogGroup", .none, danger: "it hides what happened from the logs"),
        .init("guardduty:DeleteDetector", .none, danger: "it switches threat detection off"),
        .init("config:StopConfigurationRecorder", .none, danger: "it hides what changes next"),
    ]

    static let byName: [String: CatalogAction] = Dictionary(uniqueKeysWithValues: actions.map { ($0.name.lowercased(), $0) })

    /// The catalogue's entry for an action (case-insensitive), if it has one.
    public static func action(_ name: String) -> CatalogAction? { byName[name.lowercased()] }

    /// Whether an action (or an action pattern such as `s3:Get*`) names something the catalogue
    /// or the world knows: lint refuses goals about actions that do not exist.
    public static func knows(_ pattern: String) -> Bool {
        if byName[pattern.lowercased()] != nil { return true }
        let glob = Glob(pattern.lowercased())
        return actions.contains { glob.matches($0.name.lowercased()) } || extraKnown.contains(pattern.lowercased())
    }

    /// Actions the world authorizes that the sweep does not try (reads it need not sample).
    static let extraKnown: Set<String> = [
        "sts:getcalleridentity", "sts:getsessiontoken", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession",
        "iam:listattacheduserpolicies", "iam:listattachedrolepolicies", "iam:listattachedgrouppolicies", "iam:getgroup",
        "iam:listgroupsforuser", "iam:getpolicyversion", "iam:listmfadevices", "iam:createvirtualmfadevice", "iam:enablemfadevice",
        "iam:updateaccesskey", "iam:deleteaccesskey", "iam:createinstanceprofile", "iam:addroletoinstanceprofile",
        "iam:getinstanceprofile", "iam:removeuserfromgroup", "iam:detachuserpolicy", "iam:detachrolepolicy", "iam:deleterolepolicy",
        "iam:deleteuserpolicy", "iam:creategroup", "iam:deletegroup", "iam:deletepolicy", "iam:tagrole", "iam:taguser",
        "iam:putrolepermissionsboundary", "iam:putuserpermissionsboundary", "iam:getloginprofile", "iam:deleteloginprofile",
        "iam:updateaccountpasswordpolicy", "iam:getaccountpasswordpolicy", "iam:deleteaccountpasswordpolicy",
        "ec2:describeimages", "dynamodb:batchgetitem", "s3:getbucketlocation", "s3:deleteobjectversion",
        "iam:untaguser", "iam:untagrole", "iam:listusertags", "iam:listroletags", "iam:tagpolicy", "iam:untagpolicy", "iam:listpolicytags",
        "iam:taginstanceprofile", "iam:untaginstanceprofile", "iam:listinstanceprofiletags", "iam:simulateprincipalpolicy",
        "iam:simulatecustompolicy", "iam:listentitiesforpolicy", "iam:getaccesskeylastused", "iam:generatecredentialreport",
        "iam:getcredentialreport", "iam:listpolicyversions", "iam:deletepolicyversion", "iam:listinstanceprofiles",
        "iam:listinstanceprofilesforrole", "iam:deleteinstanceprofile", "iam:removerolefrominstanceprofile", "iam:listvirtualmfadevices",
        "iam:deletevirtualmfadevice", "organizations:createorganization", "organizations:describeorganization", "organizations:createpolicy",
        "organizations:attachpolicy", "organizations:listpolicies", "organizations:deletepolicy", "organizations:enablepolicytype",
    ]
}

extension World {
    /// The resources of a kind in an account: the world's real ones (for objects, one key in each
    /// folder that exists or that `mentioned` names), and one that does not exist yet — what a
    /// wider grant would also reach. `.none` is `*`.
    public func resources(of kind: ResourceKind, account: String, mentioned: [String] = []) -> (real: [String], other: String) {
        let region = defaultRegion
        let a = self.account(account)
        switch kind {
        case .none: return ([], "*")
        case .bucket: return (buckets.map(\.arn) + absentBuckets(mentioned), "arn:aws:s3:::probe-other-bucket")
        case .object:
            var out: [String] = []
            // Buckets a policy names that nobody has made yet are tried too: S3 names are global,
            // and whoever creates one of them (in any account) receives what the grant allows.
            // A folder a policy names is sampled in every bucket its bucket pattern matches
            // (`*/incoming/*` reaches other buckets' incoming/ too), and in a bucket nobody uses.
            let named = mentioned.filter { $0.hasPrefix("arn:aws:s3:::") && $0.dropFirst("arn:aws:s3:::".count).contains("/") }
            var everyFolder = Set<String>()
            for arn in buckets.map(\.arn) + absentBuckets(mentioned) + ["arn:aws:s3:::probe-other-bucket"] {
                var folders = Set([""])
                for key in Array(buckets.first(where: { $0.arn == arn })?.objects.keys ?? [:].keys) { folders.insert(Self.folder(of: key)) }
                for r in named {
                    let bucketPattern = String(r.prefix { $0 != "/" })
                    guard Glob(bucketPattern).matches(arn) else { continue }
                    folders.insert(Self.folder(of: Self.concrete(String(r.dropFirst(bucketPattern.count + 1)))))
                }
                everyFolder.formUnion(folders)
                if arn == "arn:aws:s3:::probe-other-bucket" {
                    out += everyFolder.subtracting([""]).sorted().map { "\(arn)/\($0)probe-object" }
                } else {
                    out += folders.sorted().map { "\(arn)/\($0)probe-object" }
                }
            }
            return (out, "arn:aws:s3:::probe-other-bucket/probe-object")
        case .table:
            let real = tables.filter { $0.account == account }.map(\.arn)
            return (
                real + madeLater(mentioned, service: "dynamodb", type: "table/", account: account, existing: real),
                "arn:aws:dynamodb:\(region):\(account):table/ProbeOtherTable"
            )
        case .instance:
            return (
                instances.filter { $0.account == account && $0.state != .terminated }.map(\.arn),
                "arn:aws:ec2:\(region):\(account):instance/i-0probe00000000000"
            )
        case .function:
            let real = functions.filter { $0.account == account }.map(\.arn)
            return (
                real + madeLater(mentioned, service: "lambda", type: "function:", account: account, existing: real),
                "arn:aws:lambda:\(region):\(account):function:probe-other-function"
            )
        case .role: return (a?.roles.map { $0.arn(account) } ?? [], "arn:aws:iam::\(account):role/probe-other-role")
        case .user: return (a?.users.map { $0.arn(account) } ?? [], "arn:aws:iam::\(account):user/probe-other-user")
        case .group: return (a?.groups.map { $0.arn(account) } ?? [], "arn:aws:iam::\(account):group/probe-other-group")
        case .policy: return (a?.policies.map { $0.arn(account) } ?? [], "arn:aws:iam::\(account):policy/probe-other-policy")
        }
    }

    /// Resources a policy names by pattern (`table/Orders*`, `function:thumb*`, any region) that
    /// could be made later in `account` under a name or in a region the pattern matches: one of
    /// each, made concrete (a wildcard account is this one).
    func madeLater(_ mentioned: [String], service: String, type: String, account: String, existing: [String]) -> [String] {
        var made = Set(existing)
        var out: [String] = []
        for arn in mentioned where arn.hasPrefix("arn:aws:\(service):") && arn.contains(where: { $0 == "*" || $0 == "?" }) {
            // arn:aws:SERVICE:REGION:ACCOUNT:TYPE…NAME
            let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 6, parts[5].hasPrefix(type) else { continue }
            let owner = parts[4].contains(where: { $0 == "*" || $0 == "?" }) ? account : parts[4]
            guard owner == account else { continue }
            let name = String(parts[5].dropFirst(type.count).prefix { $0 != "/" && $0 != ":" })
            let concrete = "arn:aws:\(service):\(Self.concrete(parts[3])):\(owner):\(type)\(Self.concrete(name))"
            if made.insert(concrete).inserted { out.append(concrete) }
        }
        return out
    }

    /// The buckets the ARNs name (wildcards made concrete) that do not exist in the world.
    func absentBuckets(_ arns: [String]) -> [String] {
        var seen = Set(buckets.map(\.arn))
        var out: [String] = []
        for arn in arns where arn.hasPrefix("arn:aws:s3:::") {
            let pattern = arn.dropFirst("arn:aws:s3:::".count).prefix { $0 != "/" }
            // Every bucket (`*`) is tried as the one nobody has made (probe-other-bucket).
            guard pattern.contains(where: { $0 != "*" && $0 != "?" }) else { continue }
            let name = Self.concrete(String(pattern))
            let bucket = "arn:aws:s3:::" + name
            if seen.insert(bucket).inserted { out.append(bucket) }
        }
        return out
    }

    /// A pattern made into one name it matches (`*` and `?` become letters), for probing.
    static func concrete(_ pattern: String) -> String {
        String(pattern.map { $0 == "*" || $0 == "?" ? "x" : $0 })
    }

    /// `incoming/` for `incoming/report.csv`; empty at the top of a bucket.
    public static func folder(of key: String) -> String {
        guard let slash = key.lastIndex(of: "/") else { return "" }
        return String(key[...slash])
    }
}
