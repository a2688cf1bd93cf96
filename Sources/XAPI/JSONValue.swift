import Policy

/// A JSON value written deterministically: object keys sorted, no insignificant white space, so
/// the same statement always gives the same bytes (and the same id).
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case number(Int)
    /// `n / of` written with four decimals (a scaled score).
    case decimal(Int, of: Int)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .string(let s): Self.quote(s, to: &out)
        case .number(let n): out += String(n)
        case .decimal(let n, let of):
            guard of > 0 else {
                out += "0"
                return
            }
            let scaled = (max(0, min(n, of)) * 10_000 + of / 2) / of
            out += scaled == 10_000 ? "1" : "0." + String(repeating: "0", count: 4 - String(scaled).count) + String(scaled)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                Self.quote(key, to: &out)
                out += ":"
                fields[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    /// A string literal as every JSON the tutor writes has it (`\b`, `\f` and `\uXXXX` for the
    /// other control characters).
    static func quote(_ s: String, to out: inout String) { JSONOutput.writeString(s, into: &out) }
}
