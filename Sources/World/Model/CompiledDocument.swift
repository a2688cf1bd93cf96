import Policy

/// A policy document compiled once, when it is written, kept beside its text.
///
/// Two values are always equal and hash alike: the text next to it is what identifies a policy
/// (an entity's `==` compares texts); this is only the text in the form the engine reads.
public struct CompiledDocument: Sendable, Hashable {
    /// The compiled policy, or nil when the text does not parse (the command layer refuses such
    /// text before it is stored, so nil only appears for documents made by hand in tests).
    public let policy: CompiledPolicy?

    /// Compiles `text` as a policy of `kind`.
    public init(_ text: String, kind: PolicyKind) {
        policy = try? CompiledPolicy(json: text, kind: kind, id: "", sourceType: "")
    }

    init(compiled: CompiledPolicy?) { policy = compiled }

    /// The compiled policy under the name the trace uses for it (no parsing, no compiling).
    public func named(_ id: String, type: String) -> CompiledPolicy? {
        policy?.renamed(id: id, sourceType: type)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
