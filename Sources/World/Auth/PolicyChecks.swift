import Policy

/// One finding of IAM Access Analyzer's policy validation (`ValidatePolicy`): its type, its issue
/// code and text as the IAM User Guide's "IAM Access Analyzer policy check reference" gives them
/// (`access-analyzer-reference-policy-checks.html`), and where in the document it stands.
public struct PolicyFinding: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case error = "ERROR"
        case securityWarning = "SECURITY_WARNING"
        case warning = "WARNING"
        case suggestion = "SUGGESTION"

        /// How the reference page's anchors name the kind.
        var anchor: String {
            switch self {
            case .error: "error"
            case .securityWarning: "security-warning"
            case .warning: "general-warning"
            case .suggestion: "suggestion"
            }
        }
    }

    /// A step of a finding's path into the document: a member's name or a list's index.
    public enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var kind: Kind
    public var issueCode: String
    public var details: String
    public var path: [Step]
    /// Byte offsets of the element the finding is about: its first character and just past its last.
    public var start: Int
    public var end: Int

    /// The reference page's section for the issue.
    public var learnMoreLink: String {
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-"
            + kind.anchor + "-" + issueCode.lowercased().replacingOccurrences("_", "-")
    }
}

extension String {
    fileprivate func replacingOccurrences(_ a: Character, _ b: Character) -> String { String(map { $0 == a ? b : $0 }) }
}

/// The policy types `ValidatePolicy` takes (`--policy-type`), and the resource a resource policy
/// is for (`--validate-policy-resource-type`).
public enum PolicyCheckType: String, Sendable, CaseIterable {
    case identity = "IDENTITY_POLICY"
    case resource = "RESOURCE_POLICY"
    case serviceControl = "SERVICE_CONTROL_POLICY"
    case resourceControl = "RESOURCE_CONTROL_POLICY"
}

/// IAM Access Analyzer's policy checks over a policy's JSON, each finding pointing at the element
/// it is about. Only the checks the world can make truthfully are made: an action is called
/// unknown only for services whose every action the world knows, or when it is one slip away
/// from an action the world knows and is none itself.
///
/// Docs: IAM UG `access-analyzer-reference-policy-checks.html` (issue codes, finding types and
/// texts); Access Analyzer API reference `API_ValidatePolicy.html`, `API_ValidatePolicyFinding.html`.
public struct PolicyChecks {
    let source: [UInt8]
    let type: PolicyCheckType
    /// `AWS::IAM::AssumeRolePolicyDocument`, `AWS::S3::Bucket`, … (resource policies only).
    let resourceType: String?
    var findings: [PolicyFinding] = []
    var version: String?

    /// Validates a policy as `aws accessanalyzer validate-policy` does.
    public static func validate(_ text: String, type: PolicyCheckType, resourceType: String? = nil) -> [PolicyFinding] {
        var checks = PolicyChecks(source: Array(text.utf8), type: type, resourceType: resourceType)
        checks.run()
        return checks.findings
    }

    var isTrust: Bool { resourceType == "AWS::IAM::AssumeRolePolicyDocument" }

    mutating func add(_ kind: PolicyFinding.Kind, _ code: String, _ details: String, _ path: [PolicyFinding.Step], _ node: (start: Int, end: Int)) {
        findings.append(PolicyFinding(kind: kind, issueCode: code, details: details, path: path, start: node.start, end: node.end))
    }

    mutating func add(_ kind: PolicyFinding.Kind, _ code: String, _ details: String, _ path: [PolicyFinding.Step], _ node: JSONNode) {
        add(kind, code, details, path, (node.start, node.end))
    }

    /// A member's key, quotes included.
    func keySpan(_ member: JSONMember) -> (start: Int, end: Int) {
        var end = member.keyStart + 1
        while end < source.count, source[end] != UInt8(ascii: "\"") {
            end += source[end] == UInt8(ascii: "\\") ? 2 : 1
        }
        return (member.keyStart, min(end + 1, source.count))
    }

    mutating func run() {
        let root: JSONNode
        do {
            root = try JSONParser.parse(source)
        } catch {
            let p = Self.position(of: error.offset, in: source)
            add(
                .error, "JSON_SYNTAX_ERROR", "Fix the JSON syntax error at index \(p.offset) line \(p.line) column \(p.column).", [],
                (error.offset, min(error.offset + 1, source.count)))
            return
        }
        guard let top = root.members else {
            add(.error, "DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type Object.", [], root)
            return
        }
        var statement: JSONMember?
        for member in top {
            switch member.key {
            case "Version":
                if let v = member.value.string {
                    version = v
                    if !PolicyVersion.supported.contains(v) {
                        add(
                            .error, "INVALID_VERSION", "The version \(v) is not valid. Use one of the following versions: 2012-10-17, 2008-10-17",
                            [.key("Version")], member.value)
                    }
                } else {
                    add(.error, "DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type String.", [.key("Version")], member.value)
                }
            case "Id": break
            case "Statement": statement = member
            default:
                add(.error, "INVALID_POLICY_ELEMENT", "The policy element \(member.key) is not valid.", [.key(member.key)], keySpan(member))
            }
        }
        if top.first(where: { $0.key == "Version" }) == nil {
            add(.warning, "MISSING_VERSION", "We recommend that you specify the Version element to help you with debugging permission issues.", [], root)
        }
        guard let statement else {
            add(.error, "MISSING_STATEMENT", "Add a statement to the policy", [], root)
            return
        }
        var sids: [String: Int] = [:]
        switch statement.value.kind {
        case .object:
            check(statement: statement.value, path: [.key("Statement")], sids: &sids)
        case .array(let list):
            if list.isEmpty { add(.error, "MISSING_STATEMENT", "Add a statement to the policy", [.key("Statement")], statement.value) }
            for (i, node) in list.enumerated() {
                check(statement: node, path: [.key("Statement"), .index(i)], sids: &sids)
            }
        default:
            add(.error, "DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type Array.", [.key("Statement")], statement.value)
        }
    }

