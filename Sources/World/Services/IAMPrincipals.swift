import Policy

/// Users, groups and roles share their policy operations; this names which one an operation is about.
enum IAMEntity: String, Sendable, CaseIterable {
    case user, group, role

    var flag: String { "--\(rawValue)-name" }
    var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    /// Inline policy size quota (UG reference_iam-quotas: user 2,048, group 5,120, role 10,240).
    var inlineQuota: Int {
        switch self {
        case .user: 2048
        case .group: 5120
        case .role: 10240
        }
    }
}

extension World {
    /// The user, group or role a per-entity call names (by `kind.flag`) in the caller's account,
    /// once the call (`iam:` + its API) is authorized on the entity's ARN. The trail lists that ARN,
    /// then `alsoNaming`.
    mutating func namedEntity(_ kind: IAMEntity, _ call: inout Call, alsoNaming others: [String] = []) throws(AWSError) -> (account: Int, name: String) {
        let actor = try call.actor(&self)
        let a = iamAccount(actor)
        let name = try call.required(kind.flag)
        let arn = entityArn(kind, name, account: a)
        call.resources = [arn] + others
        try authorize(actor, access("iam:\(call.api)", on: arn), operation: call.api)
        return (a, name)
    }

    /// `namedEntity`, for a user, group or role that must exist (NoSuchEntity otherwise).
    mutating func existingEntity(_ kind: IAMEntity, _ call: inout Call, alsoNaming others: [String] = []) throws(AWSError) -> (account: Int, name: String) {
        let (a, name) = try namedEntity(kind, &call, alsoNaming: others)
        guard exists(kind, name, account: a) else { throw Self.noSuch(kind.rawValue, name, operation: call.api) }
        return (a, name)
    }

    func entityArn(_ kind: IAMEntity, _ name: String, account a: Int) -> String {
        let acct = accounts[a]
        switch kind {
        case .user: return acct.user(name)?.arn(acct.id) ?? "arn:aws:iam::\(acct.id):user/\(name)"
        case .group: return acct.group(name)?.arn(acct.id) ?? "arn:aws:iam::\(acct.id):group/\(name)"
        case .role: return acct.role(name)?.arn(acct.id) ?? "arn:aws:iam::\(acct.id):role/\(name)"
        }
    }

    func exists(_ kind: IAMEntity, _ name: String, account a: Int) -> Bool {
        switch kind {
        case .user: accounts[a].userIndex(name) != nil
        case .group: accounts[a].groupIndex(name) != nil
        case .role: accounts[a].roleIndex(name) != nil
        }
    }

    func attached(_ kind: IAMEntity, _ name: String, account a: Int) -> [String] {
        switch kind {
        case .user: accounts[a].user(name)?.attachedPolicies ?? []
        case .group: accounts[a].group(name)?.attachedPolicies ?? []
        case .role: accounts[a].role(name)?.attachedPolicies ?? []
        }
    }

    func inline(_ kind: IAMEntity, _ name: String, account a: Int) -> [InlinePolicy] {
        switch kind {
        case .user: accounts[a].user(name)?.inlinePolicies ?? []
        case .group: accounts[a].group(name)?.inlinePolicies ?? []
        case .role: accounts[a].role(name)?.inlinePolicies ?? []
        }
    }

    mutating func setAttached(_ kind: IAMEntity, _ name: String, account a: Int, _ list: [String]) {
        switch kind {
        case .user: if let i = accounts[a].userIndex(name) { accounts[a].users[i].attachedPolicies = list }
        case .group: if let i = accounts[a].groupIndex(name) { accounts[a].groups[i].attachedPolicies = list }
        case .role: if let i = accounts[a].roleIndex(name) { accounts[a].roles[i].attachedPolicies = list }
        }
    }

    mutating func setInline(_ kind: IAMEntity, _ name: String, account a: Int, _ list: [InlinePolicy]) {
        switch kind {
        case .user: if let i = accounts[a].userIndex(name) { accounts[a].users[i].inlinePolicies = list }
        case .group: if let i = accounts[a].groupIndex(name) { accounts[a].groups[i].inlinePolicies = list }
        case .role: if let i = accounts[a].roleIndex(name) { accounts[a].roles[i].inlinePolicies = list }
        }
    }

    /// Whether a managed policy ARN names a policy that exists (AWS managed, or customer managed anywhere).
    func policyExists(_ arn: String) -> Bool { managedPolicyDocument(arn) != nil }

