import Foundation
import Tutor

/// A small lesson for tests that pin what the prompt prints, so the shipped lessons' prose can
/// change without them: a narration, a question, a prediction, a recap.
public enum FixtureLessons {
    public static let trip = """
        format: 1
        id: trip
        title: A fixture trip
        summary: a question, a prediction and a recap
        minutes: 5
        world:
          - aws iam create-user --user-name dana
        steps:
          - id: story
            say: Dana needs EC2 for a while.
          - id: who
            ask: What do you give her?
            choices:
              - {id: user, text: a second user, feedback: A second identity to forget.}
              - {id: admins, text: the Admins group, feedback: "Far too much, for too long."}
              - {id: role, text: a role she may assume, correct: true, feedback: It ends by itself.}
            hints: [What ends by itself?]
          - id: predict
            predict: Today, can Dana describe EC2 instances?
            check: {as: user/dana, do: "ec2:DescribeInstances", on: "*"}
            explain: Nothing allows it yet.
            hints: [Look at her policies.]
          - id: recap
            recap: Roles end by themselves.
        """

    /// The fixture as a catalog, for a REPL value.
    public static var catalog: LessonCatalog {
        LessonCatalog(lessons: [try! LessonLoader.load(yaml: trip, file: "trip.yaml")])
    }

    /// The fixture written into a new folder, for the binary's `--lessons DIR`.
    public static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(trip.utf8).write(to: dir.appendingPathComponent("01-trip.yaml"))
        return dir.path
    }
}
