import Policy

/// The part of JMESPath that `--query` is used for at the prompt: `A.B`, `A[]`, `A[0]`, `A[].B`,
/// `A[-1]`, `length(A)`.
enum JMESPath {
    static func evaluate(_ expression: String, on value: JSONOutput) throws(AWSError) -> JSONOutput {
        var text = expression.trimmed { $0 == " " }
        if text.hasPrefix("length("), text.hasSuffix(")") {
            let inner = String(text.dropFirst("length(".count).dropLast())
            switch try evaluate(inner, on: value) {
            case .array(let a): return .integer(a.count)
            case .object(let m): return .integer(m.count)
            case .string(let s): return .integer(s.count)
            default: throw AWSError(parameter: "--query", "length() needs a list, an object or a string")
            }
        }
        if text.isEmpty || text == "@" { return value }
        var current: [JSONOutput] = [value]
        var projecting = false
        while !text.isEmpty {
            if text.hasPrefix(".") { text.removeFirst() }
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]") else { throw AWSError(parameter: "--query", "Bad jmespath expression: unclosed [") }
                let inside = String(text[text.index(after: text.startIndex)..<close])
                text = String(text[text.index(after: close)...])
                if inside.isEmpty || inside == "*" {
                    current = current.flatMap { v -> [JSONOutput] in if case .array(let a) = v { a } else { [] } }
                    projecting = true
                } else if let n = Int(inside) {
                    current = current.compactMap { v -> JSONOutput? in
                        guard case .array(let a) = v, !a.isEmpty else { return nil }
                        let i = n < 0 ? a.count + n : n
                        return a.indices.contains(i) ? a[i] : nil
                    }
                } else {
                    throw AWSError(parameter: "--query", "Bad jmespath expression: [\(inside)] is not supported here")
                }
                continue
            }
            let end = text.firstIndex(where: { $0 == "." || $0 == "[" }) ?? text.endIndex
            let key = String(text[..<end])
            text = String(text[end...])
            current = current.compactMap { v -> JSONOutput? in
                guard case .object(let m) = v else { return nil }
                return m.first(where: { $0.0 == key })?.1
            }
        }
        if projecting { return .array(current) }
        return current.first ?? .null
    }
}

/// `--output text`: scalars tab-separated, one record per line.
enum TextOutput {
    static func render(_ value: JSONOutput) -> String {
        var lines: [String] = []
        func scalar(_ v: JSONOutput) -> String? {
            switch v {
            case .string(let s): s
            case .integer(let n): String(n)
            case .number(let n): n
            case .bool(let b): b ? "True" : "False"
            case .null: "None"
            default: nil
            }
        }
        func walk(_ v: JSONOutput, label: String?) {
            switch v {
            case .object(let members):
                let scalars = members.compactMap { scalar($0.1) }
                if !scalars.isEmpty { lines.append(((label.map { [$0.uppercased()] } ?? []) + scalars).joined(separator: "\t")) }
                for (k, child) in members where scalar(child) == nil { walk(child, label: k) }
            case .array(let items):
                if items.allSatisfy({ scalar($0) != nil }) {
                    if !items.isEmpty { lines.append(((label.map { [$0.uppercased()] } ?? []) + items.compactMap(scalar)).joined(separator: "\t")) }
                } else {
                    for item in items { walk(item, label: label) }
                }
            default:
                lines.append(scalar(v) ?? "")
            }
        }
        walk(value, label: nil)
        return lines.joined(separator: "\n")
    }
}