    /// The operations on the policies of users, groups and roles, written once for all three.
    static func entityPolicyOperations() -> [Operation] {
        var ops: [Operation] = []
        for kind in IAMEntity.allCases {
            let title = kind.title
            ops.append(
                Operation(
                    "iam", "attach-\(kind.rawValue)-policy", api: "Attach\(title)Policy", "Attach a managed policy to a \(kind.rawValue).",
                    flags: [Flag(kind.flag, required: true), Flag("--policy-arn", required: true)]
                ) { world, call throws(AWSError) in
                    let arn = try call.required("--policy-arn")
                    let (a, name) = try world.existingEntity(kind, &call, alsoNaming: [arn])
                    guard world.policyExists(arn) else {
                        throw AWSError(.noSuchEntity, "Policy \(arn) does not exist or is not attachable.", operation: call.api)
                    }
                    var list = world.attached(kind, name, account: a)
                    if !list.contains(arn) {
                        guard list.count < 10 else {
                            throw AWSError(.limitExceeded, "Cannot exceed quota for PoliciesPer\(title): 10", operation: call.api)
                        }
                        list.append(arn)
                    }
                    world.setAttached(kind, name, account: a, list)
                    return nil
                })
            ops.append(
                Operation(
                    "iam", "detach-\(kind.rawValue)-policy", api: "Detach\(title)Policy", "Detach a managed policy from a \(kind.rawValue).",
                    flags: [Flag(kind.flag, required: true), Flag("--policy-arn", required: true)]
                ) { world, call throws(AWSError) in
                    let arn = try call.required("--policy-arn")
                    let (a, name) = try world.existingEntity(kind, &call, alsoNaming: [arn])
                    var list = world.attached(kind, name, account: a)
                    guard let i = list.firstIndex(of: arn) else {
                        throw AWSError(.noSuchEntity, "Policy \(arn) was not found.", operation: call.api)
                    }
                    list.remove(at: i)
                    world.setAttached(kind, name, account: a, list)
                    return nil
                })
            ops.append(
                Operation(
                    "iam", "list-attached-\(kind.rawValue)-policies", api: "ListAttached\(title)Policies",
                    "List the managed policies attached to a \(kind.rawValue).",
                    flags: [Flag(kind.flag, required: true)]
                ) { world, call throws(AWSError) in
                    let (a, name) = try world.existingEntity(kind, &call)
                    let list = world.attached(kind, name, account: a).map { arn -> JSONOutput in
                        .object([("PolicyName", .string(String(arn.split(separator: "/").last ?? ""))), ("PolicyArn", .string(arn))])
                    }
                    return .object([("AttachedPolicies", .array(list))])
                })
            ops.append(
                Operation(
                    "iam", "put-\(kind.rawValue)-policy", api: "Put\(title)Policy", "Embed an inline policy in a \(kind.rawValue).",
                    flags: [Flag(kind.flag, required: true), Flag("--policy-name", required: true), Flag("--policy-document", .json, required: true)]
                ) { world, call throws(AWSError) in
                    let policyName = try call.required("--policy-name")
                    let (a, name) = try world.existingEntity(kind, &call)
                    let document = try checkedPolicy(try call.required("--policy-document"), kind: .identity, operation: call.api)
                    var list = world.inline(kind, name, account: a).filter { $0.name != policyName }
                    list.append(InlinePolicy(name: policyName, document: document))
                    let total = list.reduce(0) { $0 + $1.document.filter { !$0.isWhitespace }.count }
                    guard total <= kind.inlineQuota else {
                        throw AWSError(
                            .limitExceeded, "Maximum policy size of \(kind.inlineQuota) bytes exceeded for \(kind.rawValue) \(name)", operation: call.api)
                    }
                    world.setInline(kind, name, account: a, list)
                    return nil
                })
            ops.append(
                Operation(
                    "iam", "delete-\(kind.rawValue)-policy", api: "Delete\(title)Policy", "Delete an inline policy of a \(kind.rawValue).",
                    flags: [Flag(kind.flag, required: true), Flag("--policy-name", required: true)]
                ) { world, call throws(AWSError) in
                    let policyName = try call.required("--policy-name")
                    let (a, name) = try world.existingEntity(kind, &call)
                    var list = world.inline(kind, name, account: a)
                    guard let i = list.firstIndex(where: { $0.name == policyName }) else {
                        throw AWSError(.noSuchEntity, "The \(kind.rawValue) policy with name \(policyName) cannot be found.", operation: call.api)
                    }
                    list.remove(at: i)
                    world.setInline(kind, name, account: a, list)
                    return nil
                })
            ops.append(
                Operation(
                    "iam", "get-\(kind.rawValue)-policy", api: "Get\(title)Policy", "Show an inline policy of a \(kind.rawValue).",
                    flags: [Flag(kind.flag, required: true), Flag("--policy-name", required: true)]
                ) { world, call throws(AWSError) in
                    let policyName = try call.required("--policy-name")
                    let (a, name) = try world.namedEntity(kind, &call)
                    guard let p = world.inline(kind, name, account: a).first(where: { $0.name == policyName }) else {
                        throw AWSError(.noSuchEntity, "The \(kind.rawValue) policy with name \(policyName) cannot be found.", operation: call.api)
                    }
                    return .object([("\(title)Name", .string(name)), ("PolicyName", .string(p.name)), ("PolicyDocument", documentJSON(p.document))])
                })
            ops.append(
                Operation(
                    "iam", "list-\(kind.rawValue)-policies", api: "List\(title)Policies", "List the inline policies of a \(kind.rawValue).",
                    flags: [Flag(kind.flag, required: true)]
                ) { world, call throws(AWSError) in
                    let (a, name) = try world.existingEntity(kind, &call)
                    return .object([("PolicyNames", .array(world.inline(kind, name, account: a).map { .string($0.name) }))])
                })
        }
        return ops
    }
}
