/// An array whose copies share their elements: appending to a copy, or changing one of its
/// elements, makes at most a 32-element leaf and a path of log₃₂(count) nodes, never a copy of the
/// whole array.
///
/// The world keeps its long, growing lists in it (the audit trail, users, roles, sessions), so the
/// snapshots `undo` keeps cost what changed, not what there is. Elements sit in a tree of
/// immutable nodes of 32 (a persistent vector); the last, unfinished leaf is kept apart (`tail`).
///
/// ```swift
/// var trail: PersistentArray<Int> = [1, 2, 3]
/// let snapshot = trail
/// trail.append(4)  // the snapshot still sees [1, 2, 3]; the two share 1, 2, 3
/// ```
public struct PersistentArray<Element: Sendable>: Sendable {
    /// A node of the tree: inner nodes hold `children`, leaves hold 32 `elements`.
    final class Node: Sendable {
        let children: [Node]
        let elements: [Element]

        init(children: [Node]) {
            self.children = children
            self.elements = []
        }

        init(elements: [Element]) {
            self.children = []
            self.elements = elements
        }
    }

    static var width: Int { 32 }
    static var bits: Int { 5 }

    /// The full leaves, in order; `shift` is the number of index bits above the leaf's own.
    private var root = Node(children: [])
    private var shift = Self.bits
    /// The last elements (fewer than 33), not yet in the tree.
    private var tail: [Element] = []
    public private(set) var count = 0

    public init() {}

    /// Where the tail begins.
    private var tailOffset: Int { count - tail.count }

    /// Appends in O(log₃₂ count): the tail, once full, becomes a leaf of the tree.
    public mutating func append(_ element: Element) {
        if tail.count == Self.width {
            let leaf = Node(elements: tail)
            let leaves = tailOffset >> Self.bits
            if leaves == 1 << shift {
                root = Node(children: [root, Self.path(shift, leaf)])
                shift += Self.bits
            } else {
                root = Self.push(leaf, into: root, level: shift, index: tailOffset)
            }
            tail = [element]
        } else {
            tail.append(element)
        }
        count += 1
    }

    private static func path(_ level: Int, _ leaf: Node) -> Node {
        level == 0 ? leaf : Node(children: [path(level - bits, leaf)])
    }

    private static func push(_ leaf: Node, into node: Node, level: Int, index: Int) -> Node {
        var children = node.children
        let slot = (index >> level) & (width - 1)
        if level == bits {
            children.append(leaf)
        } else if slot < children.count {
            children[slot] = push(leaf, into: children[slot], level: level - bits, index: index)
        } else {
            children.append(path(level - bits, leaf))
        }
        return Node(children: children)
    }

    /// The leaf that holds `index` (below the tail).
    private func leaf(_ index: Int) -> [Element] {
        var node = root
        var level = shift
        while level > 0 {
            node = node.children[(index >> level) & (Self.width - 1)]
            level -= Self.bits
        }
        return node.elements
    }

    private static func replacing(_ index: Int, with element: Element, in node: Node, level: Int) -> Node {
        if level == 0 {
            var elements = node.elements
            elements[index & (width - 1)] = element
            return Node(elements: elements)
        }
        var children = node.children
        let slot = (index >> level) & (width - 1)
        children[slot] = replacing(index, with: element, in: children[slot], level: level - bits)
        return Node(children: children)
    }
}

extension PersistentArray: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "index out of range")
            let offset = tailOffset
            return position >= offset ? tail[position - offset] : leaf(position)[position & (Self.width - 1)]
        }
        set {
            precondition(position >= 0 && position < count, "index out of range")
            let offset = tailOffset
            if position >= offset {
                tail[position - offset] = newValue
            } else {
                root = Self.replacing(position, with: newValue, in: root, level: shift)
            }
        }
    }

    /// Walks leaf by leaf rather than down the tree for every element.
    public struct Iterator: IteratorProtocol {
        let array: PersistentArray
        var index = 0
        var current: [Element] = []
        var base = 0

        public mutating func next() -> Element? {
            guard index < array.count else { return nil }
            if current.isEmpty || index == base + current.count {
                let offset = array.tailOffset
                base = index >= offset ? offset : index & ~(PersistentArray.width - 1)
                current = index >= offset ? array.tail : array.leaf(index)
            }
            defer { index += 1 }
            return current[index - base]
        }
    }

    public func makeIterator() -> Iterator { Iterator(array: self) }
}

extension PersistentArray: RangeReplaceableCollection {
    /// Appending is fast; any other change builds the array again, in O(count).
    public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C) where C.Element == Element {
        if subrange.isEmpty && subrange.lowerBound == count {
            for element in newElements { append(element) }
            return
        }
        var rebuilt = PersistentArray()
        for element in self[..<subrange.lowerBound] { rebuilt.append(element) }
        for element in newElements { rebuilt.append(element) }
        for element in self[subrange.upperBound...] { rebuilt.append(element) }
        self = rebuilt
    }

    public mutating func append<S: Sequence>(contentsOf newElements: S) where S.Element == Element {
        for element in newElements { append(element) }
    }

    public mutating func removeAll(keepingCapacity: Bool = false) { self = PersistentArray() }
}

extension PersistentArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension PersistentArray: Equatable where Element: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && (lhs.root === rhs.root && lhs.tail == rhs.tail || lhs.elementsEqual(rhs))
    }
}

extension PersistentArray: Hashable where Element: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }
}

extension PersistentArray: CustomStringConvertible {
    public var description: String { Array(self).description }
}