    static let statementElements = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]

    mutating func check(statement node: JSONNode, path: [PolicyFinding.Step], sids: inout [String: Int]) {
        guard let members = node.members else {
            add(.error, "DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type Object.", path, node)
            return
        }
        var m: [String: JSONMember] = [:]
        for member in members {
            guard Self.statementElements.contains(member.key) else {
                add(.error, "INVALID_POLICY_ELEMENT", "The policy element \(member.key) is not valid.", path + [.key(member.key)], keySpan(member))
                continue
            }
            m[member.key] = member
        }
        // Sid: letters and digits in identity policies and SCPs; unique.
        if let sid = m["Sid"], let text = sid.value.string {
            let at = path + [.key("Sid")]
            if text.isEmpty {
                add(.suggestion, "EMPTY_SID_VALUE", "Add a value to the empty string in the Sid element.", at, sid.value)
            } else if type != .resource, !text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) {
                add(
                    .error, "UNSUPPORTED_SID", "Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]",
                    at, sid.value)
            }
            if !text.isEmpty, sids[text] != nil {
                if type == .resource {
                    add(
                        .warning, "UNIQUE_SIDS_RECOMMENDED", "We recommend that you use statement IDs that are unique to your policy. Update the Sid value.",
                        at, sid.value)
                } else {
                    add(.error, "UNIQUE_SIDS_REQUIRED", "Duplicate statement IDs are not supported for this policy type. Update the Sid value.", at, sid.value)
                }
            }
            sids[text, default: 0] += 1
        }
        // Effect.
        var allow = false
        if let e = m["Effect"] {
            if let text = e.value.string, text == "Allow" || text == "Deny" {
                allow = text == "Allow"
            } else {
                add(.error, "INVALID_EFFECT", "The effect \(e.value.scalarText ?? "") is not valid. Use Allow or Deny.", path + [.key("Effect")], e.value)
            }
        } else {
            add(.error, "MISSING_EFFECT", "Add an Effect element to the policy statement with a value of Allow or Deny.", path, node)
        }
        // Action / NotAction.
        let actionMember = m["Action"] ?? m["NotAction"]
        if let a = m["Action"], let n = m["NotAction"] {
            add(
                .error, "UNSUPPORTED_ELEMENT_COMBINATION",
                "The policy elements Action and NotAction can not be used in the same statement. Remove one of these elements.", path + [.key("NotAction")],
                keySpan(n))
            _ = a
        } else if actionMember == nil {
            add(.error, "MISSING_ACTION", "Add an Action or NotAction element to the policy statement.", path, node)
        }
        var actions: [String] = []
        if let a = actionMember {
            actions = checkActions(a, path: path + [.key(a.key)])
        }
        // Resource / NotResource.
        let resourceMember = m["Resource"] ?? m["NotResource"]
        if m["Resource"] != nil, let n = m["NotResource"] {
            add(
                .error, "UNSUPPORTED_ELEMENT_COMBINATION",
                "The policy elements Resource and NotResource can not be used in the same statement. Remove one of these elements.",
                path + [.key("NotResource")], keySpan(n))
        }
        var resources: [String] = []
        if isTrust {
            if let r = resourceMember {
                add(
                    .error, "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
                    "Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.",
                    path + [.key(r.key)], keySpan(r))
            }
        } else if let r = resourceMember {
            resources = checkResources(r, path: path + [.key(r.key)], actions: r.key == "Resource" ? actions : [])
        } else {
            add(.error, "MISSING_RESOURCE", "Add a Resource or NotResource element to the policy statement.", path, node)
        }
        // Principal / NotPrincipal.
        let principalMember = m["Principal"] ?? m["NotPrincipal"]
        switch type {
        case .identity:
            if let p = principalMember {
                add(
                    .error, "UNSUPPORTED_PRINCIPAL", "The policy type IDENTITY_POLICY does not support the Principal element. Remove the Principal element.",
                    path + [.key(p.key)], keySpan(p))
            }
        case .serviceControl:
            if let p = principalMember {
                add(
                    .error, "SCP_SYNTAX_ERROR_PRINCIPAL", "SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.",
                    path + [.key(p.key)], keySpan(p))
            }
        case .resource, .resourceControl:
            if let p = principalMember {
                checkPrincipal(p, path: path + [.key(p.key)], allow: allow)
            } else if type == .resource {
                add(.error, "MISSING_PRINCIPAL", "Add a Principal element to the policy statement.", path, node)
            }
        }
        // Condition.
        var conditionKeys: Set<String> = []
        if let c = m["Condition"] {
            conditionKeys = checkConditions(c.value, path: path + [.key("Condition")])
        }
        // iam:PassRole granted on every role.
        if allow, let a = actionMember, let r = resourceMember, !conditionKeys.contains("iam:passedtoservice") {
            checkPassRole(action: a, resource: r, actions: actions, resources: resources, path: path)
        }
    }

    // MARK: actions

    /// Checks each action; returns the actions as written.
    mutating func checkActions(_ member: JSONMember, path: [PolicyFinding.Step]) -> [String] {
        let entries = strings(
            member.value, path: path, emptyCode: "EMPTY_ARRAY_ACTION",
            emptyText: "This statement includes no actions and does not affect the policy. Specify actions.")
        var invalid: Set<Int> = []
        for (n, (text, node, at)) in entries.enumerated() {
            guard text != "*" else { continue }
            let before = findings.count
            defer { if findings.count > before { invalid.insert(n) } }
            guard let colon = text.firstIndex(of: ":") else {
                add(.error, "INVALID_ACTION", "The action \(text) does not exist.", at, node)
                continue
            }
            let service = String(text[..<colon])
            let name = String(text[text.index(after: colon)...])
            if service.contains(where: { $0 == "*" || $0 == "?" }) {
                add(
                    .suggestion, "WILDCARD_IN_SERVICE_NAME",
                    "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.", at,
                    node)
                continue
            }
            guard Self.servicePrefixes.contains(service.lowercased()) else {
                let close = Suggestion.closest(to: service, among: Self.commonServices).map { " Did you mean \($0)?" } ?? ""
                add(.error, "INVALID_SERVICE_IN_ACTION", "The service \(service) specified in the action does not exist.\(close)", at, node)
                continue
            }
            if !name.contains(where: { $0 == "*" || $0 == "?" }), let problem = Self.unknownAction(service: service.lowercased(), name: name) {
                add(.error, "INVALID_ACTION", "The action \(text) does not exist.\(problem.map { " Did you mean \($0)?" } ?? "")", at, node)
            }
        }
        // An action another entry already grants.
        let texts = entries.map(\.text)
        var redundant: [(String, JSONNode, [PolicyFinding.Step])] = []
        for (i, entry) in entries.enumerated() where !invalid.contains(i) {
            let lower = entry.text.lowercased()
            let covered = texts.enumerated().contains { j, other in
                guard j != i else { return false }
                let o = other.lowercased()
                if o == lower { return j < i }
                return o.contains("*") || o.contains("?") ? Glob(o).matches(lower) && !(lower.contains("*") && Glob(lower).matches(o)) : false
            }
            if covered { redundant.append(entry) }
        }
        if let first = redundant.first {
            add(
                .suggestion, "REDUNDANT_ACTION",
                "The \(redundant.count) action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: \(first.0).",
                first.2, first.1)
        }
        return texts
    }

    /// A string or a list of strings, each with its node and path; an empty list is a finding.
    mutating func strings(_ node: JSONNode, path: [PolicyFinding.Step], emptyCode: String, emptyText: String) -> [(
        text: String, node: JSONNode, path: [PolicyFinding.Step]
    )] {
        switch node.kind {
        case .string(let s): return [(s, node, path)]
        case .array(let list):
            if list.isEmpty { add(.suggestion, emptyCode, emptyText, path, node) }
            var out: [(String, JSONNode, [PolicyFinding.Step])] = []
            for (i, element) in list.enumerated() {
                if let s = element.string {
                    out.append((s, element, path + [.index(i)]))
                } else {
                    add(.error, "DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type String.", path + [.index(i)], element)
                }
            }
            return out
        default:
            add(.error, "DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type Array.", path, node)
            return []
        }
    }

    // MARK: resources

    mutating func checkResources(_ member: JSONMember, path: [PolicyFinding.Step], actions: [String]) -> [String] {
        let entries = strings(
            member.value, path: path, emptyCode: "EMPTY_ARRAY_RESOURCE",
            emptyText: "This statement includes no resources and does not affect the policy. Specify resources.")
        for (text, node, at) in entries where text != "*" {
            checkARN(text, node: node, path: at)
        }
        let texts = entries.map(\.text)
        var redundant: [(String, JSONNode, [PolicyFinding.Step])] = []
        for (i, entry) in entries.enumerated() {
            let covered = texts.enumerated().contains { j, other in
                guard j != i else { return false }
                if other == entry.text { return j < i }
                return other.contains("*") || other.contains("?")
                    ? Glob(other).matches(entry.text) && !(entry.text.contains("*") && Glob(entry.text).matches(other)) : false
            }
            if covered { redundant.append(entry) }
        }
        if let first = redundant.first {
            add(
                .suggestion, "REDUNDANT_RESOURCE",
                "The \(redundant.count) resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)", first.2,
                first.1)
        }
        return texts
    }

    /// The resource types of the services the world models, by the start of an ARN's resource
    /// part (Service Authorization Reference, each service's "Resource types" table).
    static let resourceTypes: [String: [String]] = [
        "iam": [
            "user/", "group/", "role/", "policy/", "instance-profile/", "mfa/", "server-certificate/", "saml-provider/", "oidc-provider/",
            "access-report/", "sms-mfa/", "root",
        ],
        "ec2": [
            "instance/", "volume/", "snapshot/", "image/", "security-group/", "security-group-rule/", "subnet/", "vpc/", "network-interface/",
            "key-pair/", "launch-template/", "elastic-ip/", "internet-gateway/", "route-table/", "network-acl/", "placement-group/",
            "dhcp-options/", "vpc-endpoint/", "natgateway/", "transit-gateway/", "capacity-reservation/", "spot-instances-request/",
            "fleet/", "host/", "prefix-list/", "elastic-gpu/", "export-instance-task/", "import-image-task/", "ipam/", "verified-access-instance/",
        ],
        "lambda": ["function:", "layer:", "event-source-mapping:", "code-signing-config:", "capacity-provider:"],
        "dynamodb": ["table/", "global-table/"],
    ]

    mutating func checkARN(_ text: String, node: JSONNode, path: [PolicyFinding.Step]) {
        guard text.hasPrefix("arn:") else {
            add(.error, "INVALID_ARN_PREFIX", "Add the required prefix (arn) to the resource ARN.", path, node)
            return
        }
        guard let arn = ARN(text) else {
            add(
                .error, "MISSING_ARN_FIELD",
                "Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource", path, node)
            return
        }
        if arn.service != arn.service.lowercased() {
            add(.error, "INVALID_ARN_SERVICE_CASE", "Update the service name \(arn.service) in the resource ARN to use all lowercase letters.", path, node)
            return
        }
        let global = ["s3", "iam"]
        if global.contains(arn.service), !arn.region.isEmpty, arn.region != "*" {
            add(.error, "ARN_REGION_NOT_ALLOWED", "The service \(arn.service) does not support specifying a Region in the resource ARN.", path, node)
        }
        if arn.service == "s3", !arn.account.isEmpty, arn.account != "*", !arn.resource.hasPrefix("accesspoint/"), !arn.resource.hasPrefix("job/") {
            add(.error, "ARN_ACCOUNT_NOT_ALLOWED", "The service s3 does not support specifying an account ID in the resource ARN.", path, node)
        }
        if ["ec2", "lambda", "dynamodb"].contains(arn.service), arn.region.isEmpty {
            add(.error, "MISSING_ARN_REGION", "Add a Region to the \(arn.service) resource ARN.", path, node)
        }
        if !arn.account.isEmpty, !arn.account.contains(where: { $0 == "*" || $0 == "?" || $0 == "$" }), arn.account != "aws",
            !(arn.account.count == 12 && arn.account.allSatisfy { $0.isASCII && $0.isNumber })
        {
            add(.error, "INVALID_ARN_ACCOUNT", "The resource ARN account ID \(arn.account) is not valid. Provide a 12-digit account ID.", path, node)
        }
        if let types = Self.resourceTypes[arn.service], !arn.resource.hasPrefix("*"), !arn.resource.hasPrefix("$"),
            !types.contains(where: { arn.resource.hasPrefix($0) || arn.resource == $0.dropLast() || $0 == "root" && arn.resource == "root" })
        {
            add(
                .error, "INVALID_ARN_RESOURCE", "Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.", path, node)
        }
    }

    // MARK: principals

    mutating func checkPrincipal(_ member: JSONMember, path: [PolicyFinding.Step], allow: Bool) {
        if member.key == "NotPrincipal" {
            if isTrust {
                add(
                    .error, "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
                    "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.", path, keySpan(member))
            } else if allow {
                add(
                    .securityWarning, "ALLOW_WITH_NOT_PRINCIPAL",
                    "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.", path, keySpan(member))
            }
        }
        let node = member.value
        if let s = node.string {
            if s != "*" {
                add(
                    .error, "INVALID_PRINCIPAL_FORMAT",
                    "The Principal element contents are not valid. Specify a key-value pair in the Principal element.", path, node)
            } else if isTrust {
                add(
                    .error, "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                    "\"Principal:\" \"*\" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.",
                    path, node)
            }
            return
        }
        guard let members = node.members else {
            add(
                .error, "INVALID_PRINCIPAL_FORMAT", "The Principal element contents are not valid. Specify a key-value pair in the Principal element.", path,
                node)
            return
        }
        if members.isEmpty {
            add(.suggestion, "EMPTY_OBJECT_PRINCIPAL", "This statement includes no principals and does not affect the policy. Specify principals.", path, node)
        }
        for p in members {
            let at = path + [.key(p.key)]
            guard ["AWS", "Service", "Federated", "CanonicalUser"].contains(p.key) else {
                add(.error, "INVALID_PRINCIPAL_KEY", "The principal key \(p.key) is not valid.", at, keySpan(p))
                continue
            }
            let entries = strings(
                p.value, path: at, emptyCode: "EMPTY_ARRAY_PRINCIPAL",
                emptyText: "This statement includes no principals and does not affect the policy. Specify principals.")
            for (text, entry, entryPath) in entries where p.key == "AWS" && text != "*" && (text.contains("*") || text.contains("?")) {
                add(
                    .error, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                    "Wildcards (*, ?) are not supported with the principal key AWS. Replace the wildcard with a valid principal value.", entryPath, entry)
            }
        }
    }

    // MARK: iam:PassRole

    mutating func checkPassRole(action: JSONMember, resource: JSONMember, actions: [String], resources: [String], path: [PolicyFinding.Step]) {
        let passRole = "iam:passrole"
        let isNotAction = action.key == "NotAction"
        let isNotResource = resource.key == "NotResource"
        let named = actions.contains { $0.lowercased() == passRole }
        let starAction = actions.contains { a in
            let l = a.lowercased()
            return l != passRole && (l.contains("*") || l.contains("?")) && Glob(l).matches(passRole)
        }
        // The action element grants iam:PassRole.
        let grants = isNotAction ? !actions.contains { Glob($0.lowercased()).matches(passRole) } : named || starAction
        guard grants else { return }
        let everyRole = resources.contains { r in
            guard r != "*" else { return true }
            // A pattern that reaches every role (`arn:aws:iam::*:role/*`); named service roles
            // (`role/Service*`) are the conventions the check leaves alone.
            guard let arn = ARN(r), arn.service == "iam" || arn.service.contains("*") else { return false }
            return arn.resource == "*" || arn.resource == "role/*"
        }
        let at = path + [.key(resource.key)]
        let span = keySpan(resource)
        if isNotResource {
            if isNotAction {
                add(
                    .securityWarning, "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
                    "Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources.. We recommend that you specify resource ARNs instead.",
                    at, span)
            } else if named {
                add(
                    .securityWarning, "PASS_ROLE_WITH_NOT_RESOURCE",
                    "Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
                    at, span)
            } else {
                add(
                    .securityWarning, "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
                    "Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
                    at, span)
            }
            return
        }
        guard everyRole else { return }
        if isNotAction {
            add(
                .securityWarning, "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
                "Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
                at, span)
        } else if named {
            add(
                .securityWarning, "PASS_ROLE_WITH_STAR_IN_RESOURCE",
                "Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
                at, span)
        } else {
            add(
                .securityWarning, "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
                "Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
                at, span)
        }
    }

    // MARK: conditions

    /// What a global condition key holds (IAM UG `reference_policies_condition-keys.html`):
    /// its type, and whether a request may carry several values.
    enum KeyType: String { case string = "String", arn = "ARN", date = "Date", numeric = "Numeric", bool = "Bool", ip = "IPAddress" }

    static let globalKeys: [String: (KeyType, multivalued: Bool)] = [
        "aws:calledvia": (.string, true), "aws:calledviafirst": (.string, false), "aws:calledvialast": (.string, false),
        "aws:viaawsservice": (.bool, false), "aws:currenttime": (.date, false), "aws:epochtime": (.date, false),
        "aws:federatedprovider": (.string, false), "aws:multifactorauthage": (.numeric, false), "aws:multifactorauthpresent": (.bool, false),
        "aws:principalaccount": (.string, false), "aws:principalarn": (.arn, false), "aws:principalisawsservice": (.bool, false),
        "aws:principalorgid": (.string, false), "aws:principalorgpaths": (.string, true), "aws:principalservicename": (.string, false),
        "aws:principalservicenameslist": (.string, true), "aws:principaltype": (.string, false), "aws:referer": (.string, false),
        "aws:requestedregion": (.string, false), "aws:resourceaccount": (.string, false), "aws:resourceorgid": (.string, false),
        "aws:resourceorgpaths": (.string, true), "aws:securetransport": (.bool, false), "aws:sourceaccount": (.string, false),
        "aws:sourcearn": (.arn, false), "aws:sourceidentity": (.string, false), "aws:sourceip": (.ip, false), "aws:sourceorgid": (.string, false),
        "aws:sourceorgpaths": (.string, true), "aws:sourcevpc": (.string, false), "aws:sourcevpce": (.string, false),
        "aws:sourcevpcarn": (.arn, false), "aws:tagkeys": (.string, true), "aws:tokenissuetime": (.date, false), "aws:useragent": (.string, false),
        "aws:userid": (.string, false), "aws:username": (.string, false), "aws:vpcsourceip": (.ip, false),
        "aws:ec2instancesourcevpc": (.string, false), "aws:ec2instancesourceprivateipv4": (.ip, false), "aws:vpceaccount": (.string, false),
        "aws:vpceorgid": (.string, false), "aws:vpceorgpaths": (.string, true), "aws:assumedroot": (.bool, false),
        "aws:isMcpServiceAction".lowercased(): (.bool, false),
    ]
    /// Keys with a tag key after the slash.
    static let tagKeyPrefixes = ["aws:principaltag/", "aws:requesttag/", "aws:resourcetag/"]

    static func category(_ base: ConditionOperator.Base) -> KeyType? {
        switch base {
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike, .stringNotLike: .string
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals: .numeric
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals: .date
        case .bool: .bool
        case .ipAddress, .notIpAddress: .ip
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: .arn
        case .binaryEquals, .null: nil
        }
    }

    /// Checks the Condition block; returns the keys it tests, lower-cased.
    mutating func checkConditions(_ node: JSONNode, path: [PolicyFinding.Step]) -> Set<String> {
        guard let operators = node.members else {
            add(.error, "DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type Object.", path, node)
            return []
        }
        if operators.isEmpty {
            add(.suggestion, "EMPTY_OBJECT_CONDITION", "This condition block is empty and it does not affect the policy. Specify conditions.", path, node)
        }
        var keys: Set<String> = []
        for member in operators {
            let opPath = path + [.key(member.key)]
            guard let op = ConditionOperator(parsing: member.key) else {
                add(
                    .error, "INVALID_CONDITION_OPERATOR", "The condition operator \(member.key) is not valid. Use a valid condition operator.", opPath,
                    keySpan(member))
                continue
            }
            if op.base == .null, op.ifExists {
                add(
                    .error, "NULL_WITH_IF_EXISTS", "The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.",
                    opPath, keySpan(member))
            }
            if op.base == .null, op.qualifier != nil {
                add(
                    .suggestion, "NULL_WITH_QUALIFIER",
                    "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.",
                    opPath, keySpan(member))
            }
            guard let entries = member.value.members else {
                add(.error, "DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type Object.", opPath, member.value)
                continue
            }
            var seen: [String: String] = [:]
            for entry in entries {
                let key = entry.key
                let lower = key.lowercased()
                let keyPath = opPath + [.key(key)]
                keys.insert(lower)
                if let other = seen[lower], other != key {
                    add(
                        .error, "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
                        "The condition key \(key) appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.",
                        keyPath, keySpan(entry))
                }
                seen[lower] = key
                checkKey(key, op: op, operatorName: member.key, entry: entry, path: keyPath)
            }
        }
        return keys
    }

    mutating func checkKey(_ key: String, op: ConditionOperator, operatorName: String, entry: JSONMember, path: [PolicyFinding.Step]) {
        let lower = key.lowercased()
        let span = keySpan(entry)
        var values: [JSONNode] = []
        switch entry.value.kind {
        case .array(let list):
            values = list
            if list.isEmpty {
                if op.qualifier == .forAllValues {
                    add(
                        .suggestion, "EMPTY_ARRAY_CONDITION_FORALLVALUES",
                        "The ForAllValues prefix with an empty condition key matches only if the key \(key) is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.",
                        path, entry.value)
                } else if op.qualifier == .forAnyValue {
                    add(
                        .suggestion, "EMPTY_ARRAY_CONDITION_FORANYVALUE",
                        "The ForAnyValue prefix with an empty condition key \(key) never matches the request context and it does not affect the policy. Specify conditions.",
                        path, entry.value)
                } else if op.ifExists {
                    add(
                        .suggestion, "EMPTY_ARRAY_CONDITION_IFEXISTS",
                        "The IfExists suffix with an empty condition key matches only if the key \(key) is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.",
                        path, entry.value)
                } else {
                    add(
                        .suggestion, "EMPTY_ARRAY_CONDITION",
                        "There are no values for the condition key \(key) and it does not affect the policy. Specify conditions.", path, entry.value)
                }
            }
        default:
            values = [entry.value]
        }
        guard let colon = key.firstIndex(of: ":"), colon != key.startIndex, key.index(after: colon) != key.endIndex else {
            add(.error, "INVALID_CONDITION_KEY_FORMAT", "The condition key format is not valid. Use the format service:keyname.", path, span)
            return
        }
        // Global keys: known names, the types their operators must have, multivalued keys with a set operator.
        var keyType: KeyType?
        var multivalued = false
        if lower.hasPrefix("aws:") {
            if let prefix = Self.tagKeyPrefixes.first(where: { lower.hasPrefix($0) || lower == $0.dropLast() }) {
                if lower.count <= prefix.count {
                    let name = String(key.prefix(prefix.count - 1))
                    add(
                        .error, "MISSING_TAG_KEY_IN_CONDITION",
                        "The condition key \(name) must include a tag key to control access based on tags. Use the format \(name)/tag-key and specify a key name for tag-key.",
                        path, span)
                    return
                }
                keyType = .string
            } else if lower == "aws:arn" {
                add(
                    .error, "UNSUPPORTED_GLOBAL_CONDITION_KEY", "The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn instead.",
                    path, span)
                return
            } else if let known = Self.globalKeys[lower] {
                keyType = known.0
                multivalued = known.multivalued
            } else {
                add(.error, "INVALID_GLOBAL_CONDITION_KEY", "The condition key \(key) does not exist. Use a valid condition key.", path, span)
                return
            }
        }
        if multivalued, op.qualifier == nil, op.base != .null {
            add(
                .error, "MISSING_QUALIFIER",
                "The request context key \(key) has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.", path, span)
        }
        if !multivalued, keyType != nil, op.qualifier == .forAllValues {
            add(
                .securityWarning, "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
                "Using ForAllValues qualifier with the single-valued condition key \(key) can be overly permissive. We recommend that you remove ForAllValues:.",
                path, span)
        }
        if let keyType, let category = Self.category(op.base), category != keyType, !(keyType == .arn && category == .string) {
            add(
                .warning, "TYPE_MISMATCH", "Use the operator type \(keyType.rawValue) instead of operator \(operatorName) for the condition key \(key).", path,
                span)
            return
        }
        // The values the operator can read.
        for value in values {
            guard let text = value.scalarText else { continue }
            switch Self.category(op.base) {
            case .bool?:
                if text.lowercased() != "true" && text.lowercased() != "false" {
                    add(.warning, "TYPE_MISMATCH_BOOLEAN", "Add a valid Boolean value (true or false) for the condition operator \(operatorName).", path, value)
                }
            case .numeric?:
                if Double(text) == nil {
                    add(.warning, "TYPE_MISMATCH_NUMBER", "Add a valid numeric value for the condition operator \(operatorName).", path, value)
                }
            case .date?:
                if !text.contains("${"), SimulatedClock.parseTime(text) == nil, Int(text) == nil {
                    add(
                        .warning, "TYPE_MISMATCH_DATE",
                        "The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.",
                        path, value)
                }
            case .ip?:
                if !Self.isCIDR(text) {
                    add(
                        .warning, "TYPE_MISMATCH_IP_RANGE",
                        "The condition operator \(operatorName) is used with an invalid IP range value. Specify the IP range in standard CIDR format.", path,
                        value)
                }
            case .string?:
                let equality: [ConditionOperator.Base] = [.stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase]
                if equality.contains(op.base), text.contains("*") || text.contains("?") {
                    add(
                        .warning, "WILDCARD_WITHOUT_LIKE_OPERATOR",
                        "Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.",
                        path, value)
                }
            case .arn?, nil:
                break
            }
        }
        if lower == "aws:sourceip", op.base == .ipAddress || op.base == .notIpAddress {
            checkPrivateRanges(values.compactMap(\.scalarText), negated: op.base == .notIpAddress, path: path, span: span)
        }
        if version != "2012-10-17", values.contains(where: { $0.string?.contains("${") == true }) {
            add(
                .error, "VARIABLE_UNSUPPORTED_IN_VERSION", "To include variables in your policy, use the policy version 2012-10-17 or later.", path,
                values.first(where: { $0.string?.contains("${") == true })!)
        }
    }

    /// aws:SourceIp holds only public addresses (a request from a VPC endpoint carries none):
    /// private ranges there never match ("Error – Private IP address", "Private NotIpAddress",
    /// and their "subset" suggestions); an address with bits past its prefix is one to improve.
    mutating func checkPrivateRanges(_ values: [String], negated: Bool, path: [PolicyFinding.Step], span: (start: Int, end: Int)) {
        let ranges = values.compactMap(Self.ipv4Range)
        guard !ranges.isEmpty else { return }
        let privateCount = ranges.filter { Self.isPrivate($0.address, $0.bits) }.count
        if privateCount == ranges.count {
            if negated {
                add(
                    .error, "PRIVATE_NOT_IP_ADDRESS",
                    "The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.",
                    path, span)
            } else {
                add(
                    .error, "PRIVATE_IP_ADDRESS",
                    "aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.",
                    path, span)
            }
        } else if privateCount > 0 {
            if negated {
                add(
                    .suggestion, "PRIVATE_NOT_IP_ADDRESS_SUBSET",
                    "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.",
                    path, span)
            } else {
                add(
                    .suggestion, "PRIVATE_IP_ADDRESS_SUBSET",
                    "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.",
                    path, span)
            }
        }
        for range in ranges where range.bits < 32 {
            let mask: UInt32 = range.bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - range.bits)
            let network = range.address & mask
            if network != range.address {
                let text = [24, 16, 8, 0].map { String((network >> UInt32($0)) & 0xFF) }.joined(separator: ".") + "/\(range.bits)"
                add(
                    .suggestion, "IMPROVE_IP_RANGE",
                    "The non-zero bits in the IP address after the masked bits are ignored. Replace address with \(text).", path, span)
            }
        }
    }

    /// An IPv4 address or CIDR as a number and a prefix length.
    static func ipv4Range(_ text: String) -> (address: UInt32, bits: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let first = parts.first else { return nil }
        let octets = first.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 <= 255 }) else { return nil }
        let bits = parts.count == 2 ? Int(parts[1]) : 32
        guard let bits, (0...32).contains(bits) else { return nil }
        return (octets.reduce(0) { $0 << 8 | $1 }, bits)
    }

    /// Whether a range lies within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918).
    static func isPrivate(_ address: UInt32, _ bits: Int) -> Bool {
        [(UInt32(10) << 24, 8), (UInt32(172) << 24 | UInt32(16) << 16, 12), (UInt32(192) << 24 | UInt32(168) << 16, 16)].contains { base, length in
            bits >= length && (address >> UInt32(32 - length)) == (base >> UInt32(32 - length))
        }
    }

    /// An IPv4 or IPv6 address, optionally with a prefix length.
    static func isCIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = parts.first else { return false }
        if parts.count == 2 {
            guard let bits = Int(parts[1]), bits >= 0, bits <= (address.contains(":") ? 128 : 32) else { return false }
        }
        if address.contains(":") {
            return address.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } && address.contains("::") || address.split(separator: ":").count == 8
        }
        let octets = address.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { o in !o.isEmpty && o.count <= 3 && o.allSatisfy(\.isNumber) && Int(o)! <= 255 }
    }

    // MARK: positions

    /// Access Analyzer's position of a byte offset: line from 1, column and offset from 0, in
    /// characters (UTF-16 units, as the service counts them).
    static func position(of byteOffset: Int, in source: [UInt8]) -> (line: Int, column: Int, offset: Int) {
        var line = 1
        var column = 0
        var offset = 0
        var i = 0
        let end = max(0, min(byteOffset, source.count))
        while i < end {
            let b = source[i]
            let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            let units = length == 4 ? 2 : 1
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 0
            } else {
                column += units
            }
            offset += units
            i += length
        }
        return (line, column, offset)
    }
}

