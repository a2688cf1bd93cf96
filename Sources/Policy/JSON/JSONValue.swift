/// A parsed JSON value that remembers where it came from.
///
/// Policy documents are read with positions so that every error and every matched statement can
/// point at its line and column, as AWS's `MalformedPolicyDocument` errors and the simulator's
/// `StartPosition`/`EndPosition` do.
public struct JSONNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case object([JSONMember])
        case array([JSONNode])
        case string(String)
        /// The number's text as written, so that `"2.5"` and `2.5` compare the same way AWS does.
        case number(String)
        case bool(Bool)
        case null
    }

    public var kind: Kind
    // Offsets are kept in 32 bits: documents are far smaller than 4 GiB, and large inputs
    // (benchmark workloads) hold millions of nodes.
    private var start32: UInt32
    private var end32: UInt32

    /// Byte offset of the value's first character in the source.
    public var start: Int { Int(start32) }
    /// Byte offset just past the value's last character.
    public var end: Int { Int(end32) }

    public init(_ kind: Kind, start: Int, end: Int) {
        self.kind = kind
        start32 = UInt32(truncatingIfNeeded: start)
        end32 = UInt32(truncatingIfNeeded: end)
    }

    /// The members of an object, or nil.
    public var members: [JSONMember]? {
        if case .object(let m) = kind { return m }
        return nil
    }

    /// The text of a string, or nil.
    public var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    /// The member named `key` (exact spelling), if this is an object that has it.
    public subscript(key: String) -> JSONNode? {
        members?.first(where: { $0.key == key })?.value
    }

    /// A short name for the value's JSON type, for error messages.
    public var typeName: String {
        switch kind {
        case .object: "an object"
        case .array: "a list"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// A scalar as the text AWS would compare (strings as they are, numbers as written,
    /// booleans as `true`/`false`); nil for objects, lists and null.
    public var scalarText: String? {
        switch kind {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .object, .array, .null: nil
        }
    }
}

/// One `"key": value` pair of a JSON object, in source order.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONNode
    private var keyStart32: UInt32

    /// Byte offset of the key's opening quote.
    public var keyStart: Int { Int(keyStart32) }

    public init(key: String, keyStart: Int, value: JSONNode) {
        self.key = key
        self.keyStart32 = UInt32(truncatingIfNeeded: keyStart)
        self.value = value
    }
}
