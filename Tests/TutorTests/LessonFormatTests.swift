import Foundation
import TestSupport
import Testing
import Tutor
import Yams

/// Lesson files are YAML as written: editors and other YAML tools read them, variables included.
@Suite("the lesson format")
struct LessonFormatTests {
    @Test("every shipped lesson is valid YAML before its variables are drawn, and says its format")
    func validAsWritten() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: lessonsFolder).filter { $0.hasSuffix(".yaml") && $0 != "pack.yaml" }
        #expect(files.count == 14)
        for file in files {
            let text = try String(contentsOfFile: lessonsFolder + "/" + file, encoding: .utf8)
            let node = try Yams.compose(yaml: text)
            #expect(node?.mapping?["format"]?.int == 1, "\(file)")
            #expect(node?.mapping?["steps"]?.sequence?.isEmpty == false, "\(file)")
        }
    }

    @Test("a lesson in a newer format is refused with the place and what to do")
    func newerFormat() {
        do {
            _ = try LessonLoader.load(yaml: "format: 2\nid: x\ntitle: t\nsummary: s\nsteps:\n  - id: a\n    say: hi\n", file: "x.yaml")
            Issue.record("a format-2 lesson was read")
        } catch {
            #expect(
                error.description
                    == "x.yaml:1:9: format: this lesson is written in format 2; this iam-tutor reads format 1 and older (fix: use a newer iam-tutor)")
        }
    }
}

/// The coverage map tells practised from told.
@Suite("the coverage map")
struct CoverageTests {
    @Test("a concept named only by narration or a question is told only; a task's or prediction's is practised")
    func toldAndPractised() throws {
        let lesson = try LessonLoader.load(
            yaml: """
                id: c
                title: t
                summary: s
                teaches: [mfa, groups]
                world:
                  - aws iam create-user --user-name u
                steps:
                  - id: q
                    teaches: [groups]
                    ask: Which?
                    choices:
                      - {id: a, text: a, correct: true, feedback: f}
                      - {id: b, text: b, feedback: f}
                    hints: [h]
                  - id: p
                    teaches: [mfa]
                    predict: Can u list users?
                    check: {as: user/u, do: "iam:ListUsers", on: "*"}
                    explain: e
                    hints: [h]
                """, file: "c.yaml")
        let map = Coverage([lesson])
        #expect(map.concepts.map(\.id) == ["mfa", "groups"])
        #expect(map.concepts[0].checkedBy == ["c.p"])
        #expect(map.concepts[1].toldOnly)
        #expect(map.warnings == ["concept `groups` is only told (in c): no task or prediction practises it"])
        #expect(map.markdown.contains("| groups | **told only** | c |"))
    }
}
