import Policy

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
