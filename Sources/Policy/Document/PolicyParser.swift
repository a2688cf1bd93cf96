extension PolicyDocument {
    /// Parses and validates a policy document.
    ///
    /// ```swift
    /// let doc = try PolicyDocument.parse(#"{"Version":"2012-10-17","Statement":[…]}"#, kind: .identity)
    /// ```
    /// - Throws: `PolicyError` naming the JSON path, line and column, and how to fix it.
    public static func parse(_ text: String, kind: PolicyKind) throws(PolicyError) -> PolicyDocument {
        try parse(source: SourceText(text), kind: kind)
    }

    /// Parses and validates a policy document held as UTF-8 text.
    public static func parse(source: SourceText, kind: PolicyKind) throws(PolicyError) -> PolicyDocument {
        let root: JSONNode
        do {
            root = try JSONParser.parse(source.bytes)
        } catch {
            throw PolicyError(.syntax, error.message, path: "", position: source.position(of: error.offset), fix: nil)
        }
        return try PolicyReader(source: source, kind: kind).document(root)
    }
}

/// Turns a JSON tree into a `PolicyDocument`, checking the grammar of
/// UG `reference_policies_grammar.html` for the given kind of policy.
struct PolicyReader {
    let source: SourceText
    let kind: PolicyKind

    static let documentElements = ["Version", "Id", "Statement"]
    static let statementElements = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]
    static let principalTypes = ["AWS", "Service", "Federated", "CanonicalUser"]

    func error(_ code: PolicyError.Code, _ message: String, _ path: String, at offset: Int, fix: String? = nil) -> PolicyError {
        PolicyError(code, message, path: path, position: source.position(of: offset), fix: fix)
    }

    /// The members of an object, refusing duplicates and names outside `allowed`.
    func members(of node: JSONNode, path: String, allowed: [String], what: String) throws(PolicyError) -> [String: JSONMember] {
        guard let list = node.members else {
            throw error(.invalidType, "\(what) must be an object, not \(node.typeName)", path, at: node.start)
        }
        var seen: [String: JSONMember] = [:]
        for member in list {
            let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
            guard allowed.contains(member.key) else {
                let fix =
                    Suggestion.closest(to: member.key, among: allowed).map { "did you mean \"\($0)\"? (element names are case-sensitive)" }
                    ?? "the elements allowed here are \(allowed.joined(separator: ", "))"
                throw error(.unknownElement, "unknown element \"\(member.key)\" in \(what)", memberPath, at: member.keyStart, fix: fix)
            }
            if seen[member.key] != nil {
                throw error(
                    .duplicateElement, "\"\(member.key)\" appears twice in \(what)", memberPath, at: member.keyStart,
                    fix: "keep one \"\(member.key)\" and merge the values")
            }
            seen[member.key] = member
        }
        return seen
    }

    func document(_ root: JSONNode) throws(PolicyError) -> PolicyDocument {
        let top = try members(of: root, path: "", allowed: Self.documentElements, what: "the policy document")
        var version: PolicyVersion?
        if let v = top["Version"] {
            guard let text = v.value.string else {
                throw error(
                    .invalidType, "Version must be a string, not \(v.value.typeName)", "Version", at: v.value.start, fix: "write \"Version\": \"2012-10-17\"")
            }
            guard let parsed = PolicyVersion(rawValue: text) else {
                throw error(
                    .invalidValue, "\"\(text)\" is not a policy language version", "Version", at: v.value.start,
                    fix: "write \"Version\": \"2012-10-17\" (the current version; \"2008-10-17\" is the only other)")
            }
            version = parsed
        }
        var id: String?
        if let i = top["Id"] {
            guard let text = i.value.string else {
                throw error(.invalidType, "Id must be a string, not \(i.value.typeName)", "Id", at: i.value.start)
            }
            id = text
        }
        guard let st = top["Statement"] else {
            throw error(
                .missingElement, "the policy has no Statement", "", at: root.start,
                fix: "add \"Statement\": [ { \"Effect\": …, \"Action\": …, \"Resource\": … } ]")
        }
        let nodes: [(JSONNode, String)]
        switch st.value.kind {
        case .object: nodes = [(st.value, "Statement")]
        case .array(let list):
            guard !list.isEmpty else {
                throw error(.emptyElement, "Statement is an empty list", "Statement", at: st.value.start, fix: "give the policy at least one statement")
            }
            nodes = list.enumerated().map { ($1, "Statement[\($0)]") }
        default:
            throw error(.invalidType, "Statement must be an object or a list of objects, not \(st.value.typeName)", "Statement", at: st.value.start)
        }
        var statements: [PolicyStatement] = []
        var sids: [String: String] = [:]
        for (node, path) in nodes {
            let statement = try self.statement(node, path: path)
            if let sid = statement.sid, kind == .identity {
                if let other = sids[sid] {
                    throw error(
                        .duplicateSid, "Sid \"\(sid)\" is used by \(other) too", "\(path).Sid", at: node["Sid"]!.start,
                        fix: "give each statement its own Sid, or leave Sid out")
                }
                sids[sid] = path
            }
            statements.append(statement)
        }
        return PolicyDocument(version: version, id: id, statements: statements)
    }

    func statement(_ node: JSONNode, path: String) throws(PolicyError) -> PolicyStatement {
        let m = try members(of: node, path: path, allowed: Self.statementElements, what: "a statement")

        var sid: String?
        if let s = m["Sid"] {
            guard let text = s.value.string else {
                throw error(.invalidType, "Sid must be a string, not \(s.value.typeName)", "\(path).Sid", at: s.value.start)
            }
            if kind == .identity,
                let bad = text.unicodeScalars.first(where: { !(("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)) })
            {
                throw error(
                    .invalidValue, "Sid \"\(text)\" contains '\(bad)'", "\(path).Sid", at: s.value.start,
                    fix: "use only letters A-Z, a-z and digits 0-9 in a Sid")
            }
            sid = text
        }

        guard let e = m["Effect"] else {
            throw error(.missingElement, "the statement has no Effect", path, at: node.start, fix: "add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"")
        }
        guard let effectText = e.value.string else {
            throw error(
                .invalidType, "Effect must be a string, not \(e.value.typeName)", "\(path).Effect", at: e.value.start, fix: "write \"Allow\" or \"Deny\"")
        }
        guard let effect = Effect(rawValue: effectText) else {
            throw error(
                .invalidValue, "\"\(effectText)\" is not a valid Effect", "\(path).Effect", at: e.value.start,
                fix: "write \"Allow\" or \"Deny\" (the case matters)")
        }

        // Action / NotAction: exactly one.
        let action: ActionElement
        switch (m["Action"], m["NotAction"]) {
        case (.some, .some):
            throw error(
                .conflictingElements, "a statement cannot have both Action and NotAction", "\(path).NotAction", at: m["NotAction"]!.keyStart,
                fix: "keep one of them")
        case (.none, .none):
            throw error(
                .missingElement, "the statement has no Action or NotAction", path, at: node.start,
                fix: "add \"Action\": \"service:Operation\" (for example \"s3:GetObject\")")
        case (.some(let a), .none):
            action = .action(try actions(a.value, path: "\(path).Action"))
        case (.none, .some(let a)):
            action = .notAction(try actions(a.value, path: "\(path).NotAction"))
        }

        // Resource / NotResource.
        var resource: ResourceElement?
        switch (m["Resource"], m["NotResource"]) {
        case (.some, .some):
            throw error(
                .conflictingElements, "a statement cannot have both Resource and NotResource", "\(path).NotResource", at: m["NotResource"]!.keyStart,
                fix: "keep one of them")
        case (.some(let r), .none):
            resource = .resource(try resources(r.value, path: "\(path).Resource"))
        case (.none, .some(let r)):
            resource = .notResource(try resources(r.value, path: "\(path).NotResource"))
        case (.none, .none):
            break
        }
        if let r = m["Resource"] ?? m["NotResource"], kind == .trust {
            throw error(
                .prohibitedElement, "a trust policy cannot have \(r.key): it always applies to its own role", "\(path).\(r.key)", at: r.keyStart,
                fix: "remove \"\(r.key)\"")
        }
        if resource == nil && kind == .identity {
            throw error(
                .missingElement, "the statement has no Resource or NotResource", path, at: node.start,
                fix: "add \"Resource\": \"*\" or the ARNs the statement is about")
        }

        // Principal / NotPrincipal.
        var principal: PrincipalElement?
        switch (m["Principal"], m["NotPrincipal"]) {
        case (.some, .some):
            throw error(
                .conflictingElements, "a statement cannot have both Principal and NotPrincipal", "\(path).NotPrincipal", at: m["NotPrincipal"]!.keyStart,
                fix: "keep one of them")
        case (.some(let p), .none):
            principal = .principal(try principals(p.value, path: "\(path).Principal"))
        case (.none, .some(let p)):
            if kind == .trust {
                throw error(
                    .prohibitedElement, "a trust policy cannot use NotPrincipal", "\(path).NotPrincipal", at: p.keyStart,
                    fix: "name the principals that may assume the role in \"Principal\"")
            }
            principal = .notPrincipal(try principals(p.value, path: "\(path).NotPrincipal"))
        case (.none, .none):
            break
        }
        if let p = m["Principal"] ?? m["NotPrincipal"], kind == .identity {
            throw error(
                .prohibitedElement, "an identity-based policy cannot name a \(p.key): it applies to whoever it is attached to", "\(path).\(p.key)",
                at: p.keyStart, fix: "remove \"\(p.key)\", or put the statement in a resource-based or trust policy")
        }
        if principal == nil && kind != .identity {
            let what = kind == .trust ? "a trust policy" : "a resource-based policy"
            throw error(
                .missingElement, "a statement in \(what) must name a Principal", path, at: node.start,
                fix: "add \"Principal\": {\"AWS\": \"arn:aws:iam::ACCOUNT:user/NAME\"} (or an account, role, or service)")
        }

        var conditions: [ConditionClause] = []
        if let c = m["Condition"] {
            conditions = try self.conditions(c.value, path: "\(path).Condition")
        }

        return PolicyStatement(
            sid: sid, effect: effect, principal: principal, action: action, resource: resource, conditions: conditions,
            start: source.position(of: node.start), end: source.position(of: node.end - 1))
    }

    /// A string or a non-empty list of strings.
    func strings(_ node: JSONNode, path: String, what: String) throws(PolicyError) -> [(String, Int)] {
        switch node.kind {
        case .string(let s): return [(s, node.start)]
        case .array(let list):
            guard !list.isEmpty else {
                throw error(.emptyElement, "\(what) is an empty list", path, at: node.start, fix: "list at least one value")
            }
            var out: [(String, Int)] = []
            for (i, element) in list.enumerated() {
                guard let s = element.string else {
                    throw error(.invalidType, "each entry of \(what) must be a string, not \(element.typeName)", "\(path)[\(i)]", at: element.start)
                }
                out.append((s, element.start))
            }
            return out
        default:
            throw error(.invalidType, "\(what) must be a string or a list of strings, not \(node.typeName)", path, at: node.start)
        }
    }

    func actions(_ node: JSONNode, path: String) throws(PolicyError) -> [String] {
        let element = path.hasSuffix("NotAction") ? "NotAction" : "Action"
        var out: [String] = []
        for (i, (text, offset)) in try strings(node, path: path, what: element).enumerated() {
            let entryPath = node.string == nil ? "\(path)[\(i)]" : path
            if text == "*" { out.append(text); continue }
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
                throw error(
                    .invalidValue, "\"\(text)\" is not an action: actions are written service:Operation", entryPath, at: offset,
                    fix: "prefix the operation with its service, for example \"s3:GetObject\", or write \"*\"")
            }
            let service = text[..<colon]
            guard service.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "*" || $0 == "?" }) else {
                throw error(
                    .invalidValue, "\"\(service)\" is not a service prefix", entryPath, at: offset,
                    fix: "service prefixes are letters, digits and '-', such as s3, ec2, dynamodb")
            }
            out.append(text)
        }
        return out
    }

    func resources(_ node: JSONNode, path: String) throws(PolicyError) -> [String] {
        let element = path.hasSuffix("NotResource") ? "NotResource" : "Resource"
        var out: [String] = []
        for (i, (text, offset)) in try strings(node, path: path, what: element).enumerated() {
            let entryPath = node.string == nil ? "\(path)[\(i)]" : path
            guard text == "*" || text.hasPrefix("arn:") else {
                throw error(
                    .invalidValue, "\"\(text)\" must be an ARN or \"*\"", entryPath, at: offset,
                    fix: "write the resource's ARN, such as \"arn:aws:s3:::my-bucket/*\", or \"*\"")
            }
            if text != "*" && ARN(text) == nil {
                throw error(
                    .invalidValue, "\"\(text)\" is not a complete ARN", entryPath, at: offset,
                    fix: "an ARN has six parts: arn:partition:service:region:account:resource (region and account may be empty)")
            }
            out.append(text)
        }
        return out
    }

    func principals(_ node: JSONNode, path: String) throws(PolicyError) -> PrincipalSet {
        if let s = node.string {
            guard s == "*" else {
                throw error(
                    .invalidValue, "a Principal given as a string must be \"*\"", path, at: node.start,
                    fix: "write {\"AWS\": \"\(s)\"} to name an account, user or role")
            }
            return PrincipalSet(everyone: true)
        }
        let m = try members(of: node, path: path, allowed: Self.principalTypes, what: "a Principal")
        var set = PrincipalSet()
        for type in Self.principalTypes {
            guard let member = m[type] else { continue }
            let entries = try strings(member.value, path: "\(path).\(type)", what: "\(path.hasSuffix("NotPrincipal") ? "NotPrincipal" : "Principal").\(type)")
            for (i, (text, offset)) in entries.enumerated() {
                let entryPath = member.value.string == nil ? "\(path).\(type)[\(i)]" : "\(path).\(type)"
                switch type {
                case "AWS":
                    let isAccount = text.count == 12 && text.allSatisfy(\.isNumber)
                    guard text == "*" || isAccount || text.hasPrefix("arn:") else {
                        throw error(
                            .invalidValue, "invalid principal \"\(text)\"", entryPath, at: offset,
                            fix: "name a 12-digit account id, an ARN such as arn:aws:iam::111122223333:user/alice, or \"*\"")
                    }
                    if text.hasPrefix("arn:"), text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last?.hasPrefix("group/") == true {
                        throw error(
                            .invalidValue, "invalid principal \"\(text)\": a group can never be a principal", entryPath, at: offset,
                            fix: "name the users themselves, or a role that they assume")
                    }
                    if text.hasPrefix("arn:"), text.contains("*") || text.contains("?") {
                        throw error(
                            .invalidValue, "principal ARNs cannot contain wildcards: \"\(text)\"", entryPath, at: offset,
                            fix: "name the principal exactly, or use \"*\" with a condition on aws:PrincipalArn")
                    }
                    set.aws.append(text)
                case "Service": set.service.append(text)
                case "Federated": set.federated.append(text)
                default: set.canonicalUser.append(text)
                }
            }
        }
        return set
    }

    func conditions(_ node: JSONNode, path: String) throws(PolicyError) -> [ConditionClause] {
        guard let operators = node.members else {
            throw error(
                .invalidType, "Condition must be an object of operators, not \(node.typeName)", path, at: node.start,
                fix: "write \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": \"blue\"}}")
        }
        var clauses: [ConditionClause] = []
        var seenOperators: Set<String> = []
        for member in operators {
            let opPath = "\(path).\(member.key)"
            guard let op = ConditionOperator(parsing: member.key) else {
                let fix =
                    Suggestion.closest(to: member.key, among: ConditionOperator.allNames).map { "did you mean \"\($0)\"?" }
                    ?? "use an operator such as StringEquals, StringLike, ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress or Null"
                throw error(.unknownOperator, "\"\(member.key)\" is not a condition operator", opPath, at: member.keyStart, fix: fix)
            }
            guard seenOperators.insert(member.key).inserted else {
                throw error(
                    .duplicateElement, "the operator \"\(member.key)\" appears twice", opPath, at: member.keyStart, fix: "merge its keys into one block")
            }
            guard let keys = member.value.members else {
                throw error(
                    .invalidType, "the operator \(member.key) must map condition keys to values, not be \(member.value.typeName)", opPath,
                    at: member.value.start, fix: "write \"\(member.key)\": {\"aws:SourceIp\": \"203.0.113.0/24\"}")
            }
            var seenKeys: Set<String> = []
            for key in keys {
                let keyPath = "\(opPath).\(key.key)"
                guard seenKeys.insert(key.key.lowercased()).inserted else {
                    throw error(
                        .duplicateElement, "the key \"\(key.key)\" appears twice under \(member.key)", keyPath, at: key.keyStart,
                        fix: "list all its values in one array")
                }
                let values: [String]
                switch key.value.kind {
                case .array(let list):
                    var out: [String] = []
                    for (i, element) in list.enumerated() {
                        guard let text = element.scalarText else {
                            throw error(
                                .invalidType, "condition values must be strings, numbers or booleans, not \(element.typeName)", "\(keyPath)[\(i)]",
                                at: element.start)
                        }
                        out.append(text)
                    }
                    values = out
                default:
                    guard let text = key.value.scalarText else {
                        throw error(
                            .invalidType, "condition values must be strings, numbers or booleans, not \(key.value.typeName)", keyPath, at: key.value.start)
                    }
                    values = [text]
                }
                if op.base == .null, let bad = values.first(where: { $0.lowercased() != "true" && $0.lowercased() != "false" }) {
                    throw error(
                        .invalidValue, "Null takes \"true\" or \"false\", not \"\(bad)\"", keyPath, at: key.value.start,
                        fix: "\"true\" tests that the key is absent, \"false\" that it is present")
                }
                clauses.append(ConditionClause(op, key: key.key, values: values))
            }
        }
        return clauses
    }
}
