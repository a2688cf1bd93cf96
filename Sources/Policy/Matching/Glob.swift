/// A compiled wildcard pattern: `*` matches any run of characters (including none, and across
/// `/` and `:`), `?` matches exactly one character; everything else matches itself.
///
/// Patterns are compiled once; a literal `*` or `?` (from the `${*}` and `${?}` policy variables)
/// is kept apart from the wildcards. Matching compares UTF-8 bytes, so case-insensitive users
/// (action names) lower-case both sides first.
public struct Glob: Sendable, Hashable {
    /// Pattern units: 0…255 a literal byte, `anyRun` for `*`, `anyOne` for `?`.
    public typealias Unit = UInt16
    public static let anyRun: Unit = 0x100
    public static let anyOne: Unit = 0x101

    enum Shape: Sendable, Hashable {
        /// `*` alone: matches everything.
        case everything
        /// No wildcard: byte-for-byte equality with `literalPrefix`.
        case exact
        /// `literalPrefix` followed by one `*`.
        case prefix
        /// Anything else.
        case general
    }

    let units: [Unit]
    /// The bytes before the first wildcard, used to reject most inputs at once.
    public let literalPrefix: [UInt8]
    let shape: Shape

    /// Compiles pattern units.
    public init(units: [Unit]) {
        self.units = units
        let firstWildcard = units.firstIndex(where: { $0 > 0xFF }) ?? units.count
        literalPrefix = units[..<firstWildcard].map { UInt8($0) }
        if firstWildcard == units.count {
            shape = .exact
        } else if units.count == 1 && units[0] == Self.anyRun {
            shape = .everything
        } else if firstWildcard == units.count - 1 && units.last == Self.anyRun {
            shape = .prefix
        } else {
            shape = .general
        }
    }

    /// Compiles a pattern in which `*` and `?` are wildcards.
    public init(_ pattern: String, lowercased: Bool = false) {
        let text = lowercased ? Self.asciiLowercased(pattern) : pattern
        self.init(units: Self.units(text, wildcards: true))
    }

    /// Pattern units for `text`, with `*` and `?` as wildcards or as literal characters.
    public static func units(_ text: String, wildcards: Bool) -> [Unit] {
        text.utf8.map { b in
            if wildcards && b == UInt8(ascii: "*") { return anyRun }
            if wildcards && b == UInt8(ascii: "?") { return anyOne }
            return Unit(b)
        }
    }

    /// Whether the pattern is only literal text.
    public var isLiteral: Bool { shape == .exact }

    /// Whether `input` matches the whole pattern.
    @inlinable public func matches(_ input: String) -> Bool {
        var input = input
        return input.withUTF8 { matches(bytes: $0) }
    }

    /// Whether the UTF-8 bytes match the whole pattern.
    public func matches(bytes input: UnsafeBufferPointer<UInt8>) -> Bool {
        switch shape {
        case .everything:
            return true
        case .exact:
            guard input.count == literalPrefix.count else { return false }
            return literalPrefix.withUnsafeBufferPointer { p in
                for i in 0..<p.count where p[i] != input[i] { return false }
                return true
            }
        case .prefix:
            guard input.count >= literalPrefix.count else { return false }
            return literalPrefix.withUnsafeBufferPointer { p in
                for i in 0..<p.count where p[i] != input[i] { return false }
                return true
            }
        case .general:
            guard input.count >= literalPrefix.count else { return false }
            return units.withUnsafeBufferPointer { Self.matchGeneral(pattern: $0, input: input) }
        }
    }

    /// Iterative wildcard matching with one backtrack point, linear in practice.
    static func matchGeneral(pattern: UnsafeBufferPointer<Unit>, input: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var s = 0
        var starP = -1
        var starS = 0
        let m = pattern.count
        let n = input.count
        while s < n {
            if p < m {
                let u = pattern[p]
                if u == anyRun {
                    starP = p
                    starS = s
                    p += 1
                    continue
                }
                if u == anyOne {
                    p += 1
                    s = nextScalar(input, after: s)
                    continue
                }
                if u == Unit(input[s]) {
                    p += 1
                    s += 1
                    continue
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starS += 1
            s = starS
        }
        while p < m && pattern[p] == anyRun { p += 1 }
        return p == m
    }

    /// The index after the UTF-8 scalar that starts at `i`.
    @inline(__always) static func nextScalar(_ input: UnsafeBufferPointer<UInt8>, after i: Int) -> Int {
        var j = i + 1
        while j < input.count && input[j] & 0xC0 == 0x80 { j += 1 }
        return j
    }

    /// ASCII lower-casing (action names and service prefixes are ASCII).
    public static func asciiLowercased(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return s }
        return String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
