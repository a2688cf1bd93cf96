import Synchronization

/// The identity-based statements of a policy set laid out for fast scanning: every Action and
/// Resource pattern packed into one arena, every statement a plain record. The fast
/// path runs this prefilter first and hands each statement whose action and resource can match to
/// the full statement match, so the semantics stay those of `Scan.match`.
///
/// With many statements it also keeps an index: statements filed by the service of each Action
/// pattern and by the literal prefix of each Resource pattern (for `arn:…:svc:*:…` patterns, by
/// the text after the wildcard segment too), with structurally identical statements filed once.
/// Candidates are always a superset of the statements that can match.
final class IdentityProgram: Sendable {
    /// Programs already built, by the policies they were built from (in order): a caller's
    /// policies are gathered for every request, but their program is laid out once. The entries
    /// hold their policies' origins, so an identifier is never reused while its entry lives.
    private static let cache = Mutex<
        (entries: [[ObjectIdentifier]: (origins: [CompiledPolicy.Origin], program: IdentityProgram)], order: [[ObjectIdentifier]])
    >((entries: [:], order: []))
    static let cacheLimit = 4096

    /// The program for these policies, built once for each distinct list.
    static func cached(_ policies: [CompiledPolicy]) -> IdentityProgram {
        if policies.isEmpty { return empty }
        let key = policies.map { ObjectIdentifier($0.origin) }
        if let hit = cache.withLock({ $0.entries[key]?.program }) { return hit }
        let program = IdentityProgram(policies)
        cache.withLock { state in
            if state.entries[key] == nil {
                state.entries[key] = (policies.map(\.origin), program)
                state.order.append(key)
                if state.order.count > cacheLimit {
                    let drop = state.order.count - cacheLimit / 2
                    for old in state.order.prefix(drop) { state.entries[old] = nil }
                    state.order.removeFirst(drop)
                }
            }
        }
        return program
    }

    static let empty = IdentityProgram([])

    /// Below this many statements a plain scan beats the index.
    static let indexThreshold = 48

    /// One statement's record: 32 bytes, its patterns found by position in `patterns`.
    struct Statement {
        /// One bit per service its Action patterns name (all bits for NotAction or a wildcard
        /// service), so most statements of other services are passed over without reading a pattern.
        let services: UInt64
        let actionStart: Int32
        let actionCount: Int32
        /// -1 when the resource check needs the full match (policy variables, no Resource).
        let resourceStart: Int32
        let resourceCount: Int32
        private let flags: UInt8

        init(
            services: UInt64, actionStart: Int32, actionCount: Int32, resourceStart: Int32, resourceCount: Int32,
            notAction: Bool, notResource: Bool, isDeny: Bool, decidedByPrefilter: Bool
        ) {
            self.services = services
            self.actionStart = actionStart
            self.actionCount = actionCount
            self.resourceStart = resourceStart
            self.resourceCount = resourceCount
            flags = (notAction ? 1 : 0) | (notResource ? 2 : 0) | (isDeny ? 4 : 0) | (decidedByPrefilter ? 8 : 0)
        }

        var notAction: Bool { flags & 1 != 0 }
        var notResource: Bool { flags & 2 != 0 }
        var isDeny: Bool { flags & 4 != 0 }
        /// No conditions and static resources: passing the prefilter is a match.
        var decidedByPrefilter: Bool { flags & 8 != 0 }
    }

    /// The bit of a (lower-cased) service prefix in `Statement.services`.
    static func serviceBit<S: Sequence<UInt8>>(_ service: S) -> UInt64 {
        1 << (fnv1a64(service) % 64)
    }

    /// The services an Action element can name, as bits.
    static func serviceMask(_ statement: CompiledStatement) -> UInt64 {
        if statement.notAction { return ~0 }
        var mask: UInt64 = 0
        for glob in statement.actions {
            let prefix = glob.literalPrefix
            guard let colon = prefix.firstIndex(of: UInt8(ascii: ":")) else { return ~0 }
            mask |= serviceBit(prefix[..<colon])
        }
        return mask
    }

    private let statements: [Statement]
    /// Every statement's Action patterns, then its static Resource patterns, in statement order.
    private let patterns: GlobArena
    /// The compiled statements, parallel to the statement records, for the full match.
    let compiled: [CompiledStatement]
    private let index: ResourceIndex?

    init(_ policies: [CompiledPolicy]) {
        var globs: [Glob] = []
        var records: [Statement] = []
        var compiled: [CompiledStatement] = []
        func pack(_ list: [Glob]) -> Int32 {
            defer { globs += list }
            return Int32(globs.count)
        }
        for policy in policies {
            for st in policy.statements {
                compiled.append(st)
                records.append(
                    Statement(
                        services: Self.serviceMask(st), actionStart: pack(st.actions), actionCount: Int32(st.actions.count),
                        resourceStart: st.staticResources.map(pack) ?? -1, resourceCount: Int32(st.staticResources?.count ?? 0),
                        notAction: st.notAction, notResource: st.notResource, isDeny: st.isDeny,
                        decidedByPrefilter: st.staticResources != nil && st.conditions.isEmpty && st.principal == nil))
            }
        }
        statements = records
        patterns = GlobArena(globs)
        self.compiled = compiled
        index = records.count >= Self.indexThreshold ? ResourceIndex(compiled) : nil
    }

