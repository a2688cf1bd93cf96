/// Python's `difflib.get_close_matches`, which the AWS CLI uses to suggest a command: the
/// candidates whose similarity ratio (2·M/T, M the characters of the longest matching blocks,
/// found recursively as `SequenceMatcher` finds them) is at least the cutoff, best first, at most
/// `n`.
enum CloseMatches {
    static func find(_ word: String, among candidates: [String], n: Int = 3, cutoff: Double = 0.8) -> [String] {
        let w = Array(word)
        var scored: [(Double, String)] = []
        for candidate in candidates {
            let c = Array(candidate)
            guard !w.isEmpty || !c.isEmpty else { continue }
            let r = 2.0 * Double(matching(c, w)) / Double(c.count + w.count)
            if r >= cutoff { scored.append((r, candidate)) }
        }
        // Python sorts (score, word) pairs and takes the largest: equal scores, the later word first.
        return scored.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 > $1.1 }.prefix(n).map(\.1)
    }

    /// The characters in matching blocks: the longest common block (the earliest in `a`, then in
    /// `b`), then the same on each side of it.
    static func matching(_ a: [Character], _ b: [Character]) -> Int {
        var total = 0
        var queue = [(0, a.count, 0, b.count)]
        while let (alo, ahi, blo, bhi) = queue.popLast() {
            var best = (i: alo, j: blo, size: 0)
            var lengths: [Int: Int] = [:]
            for i in alo..<ahi {
                var next: [Int: Int] = [:]
                for j in blo..<bhi where a[i] == b[j] {
                    let k = (lengths[j - 1] ?? 0) + 1
                    next[j] = k
                    if k > best.size { best = (i - k + 1, j - k + 1, k) }
                }
                lengths = next
            }
            guard best.size > 0 else { continue }
            total += best.size
            if alo < best.i && blo < best.j { queue.append((alo, best.i, blo, best.j)) }
            if best.i + best.size < ahi && best.j + best.size < bhi { queue.append((best.i + best.size, ahi, best.j + best.size, bhi)) }
        }
        return total
    }
}

extension String {
    /// Left-justified to `width` columns (Python's `'%-40s'`).
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
