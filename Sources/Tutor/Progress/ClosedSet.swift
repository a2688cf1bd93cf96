/// A closed set of words kept in files (progress, results): each case is written as its raw
/// string, and a word outside the set is refused by name, at its place in the file.
public protocol ClosedSet: RawRepresentable, CaseIterable, Codable, Sendable, Hashable where RawValue == String {}

extension ClosedSet {
    /// The words of the set, for messages: `passed, failed, skipped or open`.
    public static var spelled: String {
        let words = allCases.map { "\"\($0.rawValue)\"" }
        guard words.count > 1 else { return words.joined() }
        return words.dropLast().joined(separator: ", ") + " or " + words.last!
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let word = try container.decode(String.self)
        guard let value = Self(rawValue: word) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(word.untrusted(limit: 40))\" is not one of \(Self.spelled)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// What became of a step.
public enum StepStatus: String, ClosedSet {
    /// Answered right (or, in practice, a prediction answered either way), or a task done.
    case passed
    /// Answered wrong in an exam, or a task handed in not done.
    case failed
    /// Skipped: never counted as passed.
    case skipped
    /// Not answered yet (the results file's word for a step with no verdict).
    case open
}

/// The kinds of step, as results files and reports name them.
public enum StepLabel: String, ClosedSet {
    case say
    case question
    case predict
    case task
    case recap
}

extension DecodingError {
    /// Where in the file the error is, and what is wrong there:
    /// `lessons.plumber.steps.who.result: "pased" is not one of …`.
    public var located: String {
        let (path, what): ([any CodingKey], String) =
            switch self {
            case .dataCorrupted(let c): (c.codingPath, c.debugDescription)
            case .keyNotFound(let key, let c): (c.codingPath + [key], "missing")
            case .typeMismatch(let type, let c): (c.codingPath, "not a \(type)")
            case .valueNotFound(let type, let c): (c.codingPath, "no \(type) value")
            @unknown default: ([], "\(self)")
            }
        let place = path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return place.isEmpty ? what : "\(place): \(what)"
    }

    /// `located` when the error is at a field of a document that is otherwise well formed; nil
    /// when the data is not JSON at all (there is no field to name).
    public var field: String? {
        if case .dataCorrupted(let context) = self, context.codingPath.isEmpty { return nil }
        return located
    }
}
