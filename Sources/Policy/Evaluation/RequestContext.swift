/// The type of a context value, as the simulator API's `ContextKeyType` names it.
public enum ContextKeyType: String, Sendable, CaseIterable {
    case string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList

    /// Whether the key carries a set of values (`ForAllValues`/`ForAnyValue` keys such as `aws:TagKeys`).
    public var isList: Bool { rawValue.hasSuffix("List") }
}

/// One key's values in a request's context.
public struct ContextValue: Sendable, Hashable {
    public let type: ContextKeyType
    public let values: [String]
    /// For `ip` and `ipList` values: the addresses, parsed once.
    let addresses: [IPNetwork?]?

    public init(_ values: [String], type: ContextKeyType = .string) {
        self.type = type
        self.values = values
        addresses = type == .ip || type == .ipList ? values.map(IPNetwork.init) : nil
    }
}

/// The request context: condition keys and their values. Keys compare case-insensitively.
///
/// The engine infers nothing: a key that is not here is missing, exactly as the simulator treats
/// `ContextEntries`. The world builds the context AWS would (aws:username, aws:SourceIp, …).
public struct RequestContext: Sendable, Hashable {
    /// Keys lower-cased, as given, and their values, in parallel; copy-on-write.
    final class Storage: @unchecked Sendable, Hashable {
        var lowered: [String] = []
        var names: [String] = []
        var contents: [ContextValue] = []

        static func == (a: Storage, b: Storage) -> Bool {
            a.lowered == b.lowered && a.contents == b.contents
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(lowered)
            hasher.combine(contents)
        }

        func copy() -> Storage {
            let s = Storage()
            s.lowered = lowered
            s.names = names
            s.contents = contents
            return s
        }
    }

    private var storage = Storage()

    public init() {}

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// The value of a key (any case), or nil when the key is missing.
    public subscript(key: String) -> ContextValue? {
        get { value(forLowercasedKey: Glob.asciiLowercased(key)) }
        set {
            let key2 = Glob.asciiLowercased(key)
            let s = unique()
            if let i = position(of: key2) {
                if let newValue {
                    s.contents[i] = newValue
                } else {
                    s.lowered.remove(at: i)
                    s.names.remove(at: i)
                    s.contents.remove(at: i)
                }
            } else if let newValue {
                s.lowered.append(key2)
                s.names.append(key)
                s.contents.append(newValue)
            }
        }
    }

    @inline(__always) func position(of key: String) -> Int? {
        storage.lowered.withUnsafeBufferPointer { keys in
            for i in keys.indices where keys[i] == key { return i }
            return nil
        }
    }

    @inline(__always) func value(forLowercasedKey key: String) -> ContextValue? {
        position(of: key).map { storage.contents[$0] }
    }

    /// The key's value when it has exactly one (the only kind a policy variable can take:
    /// multivalued keys never substitute).
    func singleValue(forLowercasedKey key: String) -> String? {
        guard let v = value(forLowercasedKey: key), !v.type.isList, v.values.count == 1 else { return nil }
        return v.values[0]
    }

    /// Keys present, as they were given.
    public var keys: [String] { storage.names }
}

extension RequestContext: ExpressibleByDictionaryLiteral {
    /// A context of single string values: `["aws:username": "ann", "aws:SourceIp": "203.0.113.7"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init()
        for (k, v) in elements { self[k] = ContextValue([v]) }
    }
}
