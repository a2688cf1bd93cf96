import Policy
import Synchronization

/// What the AWS CLI knows of an operation before sending it, from its command table and
/// botocore's service model (generated into `ServiceModelData.swift` by `.ci/models/generate.py`):
/// its arguments, the members botocore requires, and the members the CLI prints.
/// Read on first use, not at start-up.
public struct ServiceModel: Sendable {
    public struct Argument: Sendable {
        public enum Kind: Character, Sendable {
            case string = "s", integer = "i", boolean = "b", negatedBoolean = "n", list = "l", structure = "S", map = "m", blob = "B"
            case timestamp = "t", double = "d", positional = "p"
        }
        /// `--user-name`.
        public var flag: String
        public var kind: Kind
        /// Whether the CLI itself requires it (`aws: error: the following arguments are required: …`).
        public var required: Bool
        /// The model member it fills (`UserName`), nil for the CLI's own arguments (`--outfile`).
        public var member: String?
        /// The member's minimum: a length for strings and lists, a value for numbers.
        public var minimum: Int?
        /// What the service itself checks (IAM and STS): the maximum length or value, the
        /// pattern the whole value must match, the values allowed.
        public var maximum: Int?
        public var pattern: String?
        public var allowed: [String]?
        /// A sensitive value (a password): the service's errors do not repeat it.
        public var sensitive = false
        /// For a list of structures: each item's string members, whether botocore requires
        /// them, and their minimum lengths.
        public var itemMembers: [(name: String, required: Bool, minimum: Int?)]?
    }

    /// A member of the printed output: its name, whether the model requires it, and its members.
    public indirect enum Shape: Sendable, Equatable {
        /// A string, number, boolean or time.
        case scalar
        /// Anything (maps, and shapes that contain themselves).
        case any
        case structure([Member])
        case list(Shape)
    }

    public struct Member: Sendable, Equatable {
        public var name: String
        public var required: Bool
        public var shape: Shape
    }

    public var service: String
    public var name: String
    public var api: String
    public var arguments: [Argument]
    /// Members the model requires that the CLI does not require by itself, with the flags that fill them.
    public var requiredMembers: [(member: String, flags: [String])]
    /// What the CLI prints: the output's members (the pagination tokens dropped), in order.
    public var output: [Member]
    /// For an operation the CLI pages: the member that says more results remain (IAM's
    /// `IsTruncated`), and every member of the service's answer in the model's order.
    public var paging: (moreResults: String?, members: [String])?

    /// The answer as `--no-paginate` prints it: the service's one page as it sent it, in the
    /// model's order, members it did not send left out, and no more results to come
    /// (`"IsTruncated": false`; checked against aws-cli 1.45.11 with a local endpoint).
    public func unpaged(_ answer: JSONOutput) -> JSONOutput {
        guard let paging, case .object(let members) = answer else { return answer }
        var out: [(String, JSONOutput)] = []
        for name in paging.members {
            if let value = members.first(where: { $0.0 == name })?.1 {
                if case .null = value { continue }
                out.append((name, value))
            } else if name == paging.moreResults {
                out.append((name, .bool(false)))
            }
        }
        return .object(out)
    }

    /// The model of `aws SERVICE NAME`, if the package has one. Only its own block of the data is
    /// read, the first time it is asked for (the first prompt runs a few commands and must not pay
    /// for all 271).
    public static func operation(_ service: String, _ name: String) -> ServiceModel? {
        let key = "\(service) \(name)"
        if let known = parsed.withLock({ $0[key] }) { return known }
        guard let block = blocks[key], let model = parse(block.split(separator: "\n", omittingEmptySubsequences: true))[key] else { return nil }
        parsed.withLock { $0[key] = model }
        return model
    }

    /// The models read so far, by `SERVICE NAME`.
    static let parsed = Mutex<[String: ServiceModel]>([:])

    /// Every operation with a model, by `SERVICE NAME` (all read at once: for tests).
    public static var all: [String: ServiceModel] {
        parse(blocks.keys.sorted().flatMap { blocks[$0]!.split(separator: "\n", omittingEmptySubsequences: true) })
    }

