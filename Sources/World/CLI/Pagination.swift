import Policy

/// The CLI's pagination of list operations (botocore's paginators, `paginators-1.json`): the CLI
/// gathers every page by itself; `--max-items N` stops after N items of the operation's result list
/// and prints a `NextToken` that `--starting-token` resumes from; `--no-paginate` makes one call and
/// prints its raw response.
enum Pagination {
    struct Paginator: Sendable {
        /// The list the items are counted in.
        var resultKey: String
        /// The request's token member (`Marker`, `NextToken`): the resume token names it.
        var inputToken: String
        /// The response's "more to come" member, printed with `--no-paginate` (IAM's `IsTruncated`).
        var moreResults: String?
    }

    /// The paginated operations the world has, by API name, as botocore 1.43's models page them.
    static let paginators: [String: Paginator] = {
        var map: [String: Paginator] = [:]
        let iam: [(String, String)] = [
            ("GetAccountAuthorizationDetails", "UserDetailList"), ("GetGroup", "Users"), ("ListAccessKeys", "AccessKeyMetadata"),
            ("ListEntitiesForPolicy", "PolicyGroups"), ("ListGroups", "Groups"), ("ListGroupsForUser", "Groups"),
            ("ListInstanceProfiles", "InstanceProfiles"), ("ListInstanceProfilesForRole", "InstanceProfiles"), ("ListMFADevices", "MFADevices"),
            ("ListPolicies", "Policies"), ("ListPolicyVersions", "Versions"), ("ListRoles", "Roles"), ("ListUsers", "Users"),
            ("ListVirtualMFADevices", "VirtualMFADevices"), ("SimulateCustomPolicy", "EvaluationResults"),
            ("SimulatePrincipalPolicy", "EvaluationResults"), ("ListUserTags", "Tags"), ("ListRoleTags", "Tags"), ("ListPolicyTags", "Tags"),
            ("ListInstanceProfileTags", "Tags"), ("ListUserPolicies", "PolicyNames"), ("ListGroupPolicies", "PolicyNames"),
            ("ListRolePolicies", "PolicyNames"), ("ListAttachedUserPolicies", "AttachedPolicies"), ("ListAttachedGroupPolicies", "AttachedPolicies"),
            ("ListAttachedRolePolicies", "AttachedPolicies"),
        ]
        for (api, key) in iam { map[api] = Paginator(resultKey: key, inputToken: "Marker", moreResults: "IsTruncated") }
        for (api, key) in [
            ("DescribeInstances", "Reservations"), ("LookupEvents", "Events"), ("ListAccounts", "Accounts"), ("ListPoliciesForTarget", "Policies"),
            ("ListRoots", "Roots"),
        ] {
            map[api] = Paginator(resultKey: key, inputToken: "NextToken", moreResults: nil)
        }
        map["ValidatePolicy"] = Paginator(resultKey: "findings", inputToken: "nextToken", moreResults: nil)
        return map
    }()

    /// The CLI's own flags for a paginated operation.
    static let flags = ["--max-items", "--starting-token", "--page-size"]

    /// What the pagination flags ask.
    struct Request: Sendable {
        var maxItems: Int?
        var skip = 0
        var noPaginate = false
    }

    /// Takes the pagination flags out of an operation's arguments.
    static func extract(_ args: inout [String], noPaginate: Bool) throws(AWSError) -> Request {
        var request = Request(noPaginate: noPaginate)
        var i = 0
        while i < args.count {
            guard flags.contains(args[i]) else {
                i += 1
                continue
            }
            let flag = args[i]
            guard i + 1 < args.count else { throw AWSError(usage: "argument \(flag): expected one argument") }
            let value = args[i + 1]
            args.removeSubrange(i...(i + 1))
            switch flag {
            case "--max-items", "--page-size":
                guard let n = Int(value) else { throw AWSError(usage: "argument \(flag): invalid int value: '\(value)'") }
                if flag == "--max-items" { request.maxItems = n }
            default:
                guard let skip = decode(value) else {
                    throw AWSError(config: "Unable to parse the starting token: \(value)")
                }
                request.skip = skip
            }
        }
        return request
    }

    /// The resume token botocore prints: base64 of `{"Marker": null, "boto_truncate_amount": N}`.
    static func token(_ paginator: Paginator, after items: Int) -> String {
        World.base64("{\"\(paginator.inputToken)\": null, \"boto_truncate_amount\": \(items)}")
    }

    static func decode(_ token: String) -> Int? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var bits = 0
        var count = 0
        var bytes: [UInt8] = []
        for c in token where c != "=" {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            bits = (bits << 6 | v) & 0xFFFF
            count += 6
            if count >= 8 {
                count -= 8
                bytes.append(UInt8((bits >> count) & 0xFF))
            }
        }
        guard let node = try? JSONParser.parse(bytes), let members = node.members,
            let amount = members.first(where: { $0.key == "boto_truncate_amount" })?.value, case .number(let text) = amount.kind, let n = Int(text), n >= 0
        else { return nil }
        return n
    }

    /// The response as the CLI prints it under the pagination flags.
    static func apply(_ request: Request, to response: JSONOutput, api: String) -> JSONOutput {
        guard let paginator = paginators[api], case .object(var members) = response else { return response }
        if request.noPaginate {
            if let more = paginator.moreResults, !members.contains(where: { $0.0 == more }) { members.append((more, .bool(false))) }
            return .object(members)
        }
        guard request.maxItems != nil || request.skip > 0, let i = members.firstIndex(where: { $0.0 == paginator.resultKey }),
            case .array(let items) = members[i].1
        else { return response }
        let rest = Array(items.dropFirst(min(request.skip, items.count)))
        let limit = request.maxItems.map { max(0, $0) } ?? rest.count
        members[i].1 = .array(Array(rest.prefix(limit)))
        if rest.count > limit { members.append(("NextToken", .string(token(paginator, after: request.skip + limit)))) }
        return .object(members)
    }
}

extension World {
    /// Whether the CLI pages an operation (and so takes `--max-items`, `--starting-token`, `--page-size`).
    public static func isPaginated(_ operation: Operation) -> Bool { Pagination.paginators[operation.api] != nil }
    public static var paginationFlags: [String] { Pagination.flags }
}
