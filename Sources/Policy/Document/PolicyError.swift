/// Why a policy document was refused, in the spirit of AWS's `MalformedPolicyDocument`, with the
/// place named three ways: the JSON path, the line and column, and (when rendered) the line itself.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case syntax = "invalid JSON"
        case unknownElement = "unknown element"
        case missingElement = "missing element"
        case conflictingElements = "conflicting elements"
        case prohibitedElement = "element not allowed here"
        case duplicateElement = "duplicate element"
        case invalidType = "wrong type"
        case invalidValue = "invalid value"
        case emptyElement = "empty element"
        case duplicateSid = "duplicate Sid"
        case unknownOperator = "unknown condition operator"
    }

    public var code: Code
    /// What is wrong, lower-case, no trailing period.
    public var message: String
    /// Where in the document, e.g. `Statement[1].Condition.StringEqual`; empty for the whole document.
    public var path: String
    /// Line and column of the offending text.
    public var position: SourcePosition
    /// How to fix it, when there is one clear way.
    public var fix: String?

    public init(_ code: Code, _ message: String, path: String, position: SourcePosition, fix: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.position = position
        self.fix = fix
    }

    /// One line: `MalformedPolicyDocument: Statement[0].Effect (1:30): ...`.
    public var description: String {
        let place = path.isEmpty ? "\(position)" : "\(path) (\(position))"
        return "MalformedPolicyDocument: \(place): \(message)" + (fix.map { "; \($0)" } ?? "")
    }

    /// A rustc-style block naming the file, the line with a caret under the column, and the fix.
    ///
    /// ```text
    /// error: MalformedPolicyDocument: Statement[0].Effect: "Alow" is not a valid Effect
    ///   --> policy.json:3:15
    ///    |
    ///  3 |     "Effect": "Alow",
    ///    |               ^
    ///    = fix: write "Allow" or "Deny" (the case matters)
    /// ```
    public func rendered(source: SourceText, name: String) -> String {
        let place = path.isEmpty ? "" : "\(path): "
        let gutter = String(repeating: " ", count: String(position.line).count)
        let text = source.line(position.line)
        var caretPad = ""
        for (i, ch) in text.enumerated() where i < position.column - 1 {
            caretPad.append(ch == "\t" ? "\t" : " ")
        }
        var lines = [
            "error: MalformedPolicyDocument: \(place)\(message)",
            "\(gutter)--> \(name):\(position.line):\(position.column)",
            "\(gutter) |",
            "\(position.line) | \(text)",
            "\(gutter) | \(caretPad)^",
        ]
        if let fix { lines.append("\(gutter) = fix: \(fix)") }
        return lines.joined(separator: "\n")
    }
}

/// "Did you mean …?" by edit distance, shared by every place that names a valid alternative.
public enum Suggestion {
    /// The candidate closest to `word` (case-insensitively), if it is close enough to be a likely typo.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(w, Array(candidate.lowercased()))
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (name, d) = best else { return nil }
        // A "suggestion" that replaces every character is none (`a` is not a typo of `?`).
        return d <= max(1, min(3, w.count / 3)) && d < w.count ? name : nil
    }

    /// Levenshtein distance between two character arrays.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var row = previous
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }
}