    static func parse(_ lines: [Substring]) -> [String: ServiceModel] {
        var out: [String: ServiceModel] = [:]
        var current: ServiceModel?
        func flush() {
            if let c = current { out["\(c.service) \(c.name)"] = c }
        }
        for raw in lines {
            let line = raw.drop { $0 == " " }
            let words = line.split(separator: " ").map(String.init)
            guard let tag = words.first else { continue }
            switch tag {
            case "op" where words.count == 4:
                flush()
                current = ServiceModel(service: words[1], name: words[2], api: words[3], arguments: [], requiredMembers: [], output: [])
            case "a" where words.count == 6:
                guard let kind = words[2].first.flatMap(Argument.Kind.init(rawValue:)) else { continue }
                current?.arguments.append(
                    Argument(flag: words[1], kind: kind, required: words[3] == "r", member: words[4] == "-" ? nil : words[4], minimum: Int(words[5])))
            case "x" where words.count == 3:
                current?.setConstraint(on: words[1]) { $0.maximum = Int(words[2]) }
            case "r" where words.count >= 3:
                let pattern = String(line.dropFirst(2).drop { $0 != " " }.dropFirst())
                current?.setConstraint(on: words[1]) { $0.pattern = pattern }
            case "e" where words.count == 3:
                current?.setConstraint(on: words[1]) { $0.allowed = words[2].split(separator: "|").map(String.init) }
            case "s" where words.count == 3:
                let members = words[2].split(separator: ",").map { spec in
                    let name = String(spec.prefix { $0 != "!" && !$0.isNumber })
                    return (name: name, required: spec.contains("!"), minimum: Int(spec.drop { !$0.isNumber }))
                }
                current?.setConstraint(on: words[1]) { $0.itemMembers = members }
            case "h" where words.count == 3:
                current?.setConstraint(on: words[1]) { $0.sensitive = true }
            case "g" where words.count == 3:
                current?.paging = (words[1] == "-" ? nil : words[1], words[2].split(separator: ",").map(String.init))
            case "q" where words.count == 3:
                current?.requiredMembers.append((words[1], words[2] == "-" ? [] : words[2].split(separator: ",").map(String.init)))
            case "o":
                var reader = ShapeReader(text: Array(line.dropFirst(2)))
                if case .structure(let members) = reader.shape() { current?.output = members }
            default:
                continue
            }
        }
        flush()
        return out
    }

    mutating func setConstraint(on member: String, _ set: (inout Argument) -> Void) {
        for i in arguments.indices where arguments[i].member == member { set(&arguments[i]) }
    }

    /// Reads `{Name!{…},Other[…],Any*}`.
    struct ShapeReader {
        let text: [Character]
        var i = 0

        mutating func shape() -> Shape {
            guard i < text.count else { return .scalar }
            switch text[i] {
            case "{":
                i += 1
                var members: [Member] = []
                while i < text.count, text[i] != "}" {
                    var name = ""
                    while i < text.count, !"!{}[],*".contains(text[i]) {
                        name.append(text[i])
                        i += 1
                    }
                    var required = false
                    if i < text.count, text[i] == "!" {
                        required = true
                        i += 1
                    }
                    members.append(Member(name: name, required: required, shape: shape()))
                    if i < text.count, text[i] == "," { i += 1 }
                }
                i += 1
                return .structure(members)
            case "[":
                i += 1
                let element = shape()
                if i < text.count, text[i] == "]" { i += 1 }
                return .list(element)
            case "*":
                i += 1
                return .any
            default:
                return .scalar
            }
        }
    }
}

extension World {
    /// Refuses, before anything is sent, what the AWS CLI and botocore refuse: a missing argument
    /// the CLI requires, an unknown option, a number that does not parse, and (botocore's
    /// `Parameter validation failed:`) a missing required member or a value below its minimum.
    /// - Parameters:
    ///   - given: the flags given, with their values; `positionals`: how many positional arguments.
    ///   - unknown: the CLI's error for options it does not know, said after the missing ones.
    ///   - fromInputJSON: `--cli-input-json` was given: the CLI requires no option, and botocore
    ///     names the required members still missing.
    ///   - inputProblems: what botocore found wrong with the JSON's members.
    static func validate(
        _ model: ServiceModel, given: [String: String], positionals: Int, unknown: AWSError?, fromInputJSON: Bool = false, inputProblems: [String] = []
    ) throws(AWSError) {
        var missing: [String] = []
        var missingMembers: [String] = []
        var positional = 0
        for argument in model.arguments where argument.required {
            if argument.kind == .positional {
                positional += 1
                if positionals < positional { missing.append(String(argument.flag.dropFirst(2))) }
            } else if given[argument.flag] == nil {
                if fromInputJSON, let member = argument.member {
                    missingMembers.append("Missing required parameter in input: \"\(member)\"")
                } else {
                    missing.append(argument.flag)
                }
            }
        }
        if !missing.isEmpty { throw AWSError(usage: "the following arguments are required: \(missing.joined(separator: ", "))") }
        if let unknown { throw unknown }
        for argument in model.arguments where argument.kind == .integer {
            if let value = given[argument.flag], Call.pythonInteger(value) == nil {
                throw AWSError(plain: "invalid literal for int() with base 10: '\(value)'")
            }
        }
        var problems: [String] = missingMembers
        for (member, flags) in model.requiredMembers where !flags.contains(where: { given[$0] != nil }) {
            problems.append("Missing required parameter in input: \"\(member)\"")
        }
        problems += inputProblems
        for argument in model.arguments {
            guard let member = argument.member, let value = given[argument.flag] else { continue }
            if let spec = argument.itemMembers {
                problems += itemProblems(value.split(separator: "\u{1F}").map(String.init), spec, member: member)
            }
            guard let minimum = argument.minimum else { continue }
            switch argument.kind {
            case .string where value.count < minimum:
                problems.append("Invalid length for parameter \(member), value: \(value.count), valid min length: \(minimum)")
            case .integer:
                if let n = Call.pythonInteger(value), n < minimum {
                    problems.append("Invalid value for parameter \(member), value: \(n), valid min value: \(minimum)")
                }
            case .list:
                let count = value.split(separator: "\u{1F}", omittingEmptySubsequences: false).count
                if count < minimum { problems.append("Invalid length for parameter \(member), value: \(count), valid min length: \(minimum)") }
            default:
                continue
            }
        }

        if !problems.isEmpty { throw AWSError(validation: problems.joined(separator: "\n")) }
    }
}

