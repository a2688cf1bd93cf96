import Policy

/// JMESPath, the language of `--query` (jmespath.org specification, as the AWS CLI's jmespath 1.x
/// implements it): identifiers, sub-expressions, indexes and slices, list, object and filter
/// projections, flattening, multi-select lists and hashes, literals, comparisons, `||`, `&&`, `!`,
/// pipes, `@`, and the built-in functions.
enum JMESPath {
    /// Why an expression failed, in the classes the compliance tests name.
    struct Failure: Error, Sendable, Equatable {
        enum Kind: String, Sendable {
            case syntax, invalidType = "invalid-type", invalidValue = "invalid-value", invalidArity = "invalid-arity", unknownFunction = "unknown-function"
        }
        var kind: Kind
        var message: String
    }

    indirect enum Node: Sendable {
        case current
        case field(String)
        case subexpression(Node, Node)
        case index(Int)
        case slice(Int?, Int?, Int?)
        case indexExpression(Node, Node)
        case projection(Node, Node)
        case valueProjection(Node, Node)
        case flatten(Node)
        case filterProjection(Node, Node, Node)
        case multiSelectList([Node])
        case multiSelectHash([(String, Node)])
        case literal(JSONOutput)
        case or(Node, Node)
        case and(Node, Node)
        case not(Node)
        case comparator(String, Node, Node)
        case pipe(Node, Node)
        case function(String, [Node])
        case expref(Node)
    }

    /// Evaluates `--query` on a response, refusing what the AWS CLI refuses in its words.
    static func evaluate(_ expression: String, on value: JSONOutput) throws(AWSError) -> JSONOutput {
        let node: Node
        do {
            node = try parse(expression)
        } catch {
            throw AWSError(config: "Bad value for --query \(expression): \(error.message)")
        }
        do {
            return try search(node, value)
        } catch {
            throw AWSError(config: error.message)
        }
    }

    static func parse(_ expression: String) throws(Failure) -> Node {
        var parser = Parser(tokens: try Lexer.tokens(expression), text: expression)
        let node = try parser.expression(0)
        guard parser.current.kind == .eof else { throw parser.unexpected() }
        return node
    }

    // MARK: lexer

    struct Token: Sendable {
        enum Kind: String, Sendable {
            case unquotedIdentifier, quotedIdentifier, number, literal, dot, star, lbracket, rbracket, lbrace, rbrace, comma, colon, pipe, or, and,
                not, lparen, rparen, current, expref, filter, flatten, eq, ne, lt, lte, gt, gte, eof
        }
        var kind: Kind
        var text: String = ""
        var number: Int = 0
        var value: JSONOutput = .null
        var position: Int
    }

    enum Lexer {
        static func tokens(_ text: String) throws(Failure) -> [Token] {
            let chars = Array(text.unicodeScalars)
            var out: [Token] = []
            var i = 0
            func error(_ message: String) -> Failure { Failure(kind: .syntax, message: "\(message) at column \(i)") }
            func isIdentStart(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
            func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
            /// The text up to the closing `delimiter`, skipping escaped characters (kept as written).
            func until(_ delimiter: Unicode.Scalar) throws(Failure) -> String {
                var s = String.UnicodeScalarView()
                i += 1
                while i < chars.count, chars[i] != delimiter {
                    if chars[i] == "\\", i + 1 < chars.count {
                        s.append(chars[i])
                        i += 1
                    }
                    s.append(chars[i])
                    i += 1
                }
                guard i < chars.count else { throw error("Unclosed \(delimiter) delimiter") }
                i += 1
                return String(s)
            }
            while i < chars.count {
                let c = chars[i]
                let start = i
                let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
                func simple(_ kind: Token.Kind, _ length: Int = 1) {
                    out.append(Token(kind: kind, text: String(String.UnicodeScalarView(chars[i..<min(chars.count, i + length)])), position: start))
                    i += length
                }
                switch c {
                case " ", "\t", "\n", "\r": i += 1
                case ".": simple(.dot)
                case "*": simple(.star)
                case "]": simple(.rbracket)
                case ",": simple(.comma)
                case ":": simple(.colon)
                case "@": simple(.current)
                case "(": simple(.lparen)
                case ")": simple(.rparen)
                case "{": simple(.lbrace)
                case "}": simple(.rbrace)
                case "[":
                    if next == "?" { simple(.filter, 2) } else if next == "]" { simple(.flatten, 2) } else { simple(.lbracket) }
                case "|": if next == "|" { simple(.or, 2) } else { simple(.pipe) }
                case "&": if next == "&" { simple(.and, 2) } else { simple(.expref) }
                case "<": if next == "=" { simple(.lte, 2) } else { simple(.lt) }
                case ">": if next == "=" { simple(.gte, 2) } else { simple(.gt) }
                case "!": if next == "=" { simple(.ne, 2) } else { simple(.not) }
                case "=":
                    guard next == "=" else { throw error("Unknown token '='") }
                    simple(.eq, 2)
                case "'":
                    let raw = try until("'").replacingAll("\\'", with: "'")
                    out.append(Token(kind: .literal, value: .string(raw), position: start))
                case "\"":
                    let body = try until("\"")
                    guard let node = try? JSONParser.parse("\"\(body)\""), let s = node.string else { throw error("Invalid quoted identifier") }
                    out.append(Token(kind: .quotedIdentifier, text: s, position: start))
                case "`":
                    let body = try until("`").replacingAll("\\`", with: "`")
                    if let node = try? JSONParser.parse(body) {
                        out.append(Token(kind: .literal, value: JSONOutput(node), position: start))
                    } else if let node = try? JSONParser.parse("\"\(body.trimmed { $0 == " " })\"") {
                        // jmespath 1.x still reads an unquoted string literal (deprecated).
                        out.append(Token(kind: .literal, value: JSONOutput(node), position: start))
                    } else {
                        throw error("Bad token `\(body)`")
                    }
                case "-", "0"..."9":
                    var j = i + 1
                    while j < chars.count, isDigit(chars[j]) { j += 1 }
                    let digits = String(String.UnicodeScalarView(chars[i..<j]))
                    guard digits != "-", let n = Int(digits) else { throw error("Unknown token '\(digits)'") }
                    out.append(Token(kind: .number, number: n, position: start))
                    i = j
                default:
                    guard isIdentStart(c) else { throw error("Unknown token '\(c)'") }
                    var j = i + 1
                    while j < chars.count, isIdentStart(chars[j]) || isDigit(chars[j]) { j += 1 }
                    out.append(Token(kind: .unquotedIdentifier, text: String(String.UnicodeScalarView(chars[i..<j])), position: start))
                    i = j
                }
            }
            out.append(Token(kind: .eof, position: chars.count))
            return out
        }
    }