// MARK: - What the world knows of services and actions

extension PolicyChecks {
    /// Services whose every action the world knows: their actions are their API operations (the
    /// botocore models hold every IAM, STS and Organizations operation), and the permissions that
    /// have no operation of their own (Service Authorization Reference).
    static let completeServices: Set<String> = ["iam", "sts", "organizations"]
    static let permissionOnly: Set<String> = ["iam:passrole", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"]

    /// Every action the world knows, lower-cased, with its spelling in the Service Authorization
    /// Reference (read once, when the first policy is validated).
    static let spelled: [String: String] = {
        var out: [String: String] = [:]
        for name in ActionCatalog.extraKnown.union(permissionOnly) { out[name] = name }
        for model in ServiceModel.all.values where completeServices.contains(model.service) {
            out["\(model.service):\(model.api)".lowercased()] = "\(model.service):\(model.api)"
        }
        for op in World.operations where ["ec2", "dynamodb", "cloudtrail", "iam", "sts", "organizations"].contains(op.service) {
            out["\(op.service):\(op.api)".lowercased()] = "\(op.service):\(op.api)"
        }
        for action in ActionCatalog.actions { out[action.name.lowercased()] = action.name }
        return out
    }()
    static var knownActions: Dictionary<String, String>.Keys { spelled.keys }

    /// nil when the action may exist; otherwise the close action to suggest (or none: `.some(nil)`).
    static func unknownAction(service: String, name: String) -> String?? {
        let full = "\(service):\(name)".lowercased()
        if knownActions.contains(full) { return nil }
        let sameService = knownActions.filter { $0.hasPrefix(service + ":") }
        let close = Suggestion.closest(to: full, among: sameService)
        // For a service the world knows only in part, an action is called unknown only when it is
        // a slip from one it knows (`s3:GetObjects`, `s3:ListBuckets`).
        guard completeServices.contains(service) || close != nil else { return nil }
        return .some(close.map(displayName))
    }

    /// The action as the Service Authorization Reference spells it.
    static func displayName(_ lower: String) -> String {
        if let known = spelled[lower], known != lower { return known }
        let service = lower.prefix { $0 != ":" }
        return service + ":" + lower.dropFirst(service.count + 1).prefix(1).uppercased() + lower.dropFirst(service.count + 2)
    }

    /// The services the "did you mean" of an unknown service is chosen from.
    static let commonServices = [
        "s3", "ec2", "iam", "sts", "lambda", "dynamodb", "cloudtrail", "organizations", "kms", "sqs", "sns", "logs", "cloudwatch", "ssm",
        "secretsmanager", "rds", "ecs", "eks", "ecr", "cloudformation", "route53", "apigateway", "states", "events", "kinesis",
    ]

    /// Service prefixes of actions (the botocore models' signing names and endpoint prefixes,
    /// with the prefixes the Service Authorization Reference uses that differ from them).
    static let servicePrefixes: Set<String> = {
        var out = Set(prefixData.split(separator: " ").map(String.init))
        out.formUnion(commonServices)
        return out
    }()
}
extension PolicyChecks {
    /// Read from botocore's service models (signing names and endpoint prefixes, split at dots) and
    /// the Service Authorization Reference's prefixes that differ from them.
    static let prefixData = """
        a2i-runtime access-analyzer account acm acm-pca aco-automation admin agreement-marketplace aidevops aiops airflow airflow- \
        serverless amplify amplifybackend amplifyuibuilder aoss api apigateway app-integrations appconfig appconfigdata appfabric appflow \
        application-autoscaling application-cost-profiler application-signals applicationinsights appmesh apprunner appstream appstream2 \
        appsync aps arc-region-switch arc-zonal-shift artifact athena auditmanager autoscaling autoscaling-plans aws-marketplace aws- \
        marketplace-management aws-portal awsssoportal b2bi backup backup-gateway backup-search batch bcm-dashboards bcm-data-exports bcm- \
        pricing-calculator bcm-recommended-actions bedrock bedrock-agent bedrock-agent-runtime bedrock-agentcore bedrock-agentcore-control \
        bedrock-data-automation bedrock-data-automation-runtime bedrock-runtime billing billingconductor braket budgets cases cassandra \
        cassandra-streams catalog ce chatbot chime cleanrooms cleanrooms-ml cloud9 cloudcontrolapi clouddirectory cloudformation \
        cloudfront cloudfront-keyvaluestore cloudhsm cloudhsmv2 cloudsearch cloudsearchdomain cloudtrail cloudtrail-data cloudwatch \
        codeartifact codebuild codecatalyst codecommit codeconnections codedeploy codeguru-profiler codeguru-reviewer codeguru-security \
        codepipeline codestar-connections codestar-notifications cognito-identity cognito-idp cognito-sync comprehend comprehendmedical \
        compute-optimizer config connect connect-campaigns consolidatedbilling contact-lens controlcatalog controlplane controltower cost- \
        optimization-hub cur data data-ats data-signer databrew dataexchange datapipeline dataplane datasync datazone dax deadline \
        deployment-marketplace detective devicefarm devops-guru directconnect discovery discovery-marketplace dlm dms docdb-elastic drs ds \
        ds-data dsql dynamodb ebs ec2 ec2-instance-connect ec2messages ecr ecr-public ecs edge eks eks-auth elasticache elasticbeanstalk \
        elasticfilesystem elasticloadbalancing elasticmapreduce elemental-inference email emr-containers emr-serverless entitlement \
        entityresolution es events evs execute-api featurestore-runtime finspace finspace-api firehose fis fms forecast forecastquery \
        frauddetector freetier fsx gamelift gameliftstreams geo geo-maps geo-places geo-routes glacier globalaccelerator glue grafana \
        greengrass groundstation guardduty health health-agent healthlake iam identity-chime identity-sync identitystore imagebuilder \
        importexport ingest inspector inspector-scan inspector2 interconnect internetmonitor invoicing iot iot-jobs-data iotdata \
        iotdeviceadvisor iotevents ioteventsdata iotfleetwise iotmanagedintegrations iotsecuredtunneling iotsitewise iotthingsgraph \
        iottwinmaker iotwireless iq iq-permission ivs ivschat ivsrealtime jobs kafka kafka-cluster kafkaconnect kendra kendra-ranking \
        kinesis kinesisanalytics kinesisvideo kms lakeformation lambda launchwizard lex license-manager license-manager-linux- \
        subscriptions license-manager-user-subscriptions lightsail logs lookoutequipment m2 machinelearning macie2 mail-manager \
        managedblockchain managedblockchain-query marketplace marketplacecommerceanalytics media-pipelines-chime mediaconnect mediaconvert \
        medialive mediapackage mediapackage-vod mediapackagev2 mediastore mediatailor medical-imaging meetings-chime memory-db memorydb \
        messaging-chime metering metrics mgh mgn migrationhub-config migrationhub-orchestrator migrationhub-strategy mobiletargeting \
        models models-v2-lex monitoring mpa mq mturk-requester neptune-db neptune-graph network-firewall networkflowmonitor networkmanager \
        networkmonitor notifications notifications-contacts nova-act oam observabilityadmin odb oidc omics organizations osis outposts \
        panorama participant partnercentral-account partnercentral-benefits partnercentral-channel partnercentral-selling payment- \
        cryptography payments pca-connector-ad pca-connector-scep pcs personalize personalize-events personalize-runtime pi pinpoint pipes \
        polly portal pricing profile proton purchase-orders qapps qbusiness query quicksight ram rbin rds rds-data rds-db redshift \
        redshift-data redshift-serverless refactor-spaces rekognition reporting-marketplace repostspace resiliencehub resource-explorer-2 \
        resource-groups rolesanywhere route53 route53-recovery-cluster route53-recovery-control-config route53-recovery-readiness \
        route53domains route53globalresolver route53profiles route53resolver rtbfabric rum runtime runtime-v2-lex s3 s3-control s3-object- \
        lambda s3-outposts s3express s3files s3tables s3vectors sagemaker sagemaker-geospatial savingsplans scheduler schemas scn sdb \
        secretsmanager security-ir securityagent securityhub securitylake serverlessrepo servicecatalog servicecatalog-appregistry \
        servicediscovery servicequotas ses shield signer signin simspaceweaver sms-voice snow-device-management snowball sns social- \
        messaging sqs ssm ssm-contacts ssm-guiconnect ssm-incidents ssm-quicksetup ssm-sap ssmmessages sso sso-directory sso-oauth states \
        storagegateway streams sts support supportapp supportplans sustainability swf synthetics tagging tax textract thinclient \
        timestream timestream-influxdb tnb transcribe transfer translate trustedadvisor tunneling uxc verifiedpermissions voice-chime \
        voiceid vpc-lattice waf waf-regional wafv2 wellarchitected wickr wisdom workdocs workmail workmailmessageflow workspaces \
        workspaces-instances workspaces-web xray
        """
}
