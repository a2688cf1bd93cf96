import Shell
import Testing
import World

/// `undo` keeps the last changes only, so a long session costs memory in proportion to what it did.
@Suite("undo history")
struct UndoHistoryTests {
    @Test("`undo` takes back the last 50 changes, one by one, then says that older ones are gone")
    func boundedHistory() {
        var repl = REPL(world: World())
        let made = REPL.undoLimit + 10
        for i in 0..<made { _ = repl.execute("aws iam create-user --user-name u\(i)") }
        #expect(repl.world.accounts[0].users.count == made)
        for n in 1...REPL.undoLimit {
            #expect(repl.execute("undo").hasPrefix("Undone"))
            #expect(repl.world.accounts[0].users.count == made - n)
        }
        #expect(repl.execute("undo") == "Nothing more to undo: `undo` takes back the last \(REPL.undoLimit) changes.")
        #expect(repl.world.accounts[0].users.map(\.name) == (0..<10).map { "u\($0)" })
        #expect(repl.world.trail.count == 10)
    }

    @Test("`help undo` says how far back it reaches")
    func helpSaysTheLimit() {
        var repl = REPL(world: World())
        #expect(repl.execute("help undo").contains("back to \(REPL.undoLimit) changes"))
    }
}
