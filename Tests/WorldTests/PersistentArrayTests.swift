import Testing

@testable import World

/// The world's shared lists behave as arrays, and copies never see each other's changes.
@Suite("persistent array and map")
struct PersistentArrayTests {
    /// A seeded generator for the operations.
    struct Rng {
        var generator = IDGenerator(seed: 7)
        mutating func below(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
    }

    @Test("appends, element changes and removals agree with Array, across tree levels", arguments: [0, 1, 31, 32, 33, 1024, 1057, 33_000])
    func agreesWithArray(size: Int) {
        var shared = PersistentArray<Int>()
        var plain: [Int] = []
        for i in 0..<size {
            shared.append(i)
            plain.append(i)
        }
        #expect(Array(shared) == plain)
        #expect(shared.count == plain.count)
        var rng = Rng()
        for _ in 0..<min(size, 200) {
            let i = rng.below(size)
            shared[i] = -i
            plain[i] = -i
        }
        #expect(Array(shared) == plain)
        #expect(shared.indices.allSatisfy { shared[$0] == plain[$0] })
        if size > 2 {
            shared.remove(at: size / 2)
            plain.remove(at: size / 2)
            shared.removeAll { $0 % 3 == 0 }
            plain.removeAll { $0 % 3 == 0 }
            shared.append(contentsOf: [7, 8, 9])
            plain.append(contentsOf: [7, 8, 9])
        }
        #expect(Array(shared) == plain)
        #expect(shared == PersistentArray(plain))
        #expect(shared.suffix(30).elementsEqual(plain.suffix(30)))
    }

    @Test("a snapshot keeps its elements while the original grows and changes")
    func snapshotsAreValues() {
        var trail = PersistentArray<Int>()
        var snapshots: [(PersistentArray<Int>, Int)] = []
        for i in 0..<2_000 {
            if i % 97 == 0 { snapshots.append((trail, i)) }
            trail.append(i)
        }
        trail[5] = -5
        var branch = snapshots[3].0
        branch.append(-1)
        for (snapshot, count) in snapshots {
            #expect(Array(snapshot) == Array(0..<count))
        }
        #expect(Array(branch) == Array(0..<(3 * 97)) + [-1])
        #expect(trail[5] == -5 && trail.count == 2_000)
        trail.removeAll()
        #expect(trail.isEmpty && snapshots.last!.0.count == 1_940)
    }

    @Test("the map finds what was filed, replaces, removes, and copies stay apart")
    func mapAgreesWithDictionary() {
        var shared = PersistentMap<String, Int>()
        var plain: [String: Int] = [:]
        for i in 0..<5_000 {
            shared["u\(i)"] = i
            plain["u\(i)"] = i
        }
        let snapshot = shared
        shared["u10"] = 99
        shared["u11"] = nil
        plain["u10"] = 99
        plain["u11"] = nil
        #expect(shared.count == plain.count)
        #expect(plain.allSatisfy { shared[$0.key] == $0.value })
        #expect(shared["u11"] == nil && shared["nobody"] == nil)
        #expect(snapshot["u10"] == 10 && snapshot["u11"] == 11 && snapshot.count == 5_000)
    }

    @Test("users are found by name without regard to case, after adds and removals")
    func namesFound() {
        var world = World()
        for i in 0..<100 { ok(&world, "aws iam create-user --user-name User\(i)") }
        ok(&world, "aws iam delete-user --user-name user50")
        let account = world.accounts[0]
        #expect(account.userIndex("USER99") == 98)
        #expect(account.userIndex("user50") == nil)
        #expect(account.user("user7")?.name == "User7")
        fails(&world, "aws iam create-user --user-name USER7", .entityAlreadyExists)
    }
}
