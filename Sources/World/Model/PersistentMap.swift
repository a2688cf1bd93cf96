/// A dictionary whose copies share their entries: adding to a copy makes a path of at most
/// log₃₂(count) small nodes (a hash array mapped trie), never a copy of the whole table.
///
/// Only what the world's name index needs: look up, add or replace. A table that loses entries
/// is built again.
struct PersistentMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// An inner node: one entry per set bit of `bitmap`, in bit order.
    final class Node: Sendable {
        let bitmap: UInt32
        let entries: [Entry]

        init(bitmap: UInt32, entries: [Entry]) {
            self.bitmap = bitmap
            self.entries = entries
        }
    }

    enum Entry: Sendable {
        /// The pairs whose keys hash to the same `hash` (almost always one).
        case bucket(hash: UInt, pairs: [Pair])
        case node(Node)
    }

    struct Pair: Sendable {
        var key: Key
        var value: Value
    }

    private var root = Node(bitmap: 0, entries: [])
    private(set) var count = 0

    init() {}

    subscript(key: Key) -> Value? {
        get {
            let hash = UInt(bitPattern: key.hashValue)
            var node = root
            var shift = 0
            while true {
                let bit = UInt32(1) << ((hash >> shift) & 31)
                guard node.bitmap & bit != 0 else { return nil }
                switch node.entries[(node.bitmap & (bit - 1)).nonzeroBitCount] {
                case .bucket(let h, let pairs):
                    return h == hash ? pairs.first { $0.key == key }?.value : nil
                case .node(let next):
                    node = next
                    shift += 5
                }
            }
        }
        set {
            guard let newValue else {
                // Removing is rare: build the table again without the key.
                guard self[key] != nil else { return }
                var rebuilt = PersistentMap()
                for pair in pairs where pair.key != key { rebuilt[pair.key] = pair.value }
                self = rebuilt
                return
            }
            var added = false
            root = Self.insert(Pair(key: key, value: newValue), hash: UInt(bitPattern: key.hashValue), into: root, shift: 0, added: &added)
            if added { count += 1 }
        }
    }

    private static func insert(_ pair: Pair, hash: UInt, into node: Node, shift: Int, added: inout Bool) -> Node {
        let bit = UInt32(1) << ((hash >> shift) & 31)
        let index = (node.bitmap & (bit - 1)).nonzeroBitCount
        var entries = node.entries
        guard node.bitmap & bit != 0 else {
            entries.insert(.bucket(hash: hash, pairs: [pair]), at: index)
            added = true
            return Node(bitmap: node.bitmap | bit, entries: entries)
        }
        switch entries[index] {
        case .bucket(let h, var pairs) where h == hash:
            if let i = pairs.firstIndex(where: { $0.key == pair.key }) {
                pairs[i] = pair
            } else {
                pairs.append(pair)
                added = true
            }
            entries[index] = .bucket(hash: hash, pairs: pairs)
        case .bucket(let h, let pairs):
            // Two hashes that agree so far: a node below tells them apart by their next bits.
            var below = Node(bitmap: UInt32(1) << ((h >> (shift + 5)) & 31), entries: [.bucket(hash: h, pairs: pairs)])
            below = insert(pair, hash: hash, into: below, shift: shift + 5, added: &added)
            entries[index] = .node(below)
        case .node(let next):
            entries[index] = .node(insert(pair, hash: hash, into: next, shift: shift + 5, added: &added))
        }
        return Node(bitmap: node.bitmap, entries: entries)
    }

    /// Every pair, in no particular order.
    var pairs: [Pair] {
        var out: [Pair] = []
        func walk(_ node: Node) {
            for entry in node.entries {
                switch entry {
                case .bucket(_, let pairs): out += pairs
                case .node(let next): walk(next)
                }
            }
        }
        walk(root)
        return out
    }
}
