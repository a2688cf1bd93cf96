import Policy

/// What IAM tags: users, roles, customer managed policies and instance profiles.
enum TagTarget: String, Sendable, CaseIterable {
    case user, role, policy
    case instanceProfile = "instance-profile"

    var flag: String { self == .policy ? "--policy-arn" : "--\(rawValue)-name" }
    var title: String {
        switch self {
        case .user: "User"
        case .role: "Role"
        case .policy: "Policy"
        case .instanceProfile: "InstanceProfile"
        }
    }
}

extension World {
    /// The preamble of a tagging call: the caller, and the entity's account and ARN, with the call
    /// authorized on that ARN with the tags it sets (`aws:RequestTag/…`) and the keys it touches
    /// (`aws:TagKeys`), as IAM puts them in the request (UG `access_iam-tags.html`); then the
    /// entity must exist.
    mutating func taggedEntity(_ target: TagTarget, _ call: inout Call, setting tags: [Tag] = [], keys: [String] = []) throws(AWSError) -> (
        account: Int, arn: String
    ) {
        let actor = try call.actor(&self)
        let a = iamAccount(actor)
        let name = try call.required(target.flag)
        let arn: String
        switch target {
        case .user: arn = entityArn(.user, name, account: a)
        case .role: arn = entityArn(.role, name, account: a)
        case .policy: arn = name
        case .instanceProfile:
            arn =
                accounts[a].instanceProfileIndex(name).map { accounts[a].instanceProfiles[$0].arn(accounts[a].id) }
                ?? "arn:aws:iam::\(accounts[a].id):instance-profile/\(name)"
        }
        call.resources = [arn]
        var access = self.access("iam:\(call.api)", on: arn)
        for tag in tags { access.context["aws:RequestTag/\(tag.key)"] = tag.value }
        if !keys.isEmpty { access.contextLists["aws:TagKeys"] = keys }
        try authorize(actor, access, operation: call.api)
        guard tagsOf(target, arn, account: a) != nil else {
            switch target {
            case .user, .role: throw Self.noSuch(target.rawValue, name, operation: call.api)
            case .policy: throw AWSError(.noSuchEntity, "Policy \(arn) was not found.", operation: call.api)
            case .instanceProfile: throw AWSError(.noSuchEntity, "Instance Profile \(name) cannot be found.", operation: call.api)
            }
        }
        return (a, arn)
    }

    /// The tags of the entity an ARN names in account `a`, or nil when there is no such entity.
    func tagsOf(_ target: TagTarget, _ arn: String, account a: Int) -> [Tag]? {
        let acct = accounts[a]
        let name = ARN(arn)?.resourceName ?? ""
        switch target {
        case .user: return acct.user(name)?.tags
        case .role: return acct.role(name)?.tags
        case .policy: return acct.policies.first { $0.arn(acct.id) == arn }?.tags
        case .instanceProfile: return acct.instanceProfileIndex(name).map { acct.instanceProfiles[$0].tags }
        }
    }

    mutating func setTags(_ target: TagTarget, _ arn: String, account a: Int, _ tags: [Tag]) {
        let name = ARN(arn)?.resourceName ?? ""
        switch target {
        case .user: if let i = accounts[a].userIndex(name) { accounts[a].users[i].tags = tags }
        case .role: if let i = accounts[a].roleIndex(name) { accounts[a].roles[i].tags = tags }
        case .policy: if let i = accounts[a].policyIndex(arn: arn) { accounts[a].policies[i].tags = tags }
        case .instanceProfile: if let i = accounts[a].instanceProfileIndex(name) { accounts[a].instanceProfiles[i].tags = tags }
        }
    }

    /// Tags checked as IAM checks them (IAM API reference `API_TagUser.html`, `API_Tag.html`; UG
    /// `id_tags.html`, "Rules for tagging"): at most 50 in a request and on an entity, keys of 1 to
    /// 128 characters and values of at most 256 from the allowed characters, no key twice whatever
    /// its case, and no key starting `aws:` (reserved for AWS).
    static func checkedTags(_ tags: [Tag], adding existing: [Tag] = [], target: TagTarget, operation: String) throws(AWSError) -> [Tag] {
        if let problem = tagProblem(tags, field: "tags", operation: operation) { throw problem }
        for (i, t) in tags.enumerated() where tags[..<i].contains(where: { $0.key.sameIgnoringCase(t.key) }) {
            throw AWSError(.invalidInput, "Duplicate tag keys found. Please note that Tag keys are case insensitive.", operation: operation)
        }
        if let reserved = tags.first(where: { $0.key.lowercased().hasPrefix("aws:") }) {
            throw AWSError(.invalidInput, "User-defined tag keys can't start with \"aws:\": \(reserved.key)", operation: operation)
        }
        // A key already there, in any case, takes the new value and keeps its place.
        var merged = existing
        for tag in tags {
            if let i = merged.firstIndex(where: { $0.key.sameIgnoringCase(tag.key) }) { merged[i] = tag } else { merged.append(tag) }
        }
        guard merged.count <= 50 else {
            throw AWSError(.limitExceeded, "Cannot exceed quota for TagsPer\(target.title): 50", operation: operation)
        }
        return merged
    }

    static func tagOperations() -> [Operation] {
        var ops: [Operation] = []
        for target in TagTarget.allCases {
            let what = target == .instanceProfile ? "an instance profile" : target == .policy ? "a customer managed policy" : "a \(target.rawValue)"
            ops.append(
                Operation(
                    "iam", "tag-\(target.rawValue)", api: "Tag\(target.title)",
                    "Add tags to \(what) (a key already there takes the new value); tags can decide access (ABAC).",
                    flags: [Flag(target.flag, required: true), Flag("--tags", .list, required: true)]
                ) { world, call throws(AWSError) in
                    let tags = try requestTags(call)
                    let (a, arn) = try world.taggedEntity(target, &call, setting: tags, keys: tags.map(\.key))
                    let merged = try checkedTags(tags, adding: world.tagsOf(target, arn, account: a) ?? [], target: target, operation: call.api)
                    world.setTags(target, arn, account: a, merged)
                    return nil
                })
            ops.append(
                Operation(
                    "iam", "untag-\(target.rawValue)", api: "Untag\(target.title)", "Remove tags from \(what) by key (a key not there is no error).",
                    flags: [Flag(target.flag, required: true), Flag("--tag-keys", .list, required: true)]
                ) { world, call throws(AWSError) in
                    let keys = call.list("--tag-keys")
                    let (a, arn) = try world.taggedEntity(target, &call, keys: keys)
                    if keys.count > 50 {
                        throw AWSError(
                            .validationError,
                            "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50",
                            operation: call.api)
                    }
                    let kept = (world.tagsOf(target, arn, account: a) ?? []).filter { t in !keys.contains { $0.sameIgnoringCase(t.key) } }
                    world.setTags(target, arn, account: a, kept)
                    return nil
                })
            ops.append(
                Operation(
                    "iam", "list-\(target.rawValue)-tags", api: "List\(target.title)Tags", "List the tags of \(what).",
                    flags: [Flag(target.flag, required: true)]
                ) { world, call throws(AWSError) in
                    let (a, arn) = try world.taggedEntity(target, &call)
                    return .object([("Tags", tagsJSON(world.tagsOf(target, arn, account: a) ?? []))])
                })
        }
        return ops
    }
}
