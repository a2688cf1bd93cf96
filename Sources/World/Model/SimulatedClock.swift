import Policy

/// The world's clock: seconds since 1970-01-01T00:00:00Z, advanced only by the learner
/// (`clock +2h`, `clock set …`). The world never reads the real time.
public struct SimulatedClock: Sendable, Hashable {
    public private(set) var now: Int

    /// The tutor's worlds start on a Monday morning.
    public static let start = 1_767_258_000  // 2026-01-01T09:00:00Z

    public init(now: Int = SimulatedClock.start) {
        self.now = now
    }

    /// The times the clock can show: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z. Every time typed
    /// in is checked against it, so that adding a session's lifetime to the clock never overflows.
    public static let range = 0...253_402_300_799

    /// The range for people: `1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z`.
    public static var rangeDescription: String { "\(iso8601(range.lowerBound)) to \(iso8601(range.upperBound))" }

    /// Moves the clock forward; it stops at the end of its range.
    public mutating func advance(by seconds: Int) {
        now = Self.clamped(now.addingReportingOverflow(max(0, seconds)))
    }

    /// Sets the clock; a time outside its range is taken to the nearest end.
    public mutating func set(to seconds: Int) {
        now = Self.clamped((seconds, false))
    }

    /// Whether the clock can move `seconds` forward and stay in its range.
    public func canAdvance(by seconds: Int) -> Bool {
        let (sum, overflow) = now.addingReportingOverflow(max(0, seconds))
        return !overflow && Self.range.contains(sum)
    }

    static func clamped(_ result: (partialValue: Int, overflow: Bool)) -> Int {
        result.overflow ? range.upperBound : min(max(result.partialValue, range.lowerBound), range.upperBound)
    }

    /// `2026-01-01T09:00:00Z`.
    public var iso8601: String { Self.iso8601(now) }

    public static func iso8601(_ time: Int) -> String {
        let t = min(max(time, range.lowerBound), range.upperBound)
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secs = t - days * 86400
        let (y, m, d) = civil(fromDays: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))Z"
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Parses a time for `clock set` and `--start-time`: ISO 8601 or epoch seconds, within the
    /// clock's range (nil otherwise).
    public static func parseTime(_ text: String) -> Int? {
        guard case .time(let t) = readTime(text) else { return nil }
        return t
    }

    /// What a typed time is: a time in the clock's range, a time outside it, or not a time.
    public enum TimeReading: Sendable, Equatable {
        case time(Int)
        case outOfRange
        case unreadable
    }

    /// Reads a typed time (ISO 8601 or epoch seconds) and checks it against the clock's range
    /// before converting it, so that no typed number can overflow.
    public static func readTime(_ text: String) -> TimeReading {
        guard let seconds = ScalarValues.date(text), seconds.isFinite else { return .unreadable }
        guard seconds >= Double(range.lowerBound), seconds < Double(range.upperBound) + 1 else { return .outOfRange }
        return .time(Int(seconds))
    }

    /// Parses a duration: `90s`, `15m`, `2h`, `1d`, `1h30m`, or plain seconds; nil when it is
    /// malformed or longer than the clock's whole range.
    public static func parseDuration(_ text: String) -> Int? {
        var total = 0
        var number = 0
        var digits = 0
        var sawUnit = false
        for ch in text.lowercased() {
            if let d = ch.wholeNumberValue, ch.isASCII {
                number = number * 10 + d
                digits += 1
                guard number < 10_000_000 else { return nil }
                continue
            }
            guard digits > 0 else { return nil }
            let unit: Int
            switch ch {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86400
            default: return nil
            }
            total += number * unit  // at most 10^7 days a part: no overflow
            guard total <= range.upperBound else { return nil }
            number = 0
            digits = 0
            sawUnit = true
        }
        if digits > 0 {
            guard !sawUnit else { return nil }
            total = number
        }
        return sawUnit || digits > 0 ? total : nil
    }

    /// `2h`, `1h 30m`, `45s`: a duration for people.
    public static func describe(seconds: Int) -> String {
        if seconds <= 0 { return "0s" }
        var parts: [String] = []
        var rest = seconds
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        return parts.joined(separator: " ")
    }
}

/// Deterministic identifiers: a seeded generator, so the same commands give the same transcript.
public struct IDGenerator: Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64 = 0x1A11_7070) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let mixed = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// A unique id with an AWS prefix: `AIDA…` (user), `AGPA…` (group), `AROA…` (role),
    /// `ANPA…` (policy), `AIPA…` (instance profile): the prefix and 17 characters, 21 in all
    /// (IAM UG `reference_identifiers.html`, "Unique identifiers"). Access key ids (`AKIA…`,
    /// `ASIA…`) have 20 characters.
    public mutating func id(_ prefix: String) -> String {
        let length = prefix == "AKIA" || prefix == "ASIA" ? 20 : 21
        return prefix + String((0..<(length - prefix.count)).map { _ in Self.upper[Int(next() % 32)] })
    }

    /// A secret access key: 40 characters.
    public mutating func secret(length: Int = 40) -> String {
        String((0..<length).map { _ in Self.mixed[Int(next() % 64)] })
    }

    /// `i-0123456789abcdef0`-style ids.
    public mutating func hex(_ prefix: String, digits: Int = 17) -> String {
        let hex = Array("0123456789abcdef")
        return prefix + String((0..<digits).map { _ in hex[Int(next() % 16)] })
    }
}
