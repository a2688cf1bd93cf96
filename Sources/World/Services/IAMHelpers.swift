import Policy

extension World {
    /// The account the actor manages IAM in (its own).
    func iamAccount(_ actor: Actor) -> Int {
        accountIndex(actor.account) ?? 0
    }

    /// A new IAM entity named by a create call (`create-user`, `-group`, `-role`, `-policy`):
    /// the caller, its account, and the entity's name, path and ARN, with the call authorized and
    /// the name validated. (IAM's model checks the name's length and pattern first, when the
    /// caller is known: `World.checkConstraints`; the check here stands for operations without a model.)
    struct NewEntity {
        let actor: Actor
        let account: Int
        let name: String
        let path: String
        let arn: String
    }

    mutating func newEntity(_ type: String, maxNameLength: Int, _ call: inout Call) throws(AWSError) -> NewEntity {
        let actor = try call.actor(&self)
        let a = iamAccount(actor)
        let name = try call.required("--\(type)-name")
        let path = call.string("--path") ?? "/"
        let arn = "arn:aws:iam::\(accounts[a].id):\(type)\(path)\(name)"
        call.resources = [arn]
        try authorize(actor, Access("iam:\(call.api)", on: arn), operation: call.api)
        try Self.validateName(name, kind: "\(type)Name", max: maxNameLength, operation: call.api)
        return NewEntity(actor: actor, account: a, name: name, path: path, arn: arn)
    }

    static func validateName(_ name: String, kind: String, max: Int, operation: String) throws(AWSError) {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0)) }
        guard !name.isEmpty, name.count <= max, allowed else {
            throw AWSError(
                .validationError,
                "1 validation error detected: Value '\(name)' at '\(kind)' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
                operation: operation)
        }
    }

    static func noSuch(_ what: String, _ name: String, operation: String) -> AWSError {
        AWSError(.noSuchEntity, "The \(what) with name \(name) cannot be found.", operation: operation)
    }

    /// IAM's answer for a user without a console password.
    static func noLoginProfile(_ user: String, operation: String) -> AWSError {
        AWSError(.noSuchEntity, "Login Profile for User \(user) cannot be found.", operation: operation)
    }

    static func loginProfileJSON(_ profile: LoginProfile, user: String) -> JSONOutput {
        .object([
            ("UserName", .string(user)), ("CreateDate", .string(SimulatedClock.iso8601(profile.created))),
            ("PasswordResetRequired", .bool(profile.passwordResetRequired)),
        ])
    }

    /// Parses a policy document for IAM, refusing it as AWS does.
    static func checkedPolicy(_ text: String, kind: PolicyKind, operation: String, limit: Int? = nil, what: String = "policy") throws(AWSError) -> String {
        do {
            _ = try PolicyDocument.parse(text, kind: kind)
        } catch {
            throw AWSError(.malformedPolicyDocument, error.description.replacingFirst("MalformedPolicyDocument: ", with: ""), operation: operation)
        }
        if let limit {
            let size = text.filter { !$0.isWhitespace }.count
            if size > limit {
                throw AWSError(
                    .limitExceeded, "Cannot exceed quota for \(what): \(limit) (this document has \(size) characters, white space not counted)",
                    operation: operation)
            }
        }
        return text
    }

    /// The actions a role's trust policy may name: the ways of assuming a role, and what may be
    /// set on the session while assuming it (UG `id_roles_create_for-user.html`,
    /// `id_session-tags.html`, `id_credentials_temp_control-access_monitor.html`).
    static let trustActions = [
        "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext",
    ]

    /// Refuses a trust policy that names any other action (or uses `NotAction`), in IAM's words.
    /// As IAM does when the policy is written, the action's name is compared as written
    /// (`sts:assumerole` is refused); a wildcard must match one of the STS actions.
    static func checkTrustActions(_ text: String, operation: String) throws(AWSError) {
        guard let document = try? PolicyDocument.parse(text, kind: .trust) else { return }
        for statement in document.statements {
            let fine: Bool
            switch statement.action {
            case .notAction: fine = false
            case .action(let actions):
                fine = actions.allSatisfy { action in
                    guard action.lowercased().hasPrefix("sts:") else { return false }
                    let glob = Glob("sts:" + action.dropFirst(4))
                    return trustActions.contains { glob.matches($0) }
                }
            }
            guard fine else {
                throw AWSError(.malformedPolicyDocument, "AssumeRole policy may only specify STS AssumeRole actions.", operation: operation)
            }
        }
    }

    /// A policy document as JSON output (AWS returns it decoded).
    static func documentJSON(_ text: String) -> JSONOutput {
        (try? JSONParser.parse(text)).map(JSONOutput.init) ?? .string(text)
    }

    static func tagsJSON(_ tags: [Tag]) -> JSONOutput {
        .array(tags.map { .object([("Key", .string($0.key)), ("Value", .string($0.value))]) })
    }

    /// `--tags` read as the CLI reads them, each tag with its `Key` and `Value` (both required by
    /// the service models' `Tag` shape), refused in botocore's words otherwise.
    static func requestTags(_ call: Call) throws(AWSError) -> [Tag] {
        let items = call.list("--tags")
        if items.count == 1, items[0].hasPrefix("[") { return parseTags(items) }
        var problems: [String] = []
        for (i, item) in items.enumerated() {
            let keys = item.split(separator: ",").compactMap { pair -> String? in
                let kv = pair.split(separator: "=", maxSplits: 1)
                return kv.count == 2 ? String(kv[0]) : nil
            }
            for required in ["Key", "Value"] where !keys.contains(required) {
                problems.append("Missing required parameter in Tags[\(i)]: \"\(required)\"")
            }
            for unknown in keys where unknown != "Key" && unknown != "Value" {
                problems.append("Unknown parameter in Tags[\(i)]: \"\(unknown)\", must be one of: Key, Value")
            }
        }
        guard problems.isEmpty else { throw AWSError(validation: problems.joined(separator: "\n")) }
        return parseTags(items)
    }

    /// `--tags Key=K,Value=V …` (the CLI's shorthand) or its JSON form, `[{"Key":…,"Value":…}]`.
    static func parseTags(_ items: [String]) -> [Tag] {
        if items.count == 1, items[0].hasPrefix("["), let json = try? JSONParser.parse(items[0]), case .array(let list) = json.kind {
            return list.compactMap { element in
                guard let m = element.members, let key = m.first(where: { $0.key == "Key" })?.value.string else { return nil }
                return Tag(key, m.first(where: { $0.key == "Value" })?.value.string ?? "")
            }
        }
        return items.compactMap { item in
            var key: String?
            var value = ""
            for pair in item.split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { continue }
                if kv[0] == "Key" { key = kv[1] }
                if kv[0] == "Value" { value = kv[1] }
            }
            return key.map { Tag($0, value) }
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (none when `target` is empty), without Foundation.
    package func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return String(self[..<r.lowerBound]) + replacement + String(self[r.upperBound...])
    }

    func range(of target: String) -> Range<String.Index>? {
        guard !target.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