    // MARK: parser (top-down operator precedence, as jmespath.py parses)

    struct Parser {
        let tokens: [Token]
        let text: String
        var index = 0

        static func bindingPower(_ kind: Token.Kind) -> Int {
            switch kind {
            case .pipe: 1
            case .or: 2
            case .and: 3
            case .eq, .ne, .lt, .lte, .gt, .gte: 5
            case .flatten: 9
            case .star: 20
            case .filter: 21
            case .dot: 40
            case .not: 45
            case .lbrace: 50
            case .lbracket: 55
            case .lparen: 60
            default: 0
            }
        }

        var current: Token { tokens[min(index, tokens.count - 1)] }
        func lookahead(_ n: Int) -> Token { tokens[min(index + n, tokens.count - 1)] }
        mutating func advance() { index += 1 }

        /// jmespath's own words: an incomplete expression, or the token it could not take (and
        /// what it expected), with a caret under its column.
        func unexpected(expecting: Token.Kind? = nil) -> Failure {
            let t = current
            let underline = String(repeating: " ", count: t.position + 1) + "^"
            if t.kind == .eof {
                return Failure(kind: .syntax, message: "Invalid jmespath expression: Incomplete expression:\n\"\(text)\"\n\(underline)")
            }
            func snake(_ kind: Token.Kind) -> String { kind.rawValue.reduce(into: "") { out, c in out += c.isUppercase ? "_" + c.lowercased() : String(c) } }
            let reason = expecting.map { "Expecting: \(snake($0)), got: \(snake(t.kind))" } ?? "invalid token"
            return Failure(
                kind: .syntax,
                message:
                    "\(reason): Parse error at column \(t.position), token \"\(t.text)\" (\(snake(t.kind).uppercased())), for expression:\n\"\(text)\"\n\(underline)"
            )
        }

        mutating func match(_ kind: Token.Kind) throws(Failure) {
            guard current.kind == kind else { throw unexpected(expecting: kind) }
            advance()
        }

        /// How deeply expressions nest; bounded, so a hostile query cannot exhaust the stack.
        var depth = 0
        static let maximumDepth = 256

        mutating func expression(_ power: Int) throws(Failure) -> Node {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else {
                throw Failure(kind: .syntax, message: "Invalid jmespath expression: nested more than \(Self.maximumDepth) levels deep")
            }
            let token = current
            advance()
            var left = try nud(token)
            while power < Self.bindingPower(current.kind) {
                let token = current
                advance()
                left = try led(token, left)
            }
            return left
        }

