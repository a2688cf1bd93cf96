/// A `SimulateCustomPolicy` request, read from the JSON `aws iam simulate-custom-policy
/// --cli-input-json` takes (IAMAPI `API_SimulateCustomPolicy.html`).
public struct SimulationRequest: Sendable {
    public struct ContextEntry: Sendable {
        public var name: String
        public var values: [String]
        public var type: ContextKeyType
    }

    public var policyInputList: [String]
    public var permissionsBoundaryPolicyInputList: [String] = []
    public var actionNames: [String]
    public var resourceArns: [String] = ["*"]
    public var resourcePolicy: String?
    public var resourceOwner: String?
    public var callerArn: String?
    public var contextEntries: [ContextEntry] = []
    public var resourceHandlingOption: String?
    public var maxItems: Int?
    public var marker: String?

    /// The request's parameters, in the order the AWS CLI lists them.
    public static let parameters = [
        "PolicyInputList", "PermissionsBoundaryPolicyInputList", "ActionNames", "ResourceArns", "ResourcePolicy",
        "ResourceOwner", "CallerArn", "ContextEntries", "ResourceHandlingOption", "MaxItems", "Marker",
    ]

    public init(policyInputList: [String], actionNames: [String]) {
        self.policyInputList = policyInputList
        self.actionNames = actionNames
    }

    /// Reads `--cli-input-json` text, refusing what the AWS CLI refuses (unknown parameters, wrong
    /// types, missing required parameters) with the CLI's own wording.
    public init(json text: String) throws(SimulationError) {
        let root: JSONNode
        let source = SourceText(text)
        do {
            root = try JSONParser.parse(source.bytes)
        } catch {
            let at = source.position(of: error.offset)
            throw SimulationError(.invalidJSON, "the request is not valid JSON: \(error.message) at line \(at.line), column \(at.column)")
        }
        guard let members = root.members else {
            throw SimulationError(.paramValidation, "Invalid type for parameter input, value: \(root.typeName), valid types: <class 'dict'>")
        }
        var seen: [String: JSONNode] = [:]
        for member in members {
            guard Self.parameters.contains(member.key) else {
                var message = "Unknown parameter in input: \"\(member.key)\", must be one of: \(Self.parameters.joined(separator: ", "))"
                if let near = Suggestion.closest(to: member.key, among: Self.parameters) { message += " (did you mean \"\(near)\"?)" }
                throw SimulationError(.paramValidation, message)
            }
            seen[member.key] = member.value
        }
        func strings(_ name: String) throws(SimulationError) -> [String]? {
            guard let node = seen[name] else { return nil }
            guard case .array(let list) = node.kind else {
                throw SimulationError(
                    .paramValidation,
                    "Invalid type for parameter \(name), value: \(Self.show(node)), type: \(Self.pythonType(node)), valid types: <class 'list'>, <class 'tuple'>"
                )
            }
            var out: [String] = []
            for (i, element) in list.enumerated() {
                guard let s = element.string else {
                    throw SimulationError(
                        .paramValidation,
                        "Invalid type for parameter \(name)[\(i)], value: \(Self.show(element)), type: \(Self.pythonType(element)), valid types: <class 'str'>")
                }
                out.append(s)
            }
            return out
        }
        func string(_ name: String) throws(SimulationError) -> String? {
            guard let node = seen[name] else { return nil }
            guard let s = node.string else {
                throw SimulationError(
                    .paramValidation,
                    "Invalid type for parameter \(name), value: \(Self.show(node)), type: \(Self.pythonType(node)), valid types: <class 'str'>")
            }
            return s
        }
        guard let policies = try strings("PolicyInputList") else {
            throw SimulationError(.paramValidation, "Missing required parameter in input: \"PolicyInputList\"")
        }
        guard let actions = try strings("ActionNames") else {
            throw SimulationError(.paramValidation, "Missing required parameter in input: \"ActionNames\"")
        }
        self.init(policyInputList: policies, actionNames: actions)
        permissionsBoundaryPolicyInputList = try strings("PermissionsBoundaryPolicyInputList") ?? []
        if let arns = try strings("ResourceArns") { resourceArns = arns }
        resourcePolicy = try string("ResourcePolicy")
        resourceOwner = try string("ResourceOwner")
        callerArn = try string("CallerArn")
        resourceHandlingOption = try string("ResourceHandlingOption")
        marker = try string("Marker")
        if let node = seen["MaxItems"] {
            guard case .number(let n) = node.kind, let value = Int(n) else {
                throw SimulationError(
                    .paramValidation,
                    "Invalid type for parameter MaxItems, value: \(Self.show(node)), type: \(Self.pythonType(node)), valid types: <class 'int'>")
            }
            maxItems = value
        }
        if let node = seen["ContextEntries"] {
            guard case .array(let list) = node.kind else {
                throw SimulationError(
                    .paramValidation,
                    "Invalid type for parameter ContextEntries, value: \(Self.show(node)), type: \(Self.pythonType(node)), valid types: <class 'list'>, <class 'tuple'>"
                )
            }
            for (i, element) in list.enumerated() {
                contextEntries.append(try Self.contextEntry(element, path: "ContextEntries[\(i)]"))
            }
        }
    }

