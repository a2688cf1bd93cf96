import Policy

extension JMESPath {
    /// The built-in functions (jmespath.org specification, "Built-in Functions"), their arity and
    /// argument types checked as the specification asks.
    static func call(_ name: String, _ args: [Value]) throws(Failure) -> JSONOutput {
        func arity(_ n: Int, variadic: Bool = false) throws(Failure) {
            if variadic ? args.count < n : args.count != n {
                throw Failure(
                    kind: .invalidArity,
                    message: "Expected \(variadic ? "at least " : "")\(n) argument\(n == 1 ? "" : "s") for function \(name)(), received \(args.count)")
            }
        }
        func bad(_ v: JSONOutput?, _ expected: String) -> Failure {
            Failure(
                kind: .invalidType,
                message:
                    "In function \(name)(), invalid type for value: \(v?.compact ?? "expression"), expected one of: [\(expected)], received: \"\(v.map(typeName) ?? "expref")\""
            )
        }
        func json(_ i: Int) -> JSONOutput? {
            if case .json(let v) = args[i] { return v }
            return nil
        }
        func num(_ i: Int) throws(Failure) -> Double {
            guard let v = json(i), let d = number(v) else { throw bad(json(i), "'number'") }
            return d
        }
        func str(_ i: Int) throws(Failure) -> String {
            guard case .string(let s)? = json(i) else { throw bad(json(i), "'string'") }
            return s
        }
        func list(_ i: Int) throws(Failure) -> [JSONOutput] {
            guard case .array(let a)? = json(i) else { throw bad(json(i), "'array'") }
            return a
        }
        func object(_ i: Int) throws(Failure) -> [(String, JSONOutput)] {
            guard case .object(let m)? = json(i) else { throw bad(json(i), "'object'") }
            return m
        }
        func expref(_ i: Int) throws(Failure) -> Node {
            guard case .expref(let n) = args[i] else { throw bad(json(i), "'expref'") }
            return n
        }
        func numbers(_ i: Int) throws(Failure) -> [JSONOutput] {
            let a = try list(i)
            guard a.allSatisfy({ number($0) != nil }) else { throw bad(json(i), "'array-number'") }
            return a
        }
        /// An array of numbers or an array of strings (what max, min and sort take).
        func comparable(_ a: [JSONOutput], _ shown: JSONOutput?) throws(Failure) -> Bool {
            if a.allSatisfy({ number($0) != nil }) { return true }
            if a.allSatisfy({ if case .string = $0 { true } else { false } }) { return false }
            throw bad(shown, "'array-number', 'array-string'")
        }
        func order(_ a: JSONOutput, _ b: JSONOutput, numeric: Bool) -> Bool {
            if numeric { return (number(a) ?? 0) < (number(b) ?? 0) }
            if case .string(let x) = a, case .string(let y) = b { return less(x, y) }
            return false
        }
        /// The keys an expression gives for each element: all numbers or all strings.
        func keys(_ elements: [JSONOutput], _ by: Node) throws(Failure) -> (keys: [JSONOutput], numeric: Bool) {
            var keys: [JSONOutput] = []
            for e in elements { keys.append(try search(by, e)) }
            guard !keys.isEmpty else { return ([], true) }
            if keys.allSatisfy({ number($0) != nil }) { return (keys, true) }
            if keys.allSatisfy({ if case .string = $0 { true } else { false } }) { return (keys, false) }
            throw bad(keys.first { number($0) == nil && typeName($0) != "string" } ?? keys[0], "'number', 'string'")
        }

        switch name {
        case "abs":
            try arity(1)
            let d = try num(0)
            return numberJSON(abs(d), integral: isInteger(json(0)!))
        case "avg":
            try arity(1)
            let a = try numbers(0)
            guard !a.isEmpty else { return .null }
            return numberJSON(a.reduce(0) { $0 + (number($1) ?? 0) } / Double(a.count), integral: false)
        case "ceil":
            try arity(1)
            return numberJSON(try num(0).rounded(.up), integral: true)
        case "floor":
            try arity(1)
            return numberJSON(try num(0).rounded(.down), integral: true)
        case "contains":
            try arity(2)
            let needle = json(1) ?? .null
            switch json(0) {
            case .array(let a)?: return .bool(a.contains { same($0, needle) })
            case .string(let s)?:
                guard case .string(let n) = needle else { return .bool(false) }
                return .bool(n.isEmpty || s.unicodeScalars.count >= n.unicodeScalars.count && String(s.unicodeScalars).contains(n))
            default: throw bad(json(0), "'array', 'string'")
            }
        case "ends_with":
            try arity(2)
            let s = try str(0)
            let suffix = try str(1)
            return .bool(s.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed()))
        case "starts_with":
            try arity(2)
            let s = try str(0)
            let prefix = try str(1)
            return .bool(s.unicodeScalars.starts(with: prefix.unicodeScalars))
        case "join":
            try arity(2)
            let glue = try str(0)
            let a = try list(1)
            var parts: [String] = []
            for e in a {
                guard case .string(let s) = e else { throw bad(json(1), "'array-string'") }
                parts.append(s)
            }
            return .string(parts.joined(separator: glue))
        case "keys":
            try arity(1)
            return .array(try object(0).map { .string($0.0) })
        case "values":
            try arity(1)
            return .array(try object(0).map(\.1))
        case "length":
            try arity(1)
            switch json(0) {
            case .string(let s)?: return .integer(s.unicodeScalars.count)
            case .array(let a)?: return .integer(a.count)
            case .object(let m)?: return .integer(m.count)
            default: throw bad(json(0), "'string', 'array', 'object'")
            }
        case "map":
            try arity(2)
            let by = try expref(0)
            var out: [JSONOutput] = []
            for e in try list(1) { out.append(try search(by, e)) }
            return .array(out)
        case "max", "min":
            try arity(1)
            let a = try list(0)
            let numeric = try comparable(a, json(0))
            guard var best = a.first else { return .null }
            for e in a.dropFirst() where name == "max" ? order(best, e, numeric: numeric) : order(e, best, numeric: numeric) { best = e }
            return best
        case "max_by", "min_by":
            try arity(2)
            let a = try list(0)
            let (k, numeric) = try keys(a, try expref(1))
            guard !a.isEmpty else { return .null }
            var best = 0
            for i in a.indices.dropFirst() where name == "max_by" ? order(k[best], k[i], numeric: numeric) : order(k[i], k[best], numeric: numeric) {
                best = i
            }
            return a[best]
        case "merge":
            try arity(1, variadic: true)
            var out: [(String, JSONOutput)] = []
            for i in args.indices {
                for (key, v) in try object(i) {
                    if let j = out.firstIndex(where: { $0.0 == key }) { out[j].1 = v } else { out.append((key, v)) }
                }
            }
            return .object(out)
        case "not_null":
            try arity(1, variadic: true)
            for i in args.indices { if let v = json(i), v != .null { return v } }
            return .null
        case "reverse":
            try arity(1)
            switch json(0) {
            case .string(let s)?: return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed())))
            case .array(let a)?: return .array(a.reversed())
            default: throw bad(json(0), "'string', 'array'")
            }
        case "sort":
            try arity(1)
            let a = try list(0)
            let numeric = try comparable(a, json(0))
            return .array(stableSort(a) { order($0, $1, numeric: numeric) })
        case "sort_by":
            try arity(2)
            let a = try list(0)
            let (k, numeric) = try keys(a, try expref(1))
            let sorted = stableSort(Array(a.indices)) { order(k[$0], k[$1], numeric: numeric) }
            return .array(sorted.map { a[$0] })
        case "sum":
            try arity(1)
            let a = try numbers(0)
            return numberJSON(a.reduce(0) { $0 + (number($1) ?? 0) }, integral: a.allSatisfy(isInteger))
        case "to_array":
            try arity(1)
            if case .array? = json(0) { return json(0)! }
            return .array([json(0) ?? .null])
        case "to_string":
            try arity(1)
            if case .string? = json(0) { return json(0)! }
            return .string((json(0) ?? .null).compact)
        case "to_number":
            try arity(1)
            switch json(0) {
            case .integer?, .number?: return json(0)!
            case .string(let s)?:
                if let n = Int(s) { return .integer(n) }
                if let d = Double(s), d.isFinite, s.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) { return .number(s) }
                return .null
            default: return .null
            }
        case "type":
            try arity(1)
            return .string(json(0).map(typeName) ?? "expref")
        default:
            throw Failure(kind: .unknownFunction, message: "Unknown function: \(name)()")
        }
    }

    /// A stable merge sort (Swift's `sorted` promises no stability).
    static func stableSort<T>(_ items: [T], by less: (T, T) -> Bool) -> [T] {
        guard items.count > 1 else { return items }
        let mid = items.count / 2
        let left = stableSort(Array(items[..<mid]), by: less)
        let right = stableSort(Array(items[mid...]), by: less)
        var out: [T] = []
        out.reserveCapacity(items.count)
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if less(right[j], left[i]) {
                out.append(right[j])
                j += 1
            } else {
                out.append(left[i])
                i += 1
            }
        }
        return out + left[i...] + right[j...]
    }
}
