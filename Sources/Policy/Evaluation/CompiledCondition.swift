/// One condition clause compiled for evaluation: the key lower-cased, the policy's values parsed
/// once into the type the operator compares.
final class CompiledCondition: Sendable {
    enum Value: Sendable {
        /// A string-family or Bool value with no variables: as written, lower-cased, and as a pattern.
        case text(String, lowered: String, pattern: Glob)
        /// A value with policy variables, resolved per request.
        case template(VariableTemplate)
        case number(Double?)
        case date(Double?)
        case ip(IPNetwork?)
        case binary([UInt8]?)
        /// Six ARN segments, each a pattern.
        case arn([Glob]?)
    }

    let clause: ConditionClause
    let key: String
    let values: [Value]
    /// For the string-equality and Bool operators without variables: the values to compare
    /// (lower-cased for Bool and IgnoreCase), for the common single-value case.
    let plainTexts: [String]?

    init(_ clause: ConditionClause, substitute: Bool) {
        self.clause = clause
        key = Glob.asciiLowercased(clause.key)
        let base = clause.op.base
        values = clause.values.map { text in
            if substitute && base.acceptsVariables {
                let template = VariableTemplate(text, substitute: true)
                if template.hasVariables { return .template(template) }
            }
            switch base {
            case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
                .numericGreaterThanEquals:
                return .number(ScalarValues.number(text))
            case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
                return .date(ScalarValues.date(text))
            case .ipAddress, .notIpAddress:
                return .ip(IPNetwork(text))
            case .binaryEquals:
                return .binary(ScalarValues.base64(text))
            case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
                return .arn(Self.arnSegments(Glob.units(text, wildcards: true)))
            default:
                let literal = VariableTemplate(text, substitute: substitute)
                let units = literal.units(in: RequestContext(), wildcards: true) ?? Glob.units(text, wildcards: true)
                let plain = literal.staticText ?? text
                return .text(plain, lowered: plain.lowercased(), pattern: Glob(units: units))
            }
        }
        var texts: [String]? = []
        for v in values {
            guard case .text(let t, let lowered, _) = v else {
                texts = nil
                break
            }
            switch base {
            case .stringEquals, .stringNotEquals: texts?.append(t)
            case .bool, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase: texts?.append(lowered)
            default: texts = nil
            }
        }
        plainTexts = texts
    }

    /// An ARN pattern split at its first five colons into six segment patterns; nil if it has fewer.
    static func arnSegments(_ units: [Glob.Unit]) -> [Glob]? {
        var segments: [Glob] = []
        var current: [Glob.Unit] = []
        for u in units {
            if u == Glob.Unit(UInt8(ascii: ":")) && segments.count < 5 {
                segments.append(Glob(units: current))
                current = []
            } else {
                current.append(u)
            }
        }
        segments.append(Glob(units: current))
        return segments.count == 6 ? segments : nil
    }

