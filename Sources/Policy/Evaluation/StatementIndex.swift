/// An index over many identity-based statements, so that a decision touches only those that can
/// apply: statements are filed by the service of each Action pattern and by the literal prefix of
/// each Resource pattern (the text before its first wildcard).
///
/// Statements the index cannot file precisely (NotAction, NotResource, a wildcard in the service,
/// a Resource with policy variables) are filed under every service and the empty prefix, so the
/// candidates are always a superset of the statements that match; every candidate is still
/// matched in full.
struct StatementIndex: Sendable {
    /// Below this many statements a plain scan is faster than the index.
    static let threshold = 48

    private var byService: [String: PrefixTrie] = [:]
    private var anyService = PrefixTrie()
    private var refs: [(policy: Int32, statement: Int32)] = []

    init?(_ policies: [CompiledPolicy]) {
        let total = policies.reduce(0) { $0 + $1.statements.count }
        guard total >= Self.threshold else { return nil }
        for (p, policy) in policies.enumerated() {
            for (s, statement) in policy.statements.enumerated() {
                let ref = Int32(refs.count)
                refs.append((Int32(p), Int32(s)))
                var prefixes: [[UInt8]] = []
                if statement.notResource || statement.resources == nil {
                    prefixes = [[]]
                } else {
                    for pattern in statement.resources! {
                        switch pattern {
                        case .glob(let g): prefixes.append(g.literalPrefix)
                        case .template: prefixes.append([])
                        }
                    }
                }
                var services: Set<String> = []
                var everyService = statement.notAction
                for glob in statement.actions {
                    let prefix = glob.literalPrefix
                    if let colon = prefix.firstIndex(of: UInt8(ascii: ":")) {
                        services.insert(String(decoding: prefix[..<colon], as: UTF8.self))
                    } else {
                        everyService = true
                    }
                }
                if everyService {
                    for prefix in prefixes { anyService.insert(prefix, ref) }
                } else {
                    for service in services {
                        for prefix in prefixes { byService[service, default: PrefixTrie()].insert(prefix, ref) }
                    }
                }
            }
        }
    }

    /// Calls `body` with (policy, statement) positions of every candidate until it returns false.
    /// A statement may be offered more than once.
    func forEachCandidate(service: String, resource: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Bool) {
        let visit: (Int32) -> Bool = { r in
            let ref = refs[Int(r)]
            return body(Int(ref.policy), Int(ref.statement))
        }
        if let trie = byService[service], !trie.forEachPrefix(of: resource, visit) { return }
        _ = anyService.forEachPrefix(of: resource, visit)
    }
}

/// A byte trie of literal prefixes, each node holding the references filed under its prefix.
struct PrefixTrie: Sendable {
    private struct Node: Sendable {
        var keys: [UInt8] = []
        var children: [Int32] = []
        var refs: [Int32] = []
    }

    private var nodes = [Node()]

    mutating func insert(_ prefix: [UInt8], _ ref: Int32) {
        var n = 0
        for b in prefix {
            if let i = nodes[n].keys.firstIndex(of: b) {
                n = Int(nodes[n].children[i])
            } else {
                nodes.append(Node())
                let child = Int32(nodes.count - 1)
                nodes[n].keys.append(b)
                nodes[n].children.append(child)
                n = Int(child)
            }
        }
        if nodes[n].refs.last != ref { nodes[n].refs.append(ref) }
    }

    /// Visits the references of every node whose prefix begins `input`; false if `body` stopped.
    func forEachPrefix(of input: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Bool) -> Bool {
        var n = 0
        var i = 0
        while true {
            for r in nodes[n].refs where !body(r) { return false }
            guard i < input.count, let k = nodes[n].keys.firstIndex(of: input[i]) else { return true }
            n = Int(nodes[n].children[k])
            i += 1
        }
    }
}