    /// Whether the statement's Action and Resource elements can match (a superset of `Scan.match`).
    @inline(__always)
    private static func prefilter(
        _ s: Statement, _ g: UnsafeBufferPointer<PackedGlob>, serviceBit: UInt64, action: UnsafeBufferPointer<UInt8>, resource: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard s.services & serviceBit != 0 else { return false }
        var hit = false
        for i in Int(s.actionStart)..<Int(s.actionStart + s.actionCount) where g[i].matches(bytes: action) {
            hit = true
            break
        }
        if hit == s.notAction { return false }
        guard s.resourceStart >= 0 else { return true }
        hit = false
        for i in Int(s.resourceStart)..<Int(s.resourceStart + s.resourceCount) where g[i].matches(bytes: resource) {
            hit = true
            break
        }
        return hit != s.notResource
    }

    /// Calls `body` with the position of each statement that passes the prefilter, in order
    /// (through the index when there is one), until it returns false.
    func forEachCandidate(
        service: String, serviceBit: UInt64, action: UnsafeBufferPointer<UInt8>, resource: UnsafeBufferPointer<UInt8>, _ body: (Statement, Int) -> Bool
    ) {
        patterns.globs.withUnsafeBufferPointer { g in
            statements.withUnsafeBufferPointer { list in
                if let index {
                    index.forEachCandidate(service: service, resource: resource) { i in
                        let s = list[Int(i)]
                        return !Self.prefilter(s, g, serviceBit: serviceBit, action: action, resource: resource) || body(s, Int(i))
                    }
                    return
                }
                for i in list.indices where Self.prefilter(list[i], g, serviceBit: serviceBit, action: action, resource: resource) {
                    if !body(list[i], i) { return }
                }
            }
        }
    }
}

/// Statements filed by service and by resource prefix.
struct ResourceIndex: Sendable {
    private var byService: [String: Buckets] = [:]
    private var anyService = Buckets()

    /// A literal-prefix trie, plus tries for patterns of the form `PREFIX*:REST` (a wildcard
    /// segment such as the region), keyed by PREFIX and then by REST's literal prefix.
    struct Buckets: Sendable {
        var prefixes = PrefixTrie()
        var afterWildcardSegment: [([UInt8], PrefixTrie)] = []

        mutating func insert(_ glob: Glob?, _ ref: Int32) {
            guard let glob else {
                prefixes.insert([], ref)
                return
            }
            let units = glob.units
            let n = glob.prefixCount
            // PREFIX ends with ':' and is followed by "*:": file under the text after "*:".
            if n > 0, units[n - 1] == Glob.Unit(UInt8(ascii: ":")), n + 1 < units.count, units[n] == Glob.anyRun,
                units[n + 1] == Glob.Unit(UInt8(ascii: ":"))
            {
                let head = Array(units[..<n])
                let restUnits = Array(units[(n + 2)...])
                let rest = Array(restUnits.prefix(while: { !Glob.isWildcard($0) }))
                if let i = afterWildcardSegment.firstIndex(where: { $0.0 == head }) {
                    afterWildcardSegment[i].1.insert(rest, ref)
                } else {
                    var trie = PrefixTrie()
                    trie.insert(rest, ref)
                    afterWildcardSegment.append((head, trie))
                }
                return
            }
            prefixes.insert(glob.literalPrefix, ref)
        }

        func forEach(_ input: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Bool) -> Bool {
            guard prefixes.forEachPrefix(of: input, body) else { return false }
            for (head, trie) in afterWildcardSegment where input.count > head.count && input.starts(with: head) {
                // The wildcard segment ends at some ':' at or after the head; try each.
                var k = head.count
                while k < input.count {
                    if input[k] == UInt8(ascii: ":") {
                        let rest = UnsafeBufferPointer(rebasing: input[(k + 1)...])
                        guard trie.forEachPrefix(of: rest, body) else { return false }
                    }
                    k += 1
                }
            }
            return true
        }
    }

    init(_ statements: [CompiledStatement]) {
        var seen: Set<StatementShape> = []
        for (i, compiled) in statements.enumerated() {
            // A statement identical to one filed already decides identically: file it once.
            guard seen.insert(StatementShape(compiled.source)).inserted else { continue }
            let ref = Int32(i)
            var globs: [Glob?] = []
            if compiled.notResource || compiled.resources == nil {
                globs = [nil]
            } else {
                for pattern in compiled.resources! {
                    switch pattern {
                    case .glob(let g): globs.append(g)
                    case .template: globs.append(nil)
                    }
                }
            }
            var services: Set<String> = []
            var everyService = compiled.notAction
            for glob in compiled.actions {
                let prefix = glob.literalPrefix
                if let colon = prefix.firstIndex(of: UInt8(ascii: ":")) {
                    services.insert(String(decoding: prefix[..<colon], as: UTF8.self))
                } else {
                    everyService = true
                }
            }
            if everyService {
                for g in globs { anyService.insert(g, ref) }
            } else {
                for service in services {
                    for g in globs { byService[service, default: Buckets()].insert(g, ref) }
                }
            }
        }
    }

    /// Calls `body` with candidate statement positions until it returns false; a position may
    /// come more than once.
    func forEachCandidate(service: String, resource: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Bool) {
        if let buckets = byService[service], !buckets.forEach(resource, body) { return }
        _ = anyService.forEach(resource, body)
    }
}

/// What makes two statements decide alike: everything but their Sid and position.
struct StatementShape: Hashable {
    let effect: Effect
    let principal: PrincipalElement?
    let action: ActionElement
    let resource: ResourceElement?
    let conditions: [ConditionClause]

    init(_ s: PolicyStatement) {
        effect = s.effect
        principal = s.principal
        action = s.action
        resource = s.resource
        conditions = s.conditions
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