    /// Whether the clause holds for the request context (UG `…condition_operators.html`,
    /// `…condition-logic-multiple-context-keys-or-values.html`).
    ///
    /// Where AWS's documentation is silent (see ``undocumentedCase(in:)``) the clause takes the
    /// side that never grants what AWS might deny: it fails in an Allow statement and holds in a
    /// Deny statement.
    /// - Parameter deny: whether the clause belongs to a Deny statement.
    func holds(in context: RequestContext, deny: Bool = false) -> Bool {
        let op = clause.op
        guard let present = context.value(forLowercasedKey: key), !present.values.isEmpty,
            !(op.qualifier != nil && present.values.count == 1 && present.values[0].isEmpty)
        else {
            // The key is missing.
            if op.base == .null { return clause.values.contains { $0.lowercased() == "true" } }
            if let q = op.qualifier { return q == .forAllValues }
            return op.ifExists || op.base.isNegated
        }
        if op.base == .null { return clause.values.contains { $0.lowercased() == "false" } }
        let negated = op.base.isNegated
        if let texts = plainTexts, op.qualifier == nil, present.values.count == 1 {
            let value = present.values[0]
            let any: Bool
            switch op.base {
            case .stringEquals, .stringNotEquals: any = texts.contains(value)
            case .bool: any = texts.contains { Self.asciiCaseInsensitiveEquals($0, value) }
            default: any = texts.contains(value.lowercased())
            }
            return negated ? !any : any
        }
        // A single-valued operator over several values: undocumented.
        if op.qualifier == nil && present.values.count > 1 { return deny }
        if (op.base == .ipAddress || op.base == .notIpAddress), let addresses = present.addresses {
            return holds(addresses: addresses, negated: negated, deny: deny)
        }
        /// One context value's verdict; a negated operator that meets a value it cannot parse
        /// (and no value that matches) is undocumented.
        func verdict(_ value: String) -> Bool {
            let matched = matchesAny(value, context: context)
            if negated && !matched && unparseable(value) { return deny }
            return matched != negated
        }
        switch op.qualifier {
        case nil, .forAnyValue?:
            return present.values.contains(where: verdict)
        case .forAllValues?:
            return present.values.allSatisfy(verdict)
        }
    }

    /// `holds` for IP operators when the context's addresses were parsed ahead.
    func holds(addresses: [IPNetwork?], negated: Bool, deny: Bool = false) -> Bool {
        let policyUnparsed = values.contains { if case .ip(nil) = $0 { true } else { false } }
        func verdict(_ address: IPNetwork?) -> Bool {
            var inside = false
            if let address {
                for case .ip(let network?) in values where network.contains(address) {
                    inside = true
                    break
                }
            }
            if negated && !inside && (address == nil || policyUnparsed) { return deny }
            return inside != negated
        }
        switch clause.op.qualifier {
        case nil, .forAnyValue?: return addresses.contains(where: verdict)
        case .forAllValues?: return addresses.allSatisfy(verdict)
        }
    }

