/// Splits a command line into words as a POSIX shell would for the quoting a learner uses:
/// single quotes keep everything literal, double quotes allow `\"` and `\\`, a backslash outside
/// quotes escapes the next character. `#` at the start of a word begins a comment.
public enum ShellWords {
    public enum Failure: Error, Equatable, Sendable {
        /// A quote is still open: the line continues (the REPL asks for more).
        case unterminatedQuote(Character)
    }

    public static func split(_ line: String) throws(Failure) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for ch in line {
            if escaped {
                if quote == "\"" && ch != "\"" && ch != "\\" && ch != "$" && ch != "`" && ch != "\n" { current.append("\\") }
                if ch != "\n" { current.append(ch) }
                escaped = false
                inWord = true
                continue
            }
            if let q = quote {
                if ch == q {
                    quote = nil
                } else if ch == "\\" && q == "\"" {
                    escaped = true
                } else {
                    current.append(ch)
                }
                continue
            }
            switch ch {
            case "'", "\"":
                quote = ch
                inWord = true
            case "\\":
                escaped = true
            case " ", "\t", "\n", "\r":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "#" where !inWord:
                return words
            default:
                current.append(ch)
                inWord = true
            }
        }
        if let q = quote { throw .unterminatedQuote(q) }
        if inWord || escaped { words.append(current) }
        return words
    }

    /// Whether the text is a complete command: no open quote, no trailing backslash, and every
    /// JSON brace and bracket outside quotes closed.
    public static func isComplete(_ text: String) -> Bool {
        var quote: Character?
        var escaped = false
        var depth = 0
        var jsonString = false
        for ch in text {
            if escaped {
                escaped = false
                continue
            }
            if ch == "\\" {
                escaped = true
                continue
            }
            if let q = quote {
                if ch == q { quote = nil; continue }
                // Inside single quotes a JSON document may be open: count its braces.
                if q == "'" {
                    if ch == "\"" { jsonString.toggle() }
                    if !jsonString && (ch == "{" || ch == "[") { depth += 1 }
                    if !jsonString && (ch == "}" || ch == "]") { depth -= 1 }
                }
                continue
            }
            if ch == "'" || ch == "\"" {
                quote = ch
                jsonString = false
                continue
            }
            if ch == "{" || ch == "[" { depth += 1 }
            if ch == "}" || ch == "]" { depth -= 1 }
        }
        return quote == nil && !escaped && depth <= 0
    }
}
