/// Parsers for the typed values condition operators compare: numbers, dates, IP addresses and
/// base64 binaries. Pure functions, no Foundation.
public enum ScalarValues {
    /// A decimal number (`"3600"`, `"2.5"`, `"-1e3"`), or nil.
    public static func number(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }) else {
            return nil
        }
        return Double(text)
    }

    /// Seconds since 1970-01-01T00:00:00Z for ISO 8601 text (`2024-06-01`, `2024-06-01T00:00:00Z`,
    /// with fractions and `±hh:mm` offsets) or for epoch seconds (`1717200000`); nil otherwise.
    public static func date(_ text: String) -> Double? {
        let b = Array(text.utf8)
        if !b.isEmpty, b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return Double(text) }
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let year = digits(0, 4), b.count >= 10, b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D,
            let day = digits(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86400
        var i = 10
        if i == b.count { return seconds }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = digits(i, 2), i + 2 < b.count, b[i + 2] == 0x3A, let minute = digits(i + 3, 2),
            hour < 24, minute < 60
        else { return nil }
        i += 5
        var second = 0.0
        if i < b.count, b[i] == 0x3A {
            guard let s = digits(i + 1, 2), s < 61 else { return nil }
            second = Double(s)
            i += 3
            if i < b.count, b[i] == 0x2E {
                i += 1
                var scale = 0.1
                let startFraction = i
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                    second += Double(b[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
                if i == startFraction { return nil }
            }
        }
        seconds += Double(hour * 3600 + minute * 60) + second
        if i == b.count { return seconds }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i + 1 == b.count ? seconds : nil }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign: Double = b[i] == UInt8(ascii: "+") ? 1 : -1
        guard let oh = digits(i + 1, 2) else { return nil }
        var j = i + 3
        var om = 0
        if j < b.count, b[j] == 0x3A { j += 1 }
        if j < b.count {
            guard let m = digits(j, 2) else { return nil }
            om = m
            j += 2
        }
        guard j == b.count else { return nil }
        return seconds - sign * Double(oh * 3600 + om * 60)
    }

    /// Days from 1970-01-01 to a civil date (proleptic Gregorian).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Bytes of standard or URL-safe base64 text (padding optional), or nil.
    public static func base64(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var acc: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v: UInt32
            switch c {
            case 0x41...0x5A: v = UInt32(c - 0x41)
            case 0x61...0x7A: v = UInt32(c - 0x61 + 26)
            case 0x30...0x39: v = UInt32(c - 0x30 + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): v = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            acc = acc << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }
}

/// An IPv4 or IPv6 network: an address and a prefix length. An address alone is a /32 or /128.
public struct IPNetwork: Sendable, Hashable {
    /// The 128-bit address (IPv4 in its IPv4-mapped IPv6 form), high and low halves.
    public let high: UInt64
    public let low: UInt64
    /// Prefix length in the 128-bit space (an IPv4 /24 is 120).
    public let prefixLength: Int
    public let isIPv4: Bool

    /// Parses `203.0.113.0/24`, `2001:db8::/32` or a bare address.
    public init?(_ text: String) {
        if let v4 = Self.parseIPv4(Substring(text)) {
            high = 0
            low = 0x0000_FFFF_0000_0000 | UInt64(v4)
            prefixLength = 128
            isIPv4 = true
            return
        }
        var addressText = Substring(text)
        var prefix: Int?
        if let slash = text.firstIndex(of: "/") {
            addressText = text[..<slash]
            let p = text[text.index(after: slash)...]
            guard !p.isEmpty, p.allSatisfy(\.isASCII), let v = Int(p) else { return nil }
            prefix = v
        }
        if let v4 = Self.parseIPv4(addressText) {
            guard (0...32).contains(prefix ?? 32) else { return nil }
            high = 0
            low = 0x0000_FFFF_0000_0000 | UInt64(v4)
            prefixLength = 96 + (prefix ?? 32)
            isIPv4 = true
        } else if let v6 = Self.parseIPv6(addressText) {
            guard (0...128).contains(prefix ?? 128) else { return nil }
            var h: UInt64 = 0
            var l: UInt64 = 0
            for i in 0..<4 { h = h << 16 | UInt64(v6[i]) }
            for i in 4..<8 { l = l << 16 | UInt64(v6[i]) }
            high = h
            low = l
            prefixLength = prefix ?? 128
            isIPv4 = false
        } else {
            return nil
        }
    }

    /// Whether `other` (an address or network) lies inside this network.
    public func contains(_ other: IPNetwork) -> Bool {
        guard other.prefixLength >= prefixLength else { return false }
        let highBits = min(64, prefixLength)
        let lowBits = max(0, prefixLength - 64)
        let highMask: UInt64 = highBits == 0 ? 0 : ~0 << UInt64(64 - highBits)
        let lowMask: UInt64 = lowBits == 0 ? 0 : ~0 << UInt64(64 - lowBits)
        return (high ^ other.high) & highMask == 0 && (low ^ other.low) & lowMask == 0
    }

    static func parseIPv4(_ s: Substring) -> UInt32? {
        var value: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var parts = 0
        for b in s.utf8 {
            if b == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else if b >= 0x30 && b <= 0x39 {
                part = part * 10 + UInt32(b - 0x30)
                digits += 1
                guard digits <= 3, part <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | part
    }

    static func parseIPv6(_ s: Substring) -> [UInt16]? {
        guard s.contains(":") else { return nil }
        let halves = s.components(separatedByString: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring, allowV4: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, item) in items.enumerated() {
                if allowV4, i == items.count - 1, item.contains(".") {
                    guard let v4 = parseIPv4(item) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard !item.isEmpty, item.count <= 4, let v = UInt16(item, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        if halves.count == 2 {
            guard let head = groups(halves[0], allowV4: false), let tail = groups(halves[1], allowV4: true),
                head.count + tail.count < 8
            else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard let all = groups(halves[0], allowV4: true), all.count == 8 else { return nil }
        return all
    }
}

extension Substring {
    func components(separatedByString separator: String) -> [Substring] {
        var out: [Substring] = []
        var rest = self[...]
        while let r = rest.range(of: separator) {
            out.append(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        out.append(rest)
        return out
    }

    func range(of needle: String) -> Range<Index>? {
        let n = Array(needle)
        guard !n.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            var j = i
            var k = 0
            while k < n.count, j < endIndex, self[j] == n[k] {
                j = index(after: j)
                k += 1
            }
            if k == n.count { return i..<j }
            i = index(after: i)
        }
        return nil
    }
}
