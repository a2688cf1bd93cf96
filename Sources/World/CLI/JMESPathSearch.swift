import Policy

extension JMESPath {
    /// A value while an expression is evaluated: JSON, or a reference to an expression (`&expr`).
    enum Value {
        case json(JSONOutput)
        case expref(Node)
    }

    static func search(_ node: Node, _ value: JSONOutput) throws(Failure) -> JSONOutput {
        switch node {
        case .current: return value
        case .field(let name):
            guard case .object(let members) = value else { return .null }
            return members.first { $0.0 == name }?.1 ?? .null
        case .subexpression(let left, let right): return try search(right, try search(left, value))
        case .index(let n):
            guard case .array(let list) = value else { return .null }
            let i = n < 0 ? list.count + n : n
            return list.indices.contains(i) ? list[i] : .null
        case .slice(let start, let stop, let step):
            guard case .array(let list) = value else { return .null }
            return .array(try slice(list, start, stop, step))
        case .indexExpression(let left, let right): return try search(right, try search(left, value))
        case .projection(let left, let right):
            guard case .array(let list) = try search(left, value) else { return .null }
            var out: [JSONOutput] = []
            for element in list {
                let v = try search(right, element)
                if v != .null { out.append(v) }
            }
            return .array(out)
        case .valueProjection(let left, let right):
            guard case .object(let members) = try search(left, value) else { return .null }
            var out: [JSONOutput] = []
            for (_, element) in members {
                let v = try search(right, element)
                if v != .null { out.append(v) }
            }
            return .array(out)
        case .flatten(let child):
            guard case .array(let list) = try search(child, value) else { return .null }
            var out: [JSONOutput] = []
            for element in list {
                if case .array(let inner) = element { out += inner } else { out.append(element) }
            }
            return .array(out)
        case .filterProjection(let left, let right, let condition):
            guard case .array(let list) = try search(left, value) else { return .null }
            var out: [JSONOutput] = []
            for element in list where truthy(try search(condition, element)) {
                let v = try search(right, element)
                if v != .null { out.append(v) }
            }
            return .array(out)
        case .multiSelectList(let nodes):
            if value == .null { return .null }
            var out: [JSONOutput] = []
            for n in nodes { out.append(try search(n, value)) }
            return .array(out)
        case .multiSelectHash(let pairs):
            if value == .null { return .null }
            var out: [(String, JSONOutput)] = []
            for (key, n) in pairs { out.append((key, try search(n, value))) }
            return .object(out)
        case .literal(let v): return v
        case .or(let left, let right):
            let l = try search(left, value)
            return truthy(l) ? l : try search(right, value)
        case .and(let left, let right):
            let l = try search(left, value)
            return truthy(l) ? try search(right, value) : l
        case .not(let child): return .bool(!truthy(try search(child, value)))
        case .comparator(let op, let left, let right):
            let l = try search(left, value)
            let r = try search(right, value)
            switch op {
            case "eq": return .bool(same(l, r))
            case "ne": return .bool(!same(l, r))
            default:
                guard let a = number(l), let b = number(r) else { return .null }
                switch op {
                case "lt": return .bool(a < b)
                case "lte": return .bool(a <= b)
                case "gt": return .bool(a > b)
                default: return .bool(a >= b)
                }
            }
        case .pipe(let left, let right): return try search(right, try search(left, value))
        case .function(let name, let args):
            var values: [Value] = []
            for a in args {
                if case .expref(let inner) = a { values.append(.expref(inner)) } else { values.append(.json(try search(a, value))) }
            }
            return try call(name, values)
        case .expref: return .null
        }
    }

    static func slice(_ list: [JSONOutput], _ start: Int?, _ stop: Int?, _ step: Int?) throws(Failure) -> [JSONOutput] {
        let step = step ?? 1
        guard step != 0 else { throw Failure(kind: .invalidValue, message: "Invalid slice expression: the step cannot be 0") }
        let n = list.count
        func clamp(_ v: Int?, _ fallback: Int) -> Int {
            guard var v else { return fallback }
            if v < 0 {
                v += n
                if v < 0 { v = step < 0 ? -1 : 0 }
            } else if v >= n {
                v = step < 0 ? n - 1 : n
            }
            return v
        }
        let from = clamp(start, step < 0 ? n - 1 : 0)
        let to = clamp(stop, step < 0 ? -1 : n)
        var out: [JSONOutput] = []
        var i = from
        while step > 0 ? i < to : i > to {
            out.append(list[i])
            let (next, overflow) = i.addingReportingOverflow(step)
            if overflow { break }
            i = next
        }
        return out
    }

    /// False, null, empty strings, lists and objects are false; everything else is true.
    static func truthy(_ v: JSONOutput) -> Bool {
        switch v {
        case .null: false
        case .bool(let b): b
        case .string(let s): !s.isEmpty
        case .array(let a): !a.isEmpty
        case .object(let m): !m.isEmpty
        case .integer, .number: true
        }
    }

    static func number(_ v: JSONOutput) -> Double? {
        switch v {
        case .integer(let n): Double(n)
        case .number(let s): Double(s)
        default: nil
        }
    }

    /// Equality as JMESPath defines it: numbers by value, objects without regard to member order.
    static func same(_ a: JSONOutput, _ b: JSONOutput) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { k, v in y.contains { $0.0 == k && same($0.1, v) } }
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    static func typeName(_ v: JSONOutput) -> String {
        switch v {
        case .null: "null"
        case .bool: "boolean"
        case .string: "string"
        case .integer, .number: "number"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A number as JSON: whole numbers as integers, as Python's jmespath prints them.
    static func numberJSON(_ d: Double, integral: Bool) -> JSONOutput {
        if integral, d.rounded() == d, abs(d) < 9e15 { return .integer(Int(d)) }
        return .number(String(d))
    }

    static func isInteger(_ v: JSONOutput) -> Bool {
        if case .integer = v { return true }
        return false
    }

    /// Strings compared by code point, as Python compares them.
    static func less(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }
}
