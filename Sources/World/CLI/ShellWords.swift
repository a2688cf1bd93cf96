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
        var scanner = OpenCommand()
        scanner.feed(text)
        return scanner.isComplete
    }

    /// A command typed over several lines, read one line at a time: each line is scanned once, so a
    /// paste of thousands of lines stays linear. It knows what is still open and where.
    ///
    /// ```swift
    /// var open = ShellWords.OpenCommand()
    /// open.feed("aws iam create-role --assume-role-policy-document '{")
    /// open.isComplete        // false
    /// open.openDescription   // "a ' quote opened at line 1, column 53 is still open"
    /// ```
    public struct OpenCommand: Sendable {
        /// Where something was opened: its character, line and column (from 1, in the command).
        public struct Opener: Sendable, Equatable {
            public var character: Character
            public var line: Int
            public var column: Int
        }

        private var quote: Opener?
        private var escaped = false
        private var depth = 0
        private var jsonString = false
        /// The braces and brackets still open, innermost last (for saying where).
        private var braces: [Opener] = []
        /// Lines fed so far.
        public private(set) var lines = 0
        /// Bytes fed so far (UTF-8).
        public private(set) var bytes = 0

        public init() {}

        /// Adds the next line (the first line, or one more after a newline).
        public mutating func feed(_ line: String) {
            if lines > 0 { scan("\n", column: 0) }
            lines += 1
            bytes += line.utf8.count + (lines > 1 ? 1 : 0)
            var column = 0
            for ch in line {
                if ch == "\n" {
                    lines += 1
                    column = 0
                    scan(ch, column: 0)
                    continue
                }
                column += 1
                scan(ch, column: column)
            }
        }

        private mutating func scan(_ ch: Character, column: Int) {
            if escaped {
                escaped = false
                return
            }
            if ch == "\\" {
                escaped = true
                return
            }
            if let q = quote {
                if ch == q.character {
                    quote = nil
                    return
                }
                // Inside single quotes a JSON document may be open: count its braces.
                if q.character == "'" {
                    if ch == "\"" { jsonString.toggle() }
                    if !jsonString { brace(ch, column: column) }
                }
                return
            }
            if ch == "'" || ch == "\"" {
                quote = Opener(character: ch, line: lines, column: column)
                jsonString = false
                return
            }
            brace(ch, column: column)
        }

        private mutating func brace(_ ch: Character, column: Int) {
            if ch == "{" || ch == "[" {
                depth += 1
                braces.append(Opener(character: ch, line: lines, column: column))
            }
            if ch == "}" || ch == "]" {
                depth -= 1
                if !braces.isEmpty { braces.removeLast() }
            }
        }

        /// No open quote, no trailing backslash, every brace and bracket closed.
        public var isComplete: Bool { quote == nil && !escaped && depth <= 0 }

        /// What keeps the command open, and where: `a ' quote opened at line 1, column 57 is still
        /// open`; nil when it is complete.
        public var openDescription: String? {
            if let q = quote { return "a \(q.character) quote opened at line \(q.line), column \(q.column) is still open" }
            if escaped { return "line \(lines) ends with a backslash, which continues it" }
            if depth > 0, let b = braces.last { return "a \(b.character) opened at line \(b.line), column \(b.column) is still open" }
            return nil
        }
    }
}
