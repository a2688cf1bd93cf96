/// A condition operator as written in a policy: a base test, optionally qualified by
/// `ForAllValues:`/`ForAnyValue:` and by an `IfExists` suffix.
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    public enum Base: String, Sendable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnLike = "ArnLike"
        case arnNotEquals = "ArnNotEquals"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        /// Negated operators are true when the key is missing and combine several values as NOR.
        public var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
                .notIpAddress, .arnNotEquals, .arnNotLike:
                true
            default: false
            }
        }

        /// Whether `${…}` policy variables are replaced in this operator's values.
        public var acceptsVariables: Bool {
            switch self {
            case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
                .stringNotLike, .arnEquals, .arnLike, .arnNotEquals, .arnNotLike, .bool:
                true
            default: false
            }
        }
    }

    public enum SetQualifier: String, Sendable {
        case forAllValues = "ForAllValues"
        case forAnyValue = "ForAnyValue"
    }

    public var base: Base
    public var qualifier: SetQualifier?
    public var ifExists: Bool

    public init(_ base: Base, qualifier: SetQualifier? = nil, ifExists: Bool = false) {
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
    }

    /// Parses an operator name such as `ForAnyValue:StringLikeIfExists`; nil if it names none.
    /// Operator names are matched case-insensitively.
    public init?(parsing name: String) {
        var rest = Substring(name)
        var qualifier: SetQualifier?
        if let colon = rest.firstIndex(of: ":") {
            let prefix = rest[..<colon].lowercased()
            guard let q = [SetQualifier.forAllValues, .forAnyValue].first(where: { $0.rawValue.lowercased() == prefix }) else {
                return nil
            }
            qualifier = q
            rest = rest[rest.index(after: colon)...]
        }
        var ifExists = false
        if rest.lowercased().hasSuffix("ifexists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        let lowered = rest.lowercased()
        guard let base = Base.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        if base == .null && (ifExists || qualifier != nil) { return nil }
        self.init(base, qualifier: qualifier, ifExists: ifExists)
    }

    public var description: String {
        (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }

    /// Every spelling a policy may use, for suggestions and completion.
    public static var allNames: [String] {
        var names: [String] = []
        for base in Base.allCases {
            names.append(base.rawValue)
            if base != .null {
                names.append(base.rawValue + "IfExists")
                names.append("ForAllValues:" + base.rawValue)
                names.append("ForAnyValue:" + base.rawValue)
            }
        }
        return names
    }
}
