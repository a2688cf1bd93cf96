import Foundation
import TestSupport
import Testing
import Tutor
import World

/// Lint refuses what would make a checker quietly wrong: names nothing creates, actions that do
/// not exist, variables nobody declared, a pack naming missing lessons, an empty folder.
@Suite("lint catches what would fool the checker")
struct LintCatchesTests {
    static let base = """
        id: t
        title: t
        summary: s
        minutes: 5
        world:
          - aws iam create-user --user-name u
        steps:
          - id: t1
            task: let u read
            goal:
              - can: {as: user/u, do: "s3:GetObject", on: "arn:aws:s3:::b/k"}
              - cannot: {as: user/tpyo, do: "s3:DeleteObject", on: "arn:aws:s3:::b/k"}
              - cannot: {as: user/u, do: "s3:DeleteObjekt", on: "arn:aws:s3:::b/k"}
            hints: [h]
            solution:
              - >-
                aws iam put-user-policy --user-name u --policy-name R --policy-document
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'
        """

    @Test("a goal about a principal nothing creates, and an action that does not exist")
    func namesAndActions() throws {
        let lesson = try LessonLoader.load(yaml: Self.base, file: "t.yaml")
        let problems = Lint.check([lesson]).map(\.description)
        #expect(problems.contains { $0.contains("a goal names user/tpyo, which does not exist after the solution") })
        #expect(problems.contains { $0.contains("`s3:DeleteObjekt` is not an action this world knows") && $0.contains("did you mean `s3:DeleteObject`?") })
    }

    @Test("an unknown ((variable)) is named with its line and column")
    func unknownVariable() {
        let yaml = "id: v\ntitle: t\nsummary: s\nvariants:\n  person: [dana]\nsteps:\n  - id: a\n    say: hello ((persn))\n"
        #expect(throws: LessonError.self) { try LessonLoader.load(yaml: yaml, file: "v.yaml") }
        do {
            _ = try LessonLoader.load(yaml: yaml, file: "v.yaml")
        } catch {
            #expect(error.description.hasPrefix("v.yaml:8:16:"))
            #expect(error.description.contains("unknown variable `((persn))`"))
            #expect(error.description.contains("did you mean `((person))`?"))
        }
    }

    @Test("through the binary: an empty folder, and a pack naming a lesson that is not there")
    func folderAndPack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (empty, text) = try Binary.run(["lint", dir.path], home: dir.path)
        #expect(empty == 1)
        #expect(text.contains("there are no lessons in this folder"))
        try Data("id: p\nversion: 1.0.0\ntitle: P\norder: [t, plumbr]\n".utf8).write(to: dir.appendingPathComponent("pack.yaml"))
        let fixed = Self.base.replacingOccurrences(of: "      - cannot: {as: user/tpyo, do: \"s3:DeleteObject\", on: \"arn:aws:s3:::b/k\"}\n", with: "")
            .replacingOccurrences(of: "DeleteObjekt", with: "DeleteObject")
        try Data(fixed.utf8).write(to: dir.appendingPathComponent("01-t.yaml"))
        let (status, out) = try Binary.run(["lint", dir.path], home: dir.path)
        #expect(status == 1)
        #expect(out.contains("pack.yaml names the lesson `plumbr`, which is not in this folder"))
        #expect(!out.contains("01-t.yaml"), "\(out)")
    }
}

/// The progress rules through the built binary, as a learner meets them.
@Suite("honest progress through the binary")
struct HonestProgressBinaryTests {
    @Test("a lesson finished by skipping is not done in the menu; hints do not unlock the solution")
    func skipsAndHints() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-honest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let (status, text) = try Binary.run(
            [], home: home, input: "start basics\nhint\nhint\nhint\nsolution\n" + String(repeating: "skip\n", count: 12) + "lessons\nquit\n")
        #expect(status == 0, "\(text)")
        #expect(text.contains("more time(s) before the solution is shown"))
        #expect(text.range(of: #"basics\s+[^\n]*skipped"#, options: .regularExpression) != nil, "\(text)")
        #expect(text.range(of: #"1 basics\s+[^\n]*done\n"#, options: .regularExpression) == nil)
    }
}
