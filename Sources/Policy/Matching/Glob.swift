/// A compiled wildcard pattern: `*` matches any run of characters (including none, and across
/// `/` and `:`), `?` matches exactly one character; everything else matches itself.
///
/// Patterns are compiled once; a literal `*` or `?` (from the `${*}` and `${?}` policy variables)
/// is kept apart from the wildcards. Matching compares UTF-8 bytes, so case-insensitive users
/// (action names) lower-case both sides first.
public struct Glob: Sendable, Hashable {
    /// Pattern units: a literal UTF-8 byte, or `anyRun` for `*` and `anyOne` for `?` (the bytes
    /// 0xFF and 0xFE never occur in UTF-8, so they are free to mark wildcards).
    public typealias Unit = UInt8
    public static let anyRun: Unit = 0xFF
    public static let anyOne: Unit = 0xFE

    /// Whether a unit is a wildcard rather than a literal byte.
    @inline(__always) static func isWildcard(_ u: Unit) -> Bool { u >= anyOne }

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
    let shape: Shape
    /// `literalPrefix.count` and its first byte, kept inline for the quickest rejections.
    let prefixCount: Int
    let firstByte: UInt8

    /// Compiles pattern units.
    public init(units: [Unit]) {
        self.units = units
        let firstWildcard = units.firstIndex(where: Self.isWildcard) ?? units.count
        if firstWildcard == units.count {
            shape = .exact
        } else if units.count == 1 && units[0] == Self.anyRun {
            shape = .everything
        } else if firstWildcard == units.count - 1 && units.last == Self.anyRun {
            shape = .prefix
        } else {
            shape = .general
        }
        prefixCount = firstWildcard
        firstByte = firstWildcard > 0 ? units[0] : 0
    }

    /// The bytes before the first wildcard, used to reject most inputs at once.
    public var literalPrefix: [UInt8] { Array(units[..<prefixCount]) }

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
            return b
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
    @inline(__always)
    public func matches(bytes input: UnsafeBufferPointer<UInt8>) -> Bool {
        if shape == .everything { return true }
        return units.withUnsafeBufferPointer { Self.match($0, shape: shape, prefixCount: prefixCount, firstByte: firstByte, input: input) }
    }

    /// The matcher every compiled form of a pattern shares.
    @inline(__always)
    static func match(_ pattern: UnsafeBufferPointer<Unit>, shape: Shape, prefixCount n: Int, firstByte: UInt8, input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard input.count >= n, n == 0 || input[0] == firstByte else { return shape == .everything }
        switch shape {
        case .everything:
            return true
        case .exact:
            return input.count == n && samePrefix(pattern, n, input)
        case .prefix:
            return samePrefix(pattern, n, input)
        case .general:
            return samePrefix(pattern, n, input) && matchGeneral(pattern: pattern, input: input)
        }
    }

    /// Whether `input` starts with the first `n` units of `pattern` (all literal bytes).
    @inline(__always)
    static func samePrefix(_ pattern: UnsafeBufferPointer<Unit>, _ n: Int, _ input: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = n - 1
        while i >= 0 {
            if pattern[i] != input[i] { return false }
            i -= 1
        }
        return true
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
                if u == input[s] {
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
        return String(unsafeUninitializedCapacity: s.utf8.count) { buffer in
            var i = 0
            for b in s.utf8 {
                buffer[i] = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
                i += 1
            }
            return i
        }
    }
}

/// A pattern whose units live in memory its owner keeps (a compiled statement's arena): a plain
/// value, so scanning many of them costs no reference counting.
struct PackedGlob {
    let units: UnsafePointer<Glob.Unit>
    let count: Int
    let prefixCount: Int
    let firstByte: UInt8
    let shape: Glob.Shape

    @inline(__always)
    func matches(bytes input: UnsafeBufferPointer<UInt8>) -> Bool {
        Glob.match(UnsafeBufferPointer(start: units, count: count), shape: shape, prefixCount: prefixCount, firstByte: firstByte, input: input)
    }
}

/// Owns the units of packed patterns; freed with its owner.
final class GlobArena: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Glob.Unit>
    let globs: [PackedGlob]

    init(_ patterns: [Glob]) {
        let total = patterns.reduce(0) { $0 + $1.units.count }
        storage = .allocate(capacity: max(1, total))
        var offset = 0
        var globs: [PackedGlob] = []
        for g in patterns {
            let start = storage + offset
            for (i, u) in g.units.enumerated() { (start + i).initialize(to: u) }
            globs.append(PackedGlob(units: UnsafePointer(start), count: g.units.count, prefixCount: g.prefixCount, firstByte: g.firstByte, shape: g.shape))
            offset += g.units.count
        }
        self.globs = globs
    }

    deinit { storage.deallocate() }

    /// Whether any pattern matches.
    @inline(__always)
    func anyMatches(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        globs.withUnsafeBufferPointer { list in
            for i in list.indices where list[i].matches(bytes: input) { return true }
            return false
        }
    }
}