    static func contextEntry(_ node: JSONNode, path: String) throws(SimulationError) -> ContextEntry {
        let fields = ["ContextKeyName", "ContextKeyValues", "ContextKeyType"]
        guard let members = node.members else {
            throw SimulationError(
                .paramValidation, "Invalid type for parameter \(path), value: \(show(node)), type: \(pythonType(node)), valid types: <class 'dict'>")
        }
        var name: String?
        var values: [String] = []
        var type = ContextKeyType.string
        for member in members {
            switch member.key {
            case "ContextKeyName":
                guard let s = member.value.string else {
                    throw SimulationError(
                        .paramValidation,
                        "Invalid type for parameter \(path).ContextKeyName, value: \(show(member.value)), type: \(pythonType(member.value)), valid types: <class 'str'>"
                    )
                }
                name = s
            case "ContextKeyValues":
                guard case .array(let list) = member.value.kind else {
                    throw SimulationError(
                        .paramValidation,
                        "Invalid type for parameter \(path).ContextKeyValues, value: \(show(member.value)), type: \(pythonType(member.value)), valid types: <class 'list'>, <class 'tuple'>"
                    )
                }
                for (i, v) in list.enumerated() {
                    guard let s = v.string else {
                        throw SimulationError(
                            .paramValidation,
                            "Invalid type for parameter \(path).ContextKeyValues[\(i)], value: \(show(v)), type: \(pythonType(v)), valid types: <class 'str'>")
                    }
                    values.append(s)
                }
            case "ContextKeyType":
                guard let s = member.value.string, let t = ContextKeyType(rawValue: s) else {
                    throw SimulationError(
                        .paramValidation,
                        "Invalid value for parameter \(path).ContextKeyType, value: \(show(member.value)), valid values: \(ContextKeyType.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                type = t
            default:
                throw SimulationError(.paramValidation, "Unknown parameter in \(path): \"\(member.key)\", must be one of: \(fields.joined(separator: ", "))")
            }
        }
        guard let name else {
            throw SimulationError(.invalidInput, "\(path) has no ContextKeyName")
        }
        guard (5...256).contains(name.count) else {
            throw SimulationError(.paramValidation, "Invalid length for parameter \(path).ContextKeyName, value: \(name.count), valid min length: 5")
        }
        for value in values {
            let ok: Bool
            switch type {
            case .numeric, .numericList: ok = ScalarValues.number(value) != nil
            case .boolean, .booleanList: ok = ["true", "false"].contains(value.lowercased())
            case .ip, .ipList: ok = IPNetwork(value) != nil
            case .date, .dateList: ok = ScalarValues.date(value) != nil
            case .binary, .binaryList: ok = ScalarValues.base64(value) != nil
            case .string, .stringList: ok = true
            }
            guard ok else {
                throw SimulationError(.invalidInput, "\(path): \"\(value)\" is not a valid \(type.rawValue) value for \(name)")
            }
        }
        return ContextEntry(name: name, values: values, type: type)
    }

    /// A JSON value as Python prints it in botocore's messages (`True`, `None`, `[...]`).
    public static func show(_ node: JSONNode) -> String {
        switch node.kind {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "True" : "False"
        case .null: "None"
        case .array: "[...]"
        case .object: "{...}"
        }
    }

    /// The Python type botocore names for a JSON value (`<class 'int'>`).
    public static func pythonType(_ node: JSONNode) -> String {
        switch node.kind {
        case .string: "<class 'str'>"
        case .number(let n): n.contains(".") || n.contains("e") || n.contains("E") ? "<class 'float'>" : "<class 'int'>"
        case .bool: "<class 'bool'>"
        case .null: "<class 'NoneType'>"
        case .array: "<class 'list'>"
        case .object: "<class 'dict'>"
        }
    }
}

/// A refused simulation request, worded as the AWS CLI words it.
public struct SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Refused by the CLI before sending (botocore's "Parameter validation failed").
        case paramValidation
        /// The input is not JSON.
        case invalidJSON
        /// Refused by the service: InvalidInput.
        case invalidInput
        /// A policy in the request is malformed.
        case malformedPolicy(PolicyError, source: SourceText, name: String)
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func == (a: Self, b: Self) -> Bool { a.message == b.message }

    /// What the AWS CLI prints on standard error.
    public var description: String {
        switch kind {
        case .paramValidation: "\nParameter validation failed:\n\(message)"
        case .invalidJSON: "Error parsing parameter 'cli-input-json': \(message)"
        case .invalidInput: "\nAn error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: \(message)"
        case .malformedPolicy(let error, let source, let name):
            "\nAn error occurred (MalformedPolicyDocument) when calling the SimulateCustomPolicy operation: \(message)\n\n"
                + error.rendered(source: source, name: name)
        }
    }
}
