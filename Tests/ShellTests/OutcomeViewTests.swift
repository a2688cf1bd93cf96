import Shell
import TestSupport
import Testing
import Tutor
import World

/// The lesson run says what happened; the shell says it to the learner: ✓ and ✗ on a terminal,
/// words under --plain, the lesson's own feedback in between.
@Suite("what a lesson run did, as the learner reads it")
struct OutcomeViewTests {
    func transcript(plain: Bool, _ lines: [String]) -> String {
        var repl = REPL(world: .sandbox(), style: Style(color: false, plain: plain), lessons: FixtureLessons.catalog, store: MemoryProgressStore())
        var input = ScriptInput(lines: lines)
        var out = ""
        _ = repl.run(input: &input, output: { out += $0 + "\n" })
        return out
    }

    @Test("marks: ✓ and ✗ on a terminal, RIGHT: and NOT QUITE: under --plain")
    func marks() {
        let lines = ["start trip", "a", "c", "allowed"]
        let marked = transcript(plain: false, lines)
        #expect(marked.contains("✗ Not quite: A second identity to forget.\n(`hint` helps.)"))
        #expect(marked.contains("✓ Right. It ends by itself.\n\n[predict 2/2] Today, can Dana describe EC2 instances?\nAnswer allowed or denied."))
        #expect(marked.contains("✗ The simulation disagrees. It is denied ("))
        #expect(marked.contains("── recap ──\nRoles end by themselves.\n\nLesson trip done."))
        let plain = transcript(plain: true, lines)
        #expect(plain.contains("NOT QUITE: Not quite: A second identity to forget."))
        #expect(plain.contains("RIGHT: Right. It ends by itself."))
        #expect(plain.contains("NOT QUITE: The simulation disagrees."))
        #expect(plain.contains("Recap: Roles end by themselves."))
        #expect(!plain.contains("✓") && !plain.contains("✗"), "no marks but words under --plain")
    }

    @Test("after enough tries a wrong answer offers the solution, and `solution` gives the letter")
    func solutionOffered() {
        let out = transcript(plain: false, ["start trip", "a", "b", "solution", "hint", "hint"])
        #expect(out.contains("✗ Not quite: A second identity to forget.\n(`hint` helps.)"))
        #expect(out.contains("✗ Not quite: Far too much, for too long.\n(`hint` helps; `solution` shows the answer.)"))
        #expect(out.contains("The answer is c. Type it to go on."))
        #expect(out.contains("Hint 1/1: What ends by itself?"))
        #expect(!out.contains("(`hint` again for more)"), "the last hint does not promise more")
    }
}
