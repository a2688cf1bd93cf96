import Foundation
import Testing

/// Runs the built `iam-tutor` binary, as a user would.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The `iam-tutor` built beside this test bundle.
    static var executable: URL {
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return here.appendingPathComponent("iam-tutor")
    }

    init(_ arguments: [String], stdin: String? = nil) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
    }
}

func temporaryFile(_ text: String, name: String = "request.json") throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}

let request = """
    {
      "PolicyInputList": ["{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\\"Read\\",\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"arn:aws:s3:::reports/*\\"}]}"],
      "ActionNames": ["s3:GetObject", "s3:PutObject"],
      "ResourceArns": ["arn:aws:s3:::reports/q1.csv"],
      "CallerArn": "arn:aws:iam::111122223333:user/alice"
    }
    """

@Suite("iam-tutor simulate, through the built binary")
struct SimulateCommandTests {
    @Test func answersInTheSimulatorsResponseShape() throws {
        let run = try Run(["simulate", "--cli-input-json", "file://" + (try temporaryFile(request)).path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(
            run.stdout == """
                {
                    "EvaluationResults": [
                        {
                            "EvalActionName": "s3:GetObject",
                            "EvalResourceName": "arn:aws:s3:::reports/q1.csv",
                            "EvalDecision": "allowed",
                            "MatchedStatements": [
                                {
                                    "SourcePolicyId": "PolicyInputList.1",
                                    "SourcePolicyType": "IAM Policy",
                                    "StartPosition": {
                                        "Line": 1,
                                        "Column": 38
                                    },
                                    "EndPosition": {
                                        "Line": 1,
                                        "Column": 128
                                    }
                                }
                            ],
                            "MissingContextValues": [],
                            "ResourceSpecificResults": [
                                {
                                    "EvalResourceName": "arn:aws:s3:::reports/q1.csv",
                                    "EvalResourceDecision": "allowed",
                                    "MatchedStatements": [
                                        {
                                            "SourcePolicyId": "PolicyInputList.1",
                                            "SourcePolicyType": "IAM Policy",
                                            "StartPosition": {
                                                "Line": 1,
                                                "Column": 38
                                            },
                                            "EndPosition": {
                                                "Line": 1,
                                                "Column": 128
                                            }
                                        }
                                    ],
                                    "MissingContextValues": []
                                }
                            ]
                        },
                        {
                            "EvalActionName": "s3:PutObject",
                            "EvalResourceName": "arn:aws:s3:::reports/q1.csv",
                            "EvalDecision": "implicitDeny",
                            "MatchedStatements": [],
                            "MissingContextValues": [],
                            "ResourceSpecificResults": [
                                {
                                    "EvalResourceName": "arn:aws:s3:::reports/q1.csv",
                                    "EvalResourceDecision": "implicitDeny",
                                    "MatchedStatements": [],
                                    "MissingContextValues": []
                                }
                            ]
                        }
                    ],
                    "IsTruncated": false
                }

                """)
    }

    @Test func readsABarePathAndStandardInput() throws {
        let path = try temporaryFile(request).path
        let fromPath = try Run(["simulate", "--cli-input-json", path])
        let fromStdin = try Run(["simulate", "--cli-input-json", "-"], stdin: request)
        #expect(fromPath.status == 0)
        #expect(fromStdin.status == 0)
        #expect(fromPath.stdout == fromStdin.stdout)
        #expect(fromPath.stdout.contains("\"EvalDecision\": \"allowed\""))
    }

    @Test func explainTellsWhyOnStandardError() throws {
        let run = try Run(["simulate", "--cli-input-json", "-", "--explain"], stdin: request)
        #expect(run.status == 0)
        #expect(run.stderr.contains("s3:PutObject on arn:aws:s3:::reports/q1.csv by arn:aws:iam::111122223333:user/alice: implicitDeny"))
        #expect(run.stderr.contains("because no identity-based policy allows the s3:PutObject action"))
        #expect(run.stderr.contains("statement 1 \"Read\" (Allow, line 1): does not match: the action is not in its Action"))
    }

    @Test func unknownParametersAreRefusedLikeTheAWSCLI() throws {
        let run = try Run(["simulate", "--cli-input-json", "-"], stdin: #"{"PolicyInputList": [], "ActionNames": ["s3:GetObject"], "Expected": []}"#)
        #expect(run.status == 252)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr == """

                Parameter validation failed:
                Unknown parameter in input: "Expected", must be one of: PolicyInputList, PermissionsBoundaryPolicyInputList, ActionNames, ResourceArns, ResourcePolicy, ResourceOwner, CallerArn, ContextEntries, ResourceHandlingOption, MaxItems, Marker

                """)
        let missing = try Run(["simulate", "--cli-input-json", "-"], stdin: #"{"PolicyInputList": []}"#)
        #expect(missing.status == 252)
        #expect(missing.stderr.contains("Missing required parameter in input: \"ActionNames\""))
    }

    @Test func malformedPoliciesArePointedAt() throws {
        let text =
            #"{"PolicyInputList": ["{\"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}"], "ActionNames": ["s3:GetObject"]}"#
        let run = try Run(["simulate", "--cli-input-json", "-"], stdin: text)
        #expect(run.status == 254)
        #expect(
            run.stderr.contains(
                "An error occurred (MalformedPolicyDocument) when calling the SimulateCustomPolicy operation: PolicyInputList.1: MalformedPolicyDocument: Statement[0].Effect (1:27): \"Alow\" is not a valid Effect"
            ))
        #expect(
            run.stderr.contains(
                """
                 --> PolicyInputList.1:1:27
                  |
                1 | {"Statement": [{"Effect": "Alow", "Action": "s3:*", "Resource": "*"}]}
                  |                           ^
                  = fix: write "Allow" or "Deny" (the case matters)
                """))
    }

    @Test func badInputNeverCrashes() throws {
        for input in [
            "", "not json", "[1,2]", #"{"PolicyInputList": "x", "ActionNames": []}"#, #"{"PolicyInputList": ["{}"], "ActionNames": ["s3:*"]}"#,
            #"{"PolicyInputList": ["{\"Statement\":[]}"], "ActionNames": ["s3:GetObject"]}"#,
            #"{"PolicyInputList": [], "ActionNames": ["s3:GetObject"], "CallerArn": "arn:aws:iam::1:role/x"}"#,
        ] {
            let run = try Run(["simulate", "--cli-input-json", "-"], stdin: input)
            #expect(run.status == 252 || run.status == 254, "\(input): \(run.status) \(run.stderr)")
            #expect(!run.stderr.isEmpty)
        }
        let missingFile = try Run(["simulate", "--cli-input-json", "file:///nonexistent/request.json"])
        #expect(missingFile.status == 252)
        #expect(missingFile.stderr.contains("No such file or directory"))
    }
}
