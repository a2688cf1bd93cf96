import Foundation
import Tutor

/// What a tutor sends its workshop host after every answer: the learner's whole results (the
/// `export` format, checksum and all) and where the learner is now, numbered so that a record
/// sent twice, or overtaken by a newer one, changes nothing.
public struct ClassRecord: Codable, Sendable, Equatable {
    public static let format = "iam-tutor-class/1"

    public var format = ClassRecord.format
    /// This data folder's id in the class: 32 hexadecimal digits, made when it joined.
    public var learnerId: String
    /// The learner's secret, made with the id: only its holder may replace the learner's results.
    public var secret: String
    /// 1, 2, 3, … per learner: the host keeps the highest and acknowledges the rest unchanged.
    public var seq: Int
    /// The lesson and step the learner is on (nil at the menu).
    public var lesson: String?
    public var step: String?
    public var results: LearnerResults

    public init(learnerId: String, secret: String, seq: Int, lesson: String?, step: String?, results: LearnerResults) {
        self.learnerId = learnerId
        self.secret = secret
        self.seq = seq
        self.lesson = lesson
        self.step = step
        self.results = results
    }

    /// The largest record a host takes: a results file's limit and room for the rest.
    public static let maximumSize = ClassReport.maximumFileSize + 4096
    /// The largest sequence number (a JSON number every reader takes exactly).
    public static let maximumSeq = 1 << 52

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The first thing wrong with a record as received (nil: none): a host refuses it with 400.
    public var problem: String? {
        if format != Self.format { return "format is not \(Self.format)" }
        if !Self.isHex(learnerId, count: 32) { return "learnerId is not 32 hexadecimal digits" }
        if !Self.isHex(secret, count: 64) { return "secret is not 64 hexadecimal digits" }
        if !(1...Self.maximumSeq).contains(seq) { return "seq is outside 1…\(Self.maximumSeq)" }
        for (name, value) in [("lesson", lesson), ("step", step)] {
            if let value, value.utf8.count > 200 { return "\(name) is longer than 200 bytes" }
        }
        if results.format != "iam-tutor-results/1" { return "results are not iam-tutor-results/1" }
        return nil
    }

    public static func isHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// A class's join address, `http://HOST:PORT/join/CODE`: where records go and the code that lets
/// them in. Only plain HTTP: a workshop host is on the room's network (put a TLS proxy in front
/// of it on any other).
public struct ClassAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var code: String

    public init(host: String, port: Int, code: String) {
        self.host = host
        self.port = port
        self.code = code
    }

    /// Parses a join URL; the error says what is wrong and what a good one looks like.
    public init(parsing url: String) throws(ClassAddressError) {
        let text = url.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("http://") else {
            throw ClassAddressError("`\(text.prefix(80))` is not a join address: it starts with http:// (https is not spoken; see the README)")
        }
        let rest = text.dropFirst("http://".count)
        guard let slash = rest.firstIndex(of: "/") else { throw ClassAddressError("`\(text.prefix(80))` has no /join/CODE part") }
        let authority = rest[..<slash]
        let path = rest[slash...]
        guard path.hasPrefix("/join/") else { throw ClassAddressError("`\(text.prefix(80))` has no /join/CODE part") }
        let code = String(path.dropFirst("/join/".count))
        guard Self.isCode(code) else { throw ClassAddressError("the join code in `\(text.prefix(80))` is not one a host gives (letters and digits)") }
        var host = String(authority)
        var port = 80
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw ClassAddressError("`\(text.prefix(80))`: an IPv6 address needs its closing ]") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw ClassAddressError("`\(text.prefix(80))`: the port is not 1…65535") }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else {
                throw ClassAddressError("`\(text.prefix(80))`: the port is not 1…65535")
            }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty, host.utf8.count <= 253 else { throw ClassAddressError("`\(text.prefix(80))` names no host") }
        self.init(host: host, port: port, code: code)
    }

    /// A join code: 8 to 64 letters and digits.
    public static func isCode(_ text: String) -> Bool {
        (8...64).contains(text.utf8.count) && text.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    var hostForURL: String { host.contains(":") ? "[\(host)]" : host }
    public var description: String { "http://\(hostForURL):\(port)/join/\(code)" }
}

public struct ClassAddressError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
