/// A JSON value to print, with object members kept in the order given (AWS's response shapes
/// list their fields in a fixed order, and transcripts must be byte-for-byte reproducible).
public indirect enum JSONOutput: Sendable, Equatable {
    case object([(String, JSONOutput)])
    case array([JSONOutput])
    case string(String)
    case integer(Int)
    /// A number written as given (for re-emitting parsed input unchanged).
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONOutput, b: JSONOutput) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.integer(let x), .integer(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    /// The value printed as the AWS CLI prints `--output json`: four-space indentation,
    /// non-ASCII characters as they are.
    public func pretty(indent: Int = 4) -> String {
        var out = ""
        write(into: &out, level: 0, indent: indent)
        return out
    }

    /// The value on one line with no spaces.
    public var compact: String {
        var out = ""
        write(into: &out, level: 0, indent: nil)
        return out
    }

    private func write(into out: inout String, level: Int, indent: Int?) {
        switch self {
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                newline(&out, level: level + 1, indent: indent)
                Self.writeString(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, level: level + 1, indent: indent)
            }
            newline(&out, level: level, indent: indent)
            out += "}"
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (i, value) in elements.enumerated() {
                if i > 0 { out += "," }
                newline(&out, level: level + 1, indent: indent)
                value.write(into: &out, level: level + 1, indent: indent)
            }
            newline(&out, level: level, indent: indent)
            out += "]"
        case .string(let s): Self.writeString(s, into: &out)
        case .integer(let n): out += String(n)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    private func newline(_ out: inout String, level: Int, indent: Int?) {
        guard let indent else { return }
        out += "\n"
        out += String(repeating: " ", count: level * indent)
    }

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension JSONOutput {
    /// The same value as a parsed node, for re-emitting (part of) an input.
    public init(_ node: JSONNode) {
        switch node.kind {
        case .object(let members): self = .object(members.map { ($0.key, JSONOutput($0.value)) })
        case .array(let elements): self = .array(elements.map(JSONOutput.init))
        case .string(let s): self = .string(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        }
    }
}