extension Call {
    /// A number as the CLI reads it (Python's `int()`): spaces around it, a sign, digits with
    /// single underscores between them. A number beyond 64 bits is kept at the nearest bound
    /// (the service then refuses it as out of range).
    static func pythonInteger(_ text: String) -> Int? {
        var s = Substring(text).drop { $0 == " " || $0 == "\t" }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        var negative = false
        if let sign = s.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            s = s.dropFirst()
        }
        guard let first = s.first, first.isASCII, first.isNumber, let last = s.last, last.isASCII, last.isNumber,
            !s.contains("__"), s.allSatisfy({ $0 == "_" || ($0.isASCII && $0.isNumber) })
        else { return nil }
        var value = 0
        for c in s where c != "_" {
            let d = Int(c.asciiValue! - 48)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (n, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return negative ? Int.min : Int.max }
            value = n
        }
        return value
    }
}

extension World {
    /// What botocore finds wrong in the items of a list of structures written in the CLI's
    /// shorthand (`Key=team,Value=dev`): `Missing required parameter in Tags[0]: "Value"`,
    /// `Invalid length for parameter Tags[0].Key, value: 0, valid min length: 1`. Items in JSON
    /// or with nested values are left to the operation.
    static func itemProblems(_ items: [String], _ spec: [(name: String, required: Bool, minimum: Int?)], member: String) -> [String] {
        var problems: [String] = []
        for (i, item) in items.enumerated() {
            guard !item.contains(where: { "[]{}\"".contains($0) }) else { continue }
            var fields: [String: String] = [:]
            var pairs: [(String, String)] = []
            for pair in item.split(separator: ",", omittingEmptySubsequences: false) {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard kv.count == 2 else { return problems }
                if fields[kv[0]] == nil { pairs.append((kv[0], kv[1])) }
                fields[kv[0]] = kv[1]
            }
            for field in spec where field.required && fields[field.name] == nil {
                problems.append("Missing required parameter in \(member)[\(i)]: \"\(field.name)\"")
            }
            // Then each member given, in the order given: unknown ones, and minimum lengths.
            for (name, value) in pairs {
                guard let field = spec.first(where: { $0.name == name }) else {
                    problems.append("Unknown parameter in \(member)[\(i)]: \"\(name)\", must be one of: \(spec.map(\.name).joined(separator: ", "))")
                    continue
                }
                if let minimum = field.minimum, value.count < minimum {
                    problems.append("Invalid length for parameter \(member)[\(i)].\(field.name), value: \(value.count), valid min length: \(minimum)")
                }
            }
        }
        return problems
    }

    /// What IAM, STS and Lambda check of a request before acting on it, from their models: each value's
    /// maximum length or value, the pattern it must match whole, the values allowed; said as
    /// the services say it (`1 validation error detected: Value 'a b' at 'userName' failed to
    /// satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`).
    static func checkConstraints(_ call: Call) throws(AWSError) {
        guard ["iam", "sts", "lambda"].contains(call.operation.service), let model = ServiceModel.operation(call.operation.service, call.operation.name)
        else { return }
        var problems: [String] = []
        for argument in model.arguments {
            guard let member = argument.member, let value = call.values[argument.flag] else { continue }
            let shown = argument.sensitive ? "Value" : "Value '\(value)'"
            let at = "\(shown) at '\(member.prefix(1).lowercased() + member.dropFirst())' failed to satisfy constraint: Member must"
            // STS names a value's pattern before its length (as seen for tokenCode: "2 validation
            // errors detected: … pattern: [\d]*; … length less than or equal to 6").
            if let pattern = argument.pattern, argument.kind == .string, !matches(value, pattern) {
                problems.append("\(at) satisfy regular expression pattern: \(pattern)")
            }
            if let maximum = argument.maximum {
                if argument.kind == .integer, let n = Call.pythonInteger(value), n > maximum {
                    problems.append("\(at) have value less than or equal to \(maximum)")
                } else if argument.kind == .string, value.count > maximum {
                    problems.append("\(at) have length less than or equal to \(maximum)")
                }
            }
            if let allowed = argument.allowed, !allowed.contains(value) {
                problems.append("\(at) satisfy enum value set: [\(allowed.joined(separator: ", "))]")
            }
        }
        guard !problems.isEmpty else { return }
        let count = problems.count == 1 ? "1 validation error detected" : "\(problems.count) validation errors detected"
        // IAM and STS (the query protocol) name the error ValidationError; Lambda ValidationException.
        let code: AWSErrorCode = call.operation.service == "lambda" ? .validationException : .validationError
        throw AWSError(code, "\(count): \(problems.joined(separator: "; "))", operation: call.api)
    }

