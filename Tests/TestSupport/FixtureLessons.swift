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

    /// A task whose solution takes two commands, with a rejected design that an attack gets
    /// into (omar may assume any role his account trusts).
    public static let helper = """
        format: 1
        id: helper
        title: A fixture task
        summary: a two-command task with a rejected design
        minutes: 5
        world:
          - aws iam create-user --user-name dana
          - aws iam create-user --user-name omar
          - >-
            aws iam put-user-policy --user-name omar --policy-name AssumeAny --policy-document
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}'
          - >-
            aws iam put-user-policy --user-name dana --policy-name AssumeAny --policy-document
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}'
        steps:
          - id: build
            task: Create a role Helper that dana may assume, allowed ec2:DescribeInstances.
            goal:
              - can: {as: user/dana, via: role/Helper, do: "ec2:DescribeInstances", on: "*"}
            reject:
              - name: trust the whole account
                commands:
                  - >-
                    aws iam create-role --role-name Helper --assume-role-policy-document
                    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}'
                  - >-
                    aws iam put-role-policy --role-name Helper --policy-name Look --policy-document
                    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}'
                because: Trusting the account lets omar in.
            hints: [Trust dana by name.]
            solution:
              - >-
                aws iam create-role --role-name Helper --assume-role-policy-document
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole"}]}'
              - >-
                aws iam put-role-policy --role-name Helper --policy-name Look --policy-document
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}'
          - id: recap
            recap: Trust people by name.
        """

    /// A lesson whose tasks have a shape to draw (`goal`): a role for dana with MFA that eve must
    /// not assume, then a role an EC2 instance carries.
    public static let shape = """
        format: 1
        id: shape
        title: A fixture shape
        summary: a role for dana with MFA, then one for an instance
        minutes: 5
        world:
          - aws iam create-user --user-name dana
          - aws iam create-user --user-name eve
          - aws s3 mb s3://data
        steps:
          - id: make-role
            task: Create a role ProjectEC2 that only dana may assume, with MFA, allowing EC2.
            goal:
              - can: {as: user/dana, via: role/ProjectEC2, mfa: true, do: "ec2:RunInstances", on: "*"}
              - cannot: {as: user/dana, via: role/ProjectEC2, mfa: false, do: "ec2:RunInstances", on: "*"}
              - cannot: {as: user/dana, do: "ec2:RunInstances", on: "*"}
              - cannot: {as: user/eve, via: role/ProjectEC2, do: "sts:AssumeRole", on: "arn:aws:iam::111122223333:role/ProjectEC2"}
            needs: ["ec2:*"]
            hints: [a role with MFA in its trust]
            solution:
              - >-
                aws iam create-role --role-name ProjectEC2 --assume-role-policy-document
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}'
              - aws iam attach-role-policy --role-name ProjectEC2 --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess
          - id: app
            task: Run an instance that carries AppRole, which reads the data bucket.
            goal:
              - instance-with-role: AppRole
              - can: {as: instance/*, do: "s3:GetObject", on: "arn:aws:s3:::data/x"}
            hints: [a role EC2 may assume, in an instance profile]
            solution:
              - >-
                aws iam create-role --role-name AppRole --assume-role-policy-document
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
              - >-
                aws iam put-role-policy --role-name AppRole --policy-name Read --policy-document
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}'
              - aws iam create-instance-profile --instance-profile-name AppRole
              - aws iam add-role-to-instance-profile --instance-profile-name AppRole --role-name AppRole
              - aws ec2 run-instances --image-id ami-0abcdef1234567890 --iam-instance-profile Name=AppRole
          - id: recap
            recap: Draw the goal, then build it.
        """

    /// The fixture as a catalog, for a REPL value.
    public static var catalog: LessonCatalog {
        LessonCatalog(lessons: [try! LessonLoader.load(yaml: trip, file: "trip.yaml")])
    }

    /// The trip and the task, as a catalog.
    public static var withTask: LessonCatalog {
        LessonCatalog(lessons: [try! LessonLoader.load(yaml: trip, file: "trip.yaml"), try! LessonLoader.load(yaml: helper, file: "helper.yaml")])
    }

    /// The fixture written into a new folder, for the binary's `--lessons DIR`.
    public static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(trip.utf8).write(to: dir.appendingPathComponent("01-trip.yaml"))
        return dir.path
    }
}