    /// Whether `value`, or one of the policy's values, cannot be read as the type the operator
    /// compares (a number, a date, an address, an ARN).
    func unparseable(_ value: String) -> Bool {
        let policyUnparsed = values.contains { v in
            switch v {
            case .number(nil), .date(nil), .ip(nil), .binary(nil), .arn(nil): true
            default: false
            }
        }
        if policyUnparsed { return true }
        switch clause.op.base {
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            return ScalarValues.number(value) == nil
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return ScalarValues.date(value) == nil
        case .ipAddress, .notIpAddress:
            return IPNetwork(value) == nil
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            return value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).count != 6
        default:
            return false
        }
    }

    /// A sentence saying why AWS's documentation does not decide this clause for `context`, and
    /// what the engine does instead; nil when the documentation decides it.
    ///
    /// Open points (the engine's choice, always the side that never grants what AWS might deny —
    /// an Allow statement does not apply, a Deny statement does):
    /// - a single-valued operator (no `ForAnyValue:`/`ForAllValues:`) over a key with several
    ///   values in the request: UG `reference_policies_condition-single-vs-multi-valued-context-keys.html`
    ///   only says multivalued keys "require" a set operator;
    /// - a negated operator (`NumericNotEquals`, `DateNotEquals`, `NotIpAddress`, `ArnNotEquals`,
    ///   `ArnNotLike`) given a policy or request value it cannot parse, when no value matches:
    ///   UG `reference_policies_elements_condition_operators.html` does not say whether such a value
    ///   is "not equal".
    func undocumentedCase(in context: RequestContext) -> String? {
        let op = clause.op
        guard op.base != .null, let present = context.value(forLowercasedKey: key), !present.values.isEmpty else { return nil }
        let choice = "this engine lets an Allow statement not apply and a Deny statement apply"
        if op.qualifier == nil && present.values.count > 1 {
            return "undocumented: \(op) over \(clause.key), which has \(present.values.count) values in the request; AWS documents only"
                + " ForAnyValue/ForAllValues for a multivalued key, so \(choice)"
        }
        guard op.base.isNegated else { return nil }
        for value in present.values where !matchesAny(value, context: context) && unparseable(value) {
            return "undocumented: \(op) \(clause.key) with a value it cannot parse (the policy has "
                + clause.values.map { "\"\($0)\"" }.joined(separator: ", ") + ", the request \"\(value)\"); AWS does not say"
                + " whether such a value is \"not equal\", so \(choice)"
        }
        return nil
    }

    /// Whether one context value satisfies the operator's positive form against any policy value.
    func matchesAny(_ value: String, context: RequestContext) -> Bool {
        switch clause.op.base {
        case .stringEquals, .stringNotEquals:
            return values.contains { v in
                switch v {
                case .text(let t, _, _): t == value
                case .template(let tpl): tpl.text(in: context) == value
                default: false
                }
            }
        case .bool:
            return values.contains { v in
                switch v {
                case .text(_, let l, _): Self.asciiCaseInsensitiveEquals(l, value)
                case .template(let tpl): tpl.text(in: context).map { Self.asciiCaseInsensitiveEquals($0.lowercased(), value) } ?? false
                default: false
                }
            }
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            let lowered = value.lowercased()
            return values.contains { v in
                switch v {
                case .text(_, let l, _): l == lowered
                case .template(let tpl): tpl.text(in: context)?.lowercased() == lowered
                default: false
                }
            }
        case .stringLike, .stringNotLike:
            return values.contains { v in
                switch v {
                case .text(_, _, let g): g.matches(value)
                case .template(let tpl): tpl.units(in: context, wildcards: true).map { Glob(units: $0).matches(value) } ?? false
                default: false
                }
            }
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            guard let x = ScalarValues.number(value) else { return false }
            return values.contains { v in
                guard case .number(let y?) = v else { return false }
                return Self.compare(x, y, clause.op.base)
            }
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let x = ScalarValues.date(value) else { return false }
            return values.contains { v in
                guard case .date(let y?) = v else { return false }
                return Self.compare(x, y, clause.op.base)
            }
        case .ipAddress, .notIpAddress:
            guard let address = IPNetwork(value) else { return false }
            return values.contains { v in
                guard case .ip(let network?) = v else { return false }
                return network.contains(address)
            }
        case .binaryEquals:
            let bytes = ScalarValues.base64(value)
            return values.contains { v in
                guard case .binary(let b?) = v else { return false }
                return b == bytes
            }
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6 else { return false }
            return values.contains { v in
                let segments: [Glob]?
                switch v {
                case .arn(let s): segments = s
                case .template(let tpl): segments = tpl.units(in: context, wildcards: true).flatMap(Self.arnSegments)
                default: segments = nil
                }
                guard let segments else { return false }
                for i in 0..<6 where !segments[i].matches(String(parts[i])) { return false }
                return true
            }
        case .null:
            return false
        }
    }

    /// Whether `value` lower-cased (ASCII) equals `lowered`, without allocating.
    static func asciiCaseInsensitiveEquals(_ lowered: String, _ value: String) -> Bool {
        guard lowered.utf8.count == value.utf8.count else { return false }
        for (a, b) in zip(lowered.utf8, value.utf8) where a != (b >= 0x41 && b <= 0x5A ? b + 0x20 : b) { return false }
        return true
    }

    static func compare(_ x: Double, _ y: Double, _ base: ConditionOperator.Base) -> Bool {
        switch base {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: x == y
        case .numericLessThan, .dateLessThan: x < y
        case .numericLessThanEquals, .dateLessThanEquals: x <= y
        case .numericGreaterThan, .dateGreaterThan: x > y
        case .numericGreaterThanEquals, .dateGreaterThanEquals: x >= y
        default: false
        }
    }
}