    /// Whether the whole value matches a model's pattern (Java's syntax: `\w` and `\d` are ASCII).
    /// Most of the models' patterns are one character class repeated (`[\w+=,.@-]+`): those are
    /// checked scalar by scalar, without compiling a regular expression (which would cost the first
    /// prompt more than the rest of its commands); the others, and values with characters of
    /// more than one scalar, go to `Regex`.
    static func matches(_ value: String, _ pattern: String) -> Bool {
        if let repeated = RepeatedClass(pattern), value.unicodeScalars.count == value.count {
            return repeated.matches(value)
        }
        guard let regex = try? Regex(pattern).asciiOnlyWordCharacters().asciiOnlyDigits() else { return true }
        return (try? regex.wholeMatch(in: value)) != nil
    }

    /// A pattern `[SET]+` or `[SET]*` whose set is literal characters, escaped ones, ranges,
    /// `\w`, `\d` and `\uXXXX`: nil for anything else.
    struct RepeatedClass {
        var ranges: [ClosedRange<UInt32>] = []
        var allowsEmpty: Bool

        init?(_ pattern: String) {
            let scalars = Array(pattern.unicodeScalars)
            guard scalars.count >= 3, scalars[0] == "[", scalars[scalars.count - 2] == "]", scalars.last == "+" || scalars.last == "*" else { return nil }
            allowsEmpty = scalars.last == "*"
            let body = scalars[1..<(scalars.count - 2)]
            guard body.first != "^", !body.contains("["), !body.contains("]") else { return nil }
            // Each item: a single scalar (which may bound a range), a set, or an unescaped `-`.
            enum Item {
                case single(UInt32)
                case set([ClosedRange<UInt32>])
                case dash
            }
            var items: [Item] = []
            var i = body.startIndex
            while i < body.endIndex {
                let c = body[i]
                guard c == "\\" else {
                    items.append(c == "-" ? .dash : .single(c.value))
                    i += 1
                    continue
                }
                guard i + 1 < body.endIndex else { return nil }
                let e = body[i + 1]
                switch e {
                case "w": items.append(.set([48...57, 65...90, 95...95, 97...122]))
                case "d": items.append(.set([48...57]))
                case "u":
                    // Java reads four hex digits; a fifth right after is left to `Regex`.
                    let hex = body[(i + 2)...].prefix(5)
                    guard hex.prefix(4).count == 4, hex.prefix(4).allSatisfy(\.properties.isASCIIHexDigit),
                        hex.count < 5 || !hex.last!.properties.isASCIIHexDigit,
                        let v = UInt32(String(String.UnicodeScalarView(hex.prefix(4))), radix: 16)
                    else { return nil }
                    items.append(.single(v))
                    i += 4
                default:
                    // An escaped punctuation mark is itself; other escapes (`\s`, `\p{…}`) go to `Regex`.
                    guard e.isASCII, !e.properties.isAlphabetic, !e.properties.isASCIIHexDigit else { return nil }
                    items.append(.single(e.value))
                }
                i += 2
            }
            var k = 0
            while k < items.count {
                if k + 2 < items.count, case .single(let low) = items[k], case .dash = items[k + 1], case .single(let high) = items[k + 2] {
                    guard low <= high else { return nil }
                    ranges.append(low...high)
                    k += 3
                    continue
                }
                switch items[k] {
                case .single(let v): ranges.append(v...v)
                case .set(let set): ranges += set
                // A `-` first or last (or after a range) is itself.
                case .dash: ranges.append(0x2D...0x2D)
                }
                k += 1
            }
        }

        func matches(_ value: String) -> Bool {
            if value.isEmpty { return allowsEmpty }
            return value.unicodeScalars.allSatisfy { scalar in ranges.contains { $0.contains(scalar.value) } }
        }
    }
}
