/// A policy value that may contain `${…}` policy variables (UG `reference_policies_variables.html`):
/// `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the escapes `${*}`, `${?}`, `${$}`.
///
/// Values without variables (and every value of a policy whose Version is not 2012-10-17) are
/// compiled once; values with variables are resolved against each request's context.
public struct VariableTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        /// Text as written (in a pattern, its `*` and `?` are wildcards).
        case text(String)
        /// A character that the `${*}`, `${?}` or `${$}` escape stands for: always literal.
        case literal(UInt8)
        /// A context key (lower-cased) and its default.
        case variable(key: String, name: String, defaultValue: String?)
    }

    public let parts: [Part]

    /// Splits `value` into text and variables. With `substitute` false the whole value is text.
    /// `from` is the byte offset where variables start to count (the resource part of an ARN).
    public init(_ value: String, substitute: Bool, from start: Int = 0) {
        guard substitute, value.utf8.contains(UInt8(ascii: "$")) else {
            parts = [.text(value)]
            return
        }
        var parts: [Part] = []
        let bytes = Array(value.utf8)
        var text: [UInt8] = Array(bytes[..<min(start, bytes.count)])
        var i = min(start, bytes.count)
        func flush() {
            if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
            text = []
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{"),
                let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}"))
            {
                let inner = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
                flush()
                switch inner {
                case "*": parts.append(.literal(UInt8(ascii: "*")))
                case "?": parts.append(.literal(UInt8(ascii: "?")))
                case "$": parts.append(.literal(UInt8(ascii: "$")))
                default:
                    var name = inner
                    var defaultValue: String?
                    if let comma = inner.firstIndex(of: ",") {
                        name = String(inner[..<comma])
                        let rest = Substring(inner[inner.index(after: comma)...].trimmed(where: { $0 == " " }))
                        if rest.count >= 2, rest.first == "'", rest.last == "'" {
                            defaultValue = String(rest.dropFirst().dropLast())
                        } else {
                            defaultValue = String(rest)
                        }
                    }
                    name = name.trimmed(where: { $0 == " " })
                    parts.append(.variable(key: Glob.asciiLowercased(name), name: name, defaultValue: defaultValue))
                }
                i = close + 1
            } else {
                text.append(bytes[i])
                i += 1
            }
        }
        flush()
        self.parts = parts
    }

    /// Whether any part depends on the request.
    public var hasVariables: Bool {
        parts.contains { if case .variable = $0 { true } else { false } }
    }

    /// The context keys the value refers to, as written.
    public var variableNames: [String] {
        parts.compactMap { if case .variable(_, let name, _) = $0 { name } else { nil } }
    }

    /// Pattern units with variables replaced; nil when a variable has no value and no default
    /// (the entry then matches nothing). Replaced text is literal, never a wildcard.
    public func units(in context: RequestContext, wildcards: Bool) -> [Glob.Unit]? {
        var out: [Glob.Unit] = []
        for part in parts {
            switch part {
            case .text(let s): out += Glob.units(s, wildcards: wildcards)
            case .literal(let b): out.append(Glob.Unit(b))
            case .variable(let key, _, let defaultValue):
                guard let value = context.singleValue(forLowercasedKey: key) ?? defaultValue else { return nil }
                out += Glob.units(value, wildcards: false)
            }
        }
        return out
    }

    /// The value as plain text with variables replaced; nil when a variable has no value.
    public func text(in context: RequestContext) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .literal(let b): out.unicodeScalars.append(Unicode.Scalar(b))
            case .variable(let key, _, let defaultValue):
                guard let value = context.singleValue(forLowercasedKey: key) ?? defaultValue else { return nil }
                out += value
            }
        }
        return out
    }

    /// The text when the template has no variables.
    public var staticText: String? {
        guard !hasVariables else { return nil }
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .literal(let b): out.unicodeScalars.append(Unicode.Scalar(b))
            case .variable: return nil
            }
        }
        return out
    }

    /// Pattern units when the template has no variables.
    public var staticUnits: [Glob.Unit]? {
        guard !hasVariables else { return nil }
        return units(in: RequestContext(), wildcards: true)
    }
}

/// The byte offset where an ARN's resource part starts (after its fifth colon), or the end.
func arnResourceOffset(_ arn: String) -> Int {
    var colons = 0
    for (i, b) in arn.utf8.enumerated() where b == UInt8(ascii: ":") {
        colons += 1
        if colons == 5 { return i + 1 }
    }
    return arn.utf8.count
}