        mutating func nud(_ token: Token) throws(Failure) -> Node {
            switch token.kind {
            case .literal: return .literal(token.value)
            case .unquotedIdentifier: return .field(token.text)
            case .quotedIdentifier:
                if current.kind == .lparen { throw Failure(kind: .syntax, message: "Quoted identifier not allowed for function names.") }
                return .field(token.text)
            case .star:
                let right: Node = current.kind == .rbracket ? .current : try projectionRHS(Self.bindingPower(.star))
                return .valueProjection(.current, right)
            case .filter: return try led(token, .current)
            case .lbrace: return try multiSelectHash()
            case .lparen:
                let node = try expression(0)
                try match(.rparen)
                return node
            case .flatten:
                let right = try projectionRHS(Self.bindingPower(.flatten))
                return .projection(.flatten(.current), right)
            case .not: return .not(try expression(Self.bindingPower(.not)))
            case .lbracket:
                if current.kind == .number || current.kind == .colon {
                    return try projectIfSlice(.current, try indexExpression())
                }
                if current.kind == .star && lookahead(1).kind == .rbracket {
                    advance()
                    advance()
                    return .projection(.current, try projectionRHS(Self.bindingPower(.star)))
                }
                return try multiSelectList()
            case .current: return .current
            case .expref: return .expref(try expression(0))
            default:
                index -= 1
                throw unexpected()
            }
        }

        mutating func led(_ token: Token, _ left: Node) throws(Failure) -> Node {
            switch token.kind {
            case .dot:
                if current.kind != .star { return .subexpression(left, try dotRHS(Self.bindingPower(.dot))) }
                advance()
                return .valueProjection(left, try projectionRHS(Self.bindingPower(.dot)))
            case .pipe: return .pipe(left, try expression(Self.bindingPower(.pipe)))
            case .or: return .or(left, try expression(Self.bindingPower(.or)))
            case .and: return .and(left, try expression(Self.bindingPower(.and)))
            case .lparen:
                guard case .field(let name) = left else {
                    index -= 1
                    throw unexpected()
                }
                var args: [Node] = []
                while current.kind != .rparen {
                    args.append(try expression(0))
                    if current.kind == .comma { try match(.comma) }
                }
                try match(.rparen)
                return .function(name, args)
            case .filter:
                let condition = try expression(0)
                try match(.rbracket)
                let right: Node = current.kind == .flatten ? .current : try projectionRHS(Self.bindingPower(.filter))
                return .filterProjection(left, right, condition)
            case .eq, .ne, .lt, .lte, .gt, .gte:
                return .comparator(token.kind.rawValue, left, try expression(Self.bindingPower(token.kind)))
            case .flatten:
                return .projection(.flatten(left), try projectionRHS(Self.bindingPower(.flatten)))
            case .lbracket:
                if current.kind == .number || current.kind == .colon {
                    return try projectIfSlice(left, try indexExpression())
                }
                try match(.star)
                try match(.rbracket)
                return .projection(left, try projectionRHS(Self.bindingPower(.star)))
            default:
                index -= 1
                throw unexpected()
            }
        }

        mutating func indexExpression() throws(Failure) -> Node {
            if current.kind == .colon || lookahead(1).kind == .colon {
                var parts: [Int?] = [nil, nil, nil]
                var position = 0
                while current.kind != .rbracket && position < 3 {
                    if current.kind == .colon {
                        position += 1
                        if position == 3 { throw unexpected() }
                        advance()
                    } else if current.kind == .number {
                        parts[position] = current.number
                        advance()
                    } else {
                        throw unexpected()
                    }
                }
                try match(.rbracket)
                return .slice(parts[0], parts[1], parts[2])
            }
            let n = current.number
            try match(.number)
            try match(.rbracket)
            return .index(n)
        }

        mutating func projectIfSlice(_ left: Node, _ right: Node) throws(Failure) -> Node {
            let node = Node.indexExpression(left, right)
            if case .slice = right { return .projection(node, try projectionRHS(Self.bindingPower(.star))) }
            return node
        }

        mutating func projectionRHS(_ power: Int) throws(Failure) -> Node {
            if Self.bindingPower(current.kind) < 10 { return .current }
            switch current.kind {
            case .lbracket, .filter: return try expression(power)
            case .dot:
                advance()
                return try dotRHS(power)
            default: throw unexpected()
            }
        }

        mutating func dotRHS(_ power: Int) throws(Failure) -> Node {
            switch current.kind {
            case .quotedIdentifier, .unquotedIdentifier, .star: return try expression(power)
            case .lbracket:
                advance()
                return try multiSelectList()
            case .lbrace:
                advance()
                return try multiSelectHash()
            default: throw unexpected()
            }
        }

        mutating func multiSelectList() throws(Failure) -> Node {
            var nodes: [Node] = []
            while true {
                nodes.append(try expression(0))
                if current.kind == .rbracket { break }
                try match(.comma)
            }
            try match(.rbracket)
            return .multiSelectList(nodes)
        }

        mutating func multiSelectHash() throws(Failure) -> Node {
            var pairs: [(String, Node)] = []
            while true {
                let key = current
                guard key.kind == .quotedIdentifier || key.kind == .unquotedIdentifier else { throw unexpected() }
                advance()
                try match(.colon)
                pairs.append((key.text, try expression(0)))
                if current.kind == .comma {
                    advance()
                } else {
                    try match(.rbrace)
                    break
                }
            }
            return .multiSelectHash(pairs)
        }
    }
}
