/// How output looks: colour only on a terminal that wants it, and never the only signal.
public struct Style: Sendable {
    public var color: Bool
    /// `--plain`: no colour, no box drawing, ✓/✗ also as words, prose instead of diagrams.
    public var plain: Bool
    public var width: Int

    public init(color: Bool = false, plain: Bool = false, width: Int = 100) {
        self.color = color && !plain
        self.plain = plain
        self.width = max(40, width)
    }

    public func red(_ s: String) -> String { color ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    public func green(_ s: String) -> String { color ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
    public func yellow(_ s: String) -> String { color ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
    public func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }

    public var yes: String { plain ? "ALLOWED" : "✓ allowed" }
    public var no: String { plain ? "DENIED" : "✗ denied" }
    public var arrow: String { plain ? "->" : "→" }

    /// Wraps prose to the width, keeping an indent on following lines.
    public func wrap(_ text: String, indent: String = "") -> String {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lead = String(paragraph.prefix(while: { $0 == " " }))
            // A list item (`a) …`, `1. …`, `- …`) hangs under its text, not under its marker.
            let hanging = indent.isEmpty ? lead + String(repeating: " ", count: Self.marker(paragraph.dropFirst(lead.count))) : indent
            var line = lead
            for word in paragraph.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false) {
                if line.count > lead.count && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = hanging + word
                } else {
                    line += (line.count == lead.count ? "" : " ") + word
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The width of a list marker opening `text` with its space (`a) `, `12. `, `- `), or 0.
    static func marker(_ text: Substring) -> Int {
        if text.hasPrefix("- ") || text.hasPrefix("• ") { return 2 }
        let label = text.prefix(while: { $0.isLetter || $0.isNumber })
        guard (1...2).contains(label.count) else { return 0 }
        let rest = text.dropFirst(label.count)
        return rest.hasPrefix(") ") || (label.allSatisfy(\.isNumber) && rest.hasPrefix(". ")) ? label.count + 2 : 0
    }
}
