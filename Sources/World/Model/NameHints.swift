/// Positions of names, by their lower-case form: an index beside the entities, never part of what
/// a value is (two are always equal).
///
/// Names are filed when an entity is added and all again when one is removed; IAM names do not
/// change in place (the simulation has no rename), so a name not filed is not there. Shared with
/// the snapshots `undo` keeps: filing one name makes a few small nodes.
struct NameHints: Sendable, Hashable {
    private var positions = PersistentMap<String, Int>()

    init() {}

    /// After an append only the new name is filed; anything else files them all again.
    mutating func update<Names: BidirectionalCollection<String>>(_ names: Names, old count: Int) {
        if names.count == count + 1, let last = names.last {
            let key = last.lowercased()
            if positions[key] == nil { positions[key] = names.count - 1 }
            return
        }
        positions = PersistentMap()
        for (i, n) in names.enumerated() where positions[n.lowercased()] == nil { positions[n.lowercased()] = i }
    }

    /// Where `name` is among `names` (compared without regard to case), or nil.
    func position<Names: RandomAccessCollection<String>>(_ name: String, in names: Names) -> Int? where Names.Index == Int {
        guard let i = positions[name.lowercased()], names.indices.contains(i), names[i].sameIgnoringCase(name) else {
            assert(!names.contains { $0.sameIgnoringCase(name) }, "\(name) is there but was not filed")
            return nil
        }
        return i
    }

    static func == (lhs: Self, rhs: Self) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
