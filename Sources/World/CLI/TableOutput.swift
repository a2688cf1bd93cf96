import Policy

/// `--output table`, drawn as the AWS CLI draws it (its `TableFormatter` and `MultiTable`): a
/// section per object or list of objects, titled by the operation and then by the member's name,
/// scalar members as columns in name order, nested ones as indented sections below; columns are
/// scaled to the widest section, and when that is wider than the terminal (80 columns off a
/// terminal) one-row sections turn into name/value rows.
enum TableOutput {
    final class Section {
        var title = ""
        var headers: [String] = []
        var rows: [[String]] = []
        var indent = 0
        var widths: [Int] = []
        var columns: Int?

        func update(_ row: [String]) {
            if widths.isEmpty {
                widths = row.map(TableOutput.width)
            } else {
                for (i, el) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], TableOutput.width(el)) }
            }
        }
        func addHeader(_ h: [String]) {
            update(h)
            if columns == nil { columns = h.count }
            headers = h
        }
        func addRow(_ r: [String]) {
            if columns == nil { columns = r.count }
            rows.append(r)
            update(r)
        }
        func columnWidths(padding: Int = 0, maxWidth: Int? = nil) -> [Int] {
            let unscaled = widths.map { $0 + padding }
            guard let maxWidth, !unscaled.isEmpty else { return unscaled }
            let factor = Double(maxWidth) / Double(unscaled.reduce(0, +))
            var scaled = unscaled.map { Int((factor * Double($0)).rounded(.toNearestOrEven)) }
            var off = scaled.reduce(0, +) - maxWidth
            while off != 0 {
                let order = off < 0 ? Array(scaled.indices.reversed()) : Array(scaled.indices)
                for i in order {
                    if off > 0 {
                        scaled[i] -= 1
                        off -= 1
                    } else {
                        scaled[i] += 1
                        off += 1
                    }
                    if off == 0 { break }
                }
            }
            return scaled
        }
        func totalWidth() -> Int {
            let total = columnWidths().reduce(0) { $0 + $1 + 4 } + 2 + 2 * indent
            return max(TableOutput.width(title) + 2 + 2 * indent, total)
        }
    }

    /// Display width: East Asian wide and full-width characters take two columns.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { n, c in
            let v = c.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
                || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
                || (0x20000...0x3FFFD).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    /// A scalar as Python's `str()` writes it.
    static func scalar(_ v: JSONOutput) -> String? {
        switch v {
        case .string(let s): s
        case .integer(let n): String(n)
        case .number(let n): n
        case .bool(let b): b ? "True" : "False"
        case .null: "None"
        case .array, .object: nil
        }
    }

    static func isEmpty(_ v: JSONOutput) -> Bool {
        switch v {
        case .null: true
        case .bool(let b): !b
        case .string(let s): s.isEmpty
        case .integer(let n): n == 0
        case .number(let n): Double(n) == 0
        case .array(let a): a.isEmpty
        case .object(let m): m.isEmpty
        }
    }

    static func render(_ value: JSONOutput, title: String, terminalWidth: Int = 80) -> String {
        var sections: [Section] = []
        func newSection(_ title: String, indent: Int) {
            let s = Section()
            s.title = title
            s.indent = indent
            sections.append(s)
        }
        func groups(_ members: [(String, JSONOutput)]) -> (headers: [String], more: [String]) {
            var headers: [String] = []
            var more: [String] = []
            for (k, v) in members { if scalar(v) != nil { headers.append(k) } else { more.append(k) } }
            return (headers.sorted(), more.sorted())
        }
        func member(_ members: [(String, JSONOutput)], _ key: String) -> JSONOutput? { members.first { $0.0 == key }?.1 }
        func build(_ title: String?, _ current: JSONOutput, indent: Int) -> Bool {
            if isEmpty(current) { return false }
            if let title { newSection(title, indent: indent) }
            guard let section = sections.last else { return false }
            switch current {
            case .array(let list):
                if case .object = list[0] {
                    var headerSet: Set<String> = []
                    var moreSet: Set<String> = []
                    for element in list {
                        if case .object(let m) = element {
                            let g = groups(m)
                            headerSet.formUnion(g.headers)
                            moreSet.formUnion(g.more)
                        }
                    }
                    let headers = headerSet.sorted()
                    let more = moreSet.sorted()
                    sections.last?.addHeader(headers)
                    var first = true
                    for element in list {
                        guard case .object(let m) = element else { continue }
                        if !first && !more.isEmpty {
                            newSection(title ?? "", indent: indent)
                            sections.last?.addHeader(headers)
                        }
                        first = false
                        sections.last?.addRow(headers.map { h in member(m, h).flatMap(scalar) ?? "" })
                        for key in more {
                            if let v = member(m, key) { _ = build(key, v, indent: indent + 1) }
                        }
                    }
                } else {
                    for item in list {
                        if let s = scalar(item) {
                            sections.last?.addRow([s])
                        } else if case .array(let inner) = item, inner.allSatisfy({ scalar($0) != nil }) {
                            sections.last?.addRow(inner.compactMap(scalar))
                        } else {
                            _ = build(nil, item, indent: 0)
                        }
                    }
                }
            case .object(let m):
                let (headers, more) = groups(m)
                if headers.count == 1 {
                    section.addRow([headers[0], member(m, headers[0]).flatMap(scalar) ?? ""])
                } else if !headers.isEmpty {
                    section.addHeader(headers)
                    section.addRow(headers.map { h in member(m, h).flatMap(scalar) ?? "" })
                }
                for key in more {
                    if let v = member(m, key) { _ = build(key, v, indent: indent + 1) }
                }
            default:
                break
            }
            return true
        }
        guard build(title, value, indent: 0) else { return "" }
        var maxWidth = sections.map { $0.totalWidth() }.max() ?? 0
        if maxWidth > terminalWidth {
            for (i, s) in sections.enumerated() where s.rows.count == 1 && !s.headers.isEmpty {
                let vertical = Section()
                vertical.title = s.title
                vertical.indent = s.indent
                for (h, v) in zip(s.headers, s.rows[0]) { vertical.addRow([h, v]) }
                sections[i] = vertical
            }
            maxWidth = sections.map { $0.totalWidth() }.max() ?? 0
        }
        var lines: [String] = [String(repeating: "-", count: maxWidth)]
        for s in sections { lines += draw(s, maxWidth: maxWidth) }
        return lines.joined(separator: "\n")
    }

    static func center(_ text: String, _ length: Int, left: String = "|", right: String = "|") -> String {
        let start = length / 2 - width(text) / 2 - 1
        let sofar = width(left) + start + width(text)
        return left + String(repeating: " ", count: max(0, start)) + text + String(repeating: " ", count: max(0, length - width(right) - sofar)) + right
    }

    static func alignLeft(_ text: String, _ length: Int, left: String, right: String = "|") -> String {
        let padding = length - (width(text) + 2 + width(left) + width(right)) >= 0 ? 2 : 0
        let sofar = left.count + padding + width(text)
        return left + String(repeating: " ", count: padding) + text + String(repeating: " ", count: max(0, length - sofar - right.count)) + right
    }

    static func lineBreak(_ widths: [Int]) -> String {
        widths.enumerated().map { i, w in i == 0 ? "+" + String(repeating: "-", count: max(0, w - 2)) + "+" : String(repeating: "-", count: max(0, w - 1)) + "+"
        }
        .joined()
    }

    static func draw(_ s: Section, maxWidth full: Int) -> [String] {
        let bars = String(repeating: "|", count: s.indent)
        func line(_ text: String) -> String { bars + text + bars }
        let maxWidth = full - 2 * s.indent
        var out: [String] = []
        if !s.title.isEmpty {
            out.append(line(center(s.title, maxWidth)))
            if s.headers.isEmpty && s.rows.isEmpty { out.append(line("+" + String(repeating: "-", count: max(0, maxWidth - 2)) + "+")) }
        }
        if !s.headers.isEmpty {
            let widths = s.columnWidths(padding: 4, maxWidth: maxWidth)
            out.append(line(lineBreak(widths)))
            out.append(line(zip(widths, s.headers).enumerated().map { i, p in center(p.1, p.0, left: i == 0 ? "|" : "") }.joined()))
        }
        if !s.rows.isEmpty {
            let widths = s.columnWidths(padding: 4, maxWidth: maxWidth)
            if !widths.isEmpty {
                out.append(line(lineBreak(widths)))
                for row in s.rows {
                    out.append(line(zip(widths, row).enumerated().map { i, p in alignLeft(p.1, p.0, left: i == 0 ? "|" : "") }.joined()))
                }
                out.append(line(lineBreak(widths)))
            }
        }
        return out
    }
}
