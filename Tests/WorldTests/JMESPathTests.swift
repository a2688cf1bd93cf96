import Foundation
import Policy
import Testing

@testable import World

/// `--query` is JMESPath as the AWS CLI runs it: every case of JMESPath's published compliance
/// tests (jmespath.org; the files the jmespath.py package is tested with, kept in
/// `JMESPathCompliance/`), results compared by value and errors by their class.
@Suite("JMESPath compliance")
struct JMESPathTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("JMESPathCompliance")
    static let files = [
        "basic", "boolean", "current", "escape", "filters", "functions", "identifiers", "indices", "literal", "multiselect", "pipe", "slice",
        "syntax", "unicode", "wildcard",
    ]

    @Test(arguments: files) func complianceFile(_ name: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("\(name).json"))
        let root = JSONOutput(try JSONParser.parse(Array(data)))
        guard case .array(let groups) = root else {
            Issue.record("\(name).json is not a list")
            return
        }
        var cases = 0
        for group in groups {
            guard case .object(let g) = group, let given = g.first(where: { $0.0 == "given" })?.1,
                case .array(let list)? = g.first(where: { $0.0 == "cases" })?.1
            else { continue }
            for c in list {
                guard case .object(let fields) = c, case .string(let expression)? = fields.first(where: { $0.0 == "expression" })?.1 else { continue }
                cases += 1
                let outcome: Result<JSONOutput, JMESPath.Failure>
                do {
                    outcome = .success(try JMESPath.search(try JMESPath.parse(expression), given))
                } catch {
                    outcome = .failure(error)
                }
                if let expected = fields.first(where: { $0.0 == "result" })?.1 {
                    switch outcome {
                    case .success(let got):
                        #expect(JMESPath.same(got, expected), "\(name): \(expression) gave \(got.compact), expected \(expected.compact)")
                    case .failure(let error):
                        Issue.record("\(name): \(expression) failed (\(error.message)), expected \(expected.compact)")
                    }
                } else if case .string(let kind)? = fields.first(where: { $0.0 == "error" })?.1 {
                    switch outcome {
                    case .success(let got): Issue.record("\(name): \(expression) gave \(got.compact), expected a \(kind) error")
                    case .failure(let error): #expect(error.kind.rawValue == kind, "\(name): \(expression): \(error.kind.rawValue) error, expected \(kind)")
                    }
                }
            }
        }
        #expect(cases > 0)
    }

    /// At the prompt: a syntax error is refused before the call, as the CLI's argument parser does.
    @Test func queriesAtThePrompt() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana --tags Key=team,Value=blue")
        ok(&w, "aws iam create-user --user-name sam")
        #expect(ok(&w, "aws iam list-users --query 'Users[?UserName==`sam`].UserName' --output text") == "sam")
        #expect(ok(&w, "aws iam list-users --query 'sort_by(Users, &UserName)[-1].{name: UserName, tags: length(Tags || `[]`)}' --output text") == "sam\t0")
        #expect(ok(&w, "aws iam list-users --query 'Users[].[UserName, Path]' --output text") == "dana\t/\nsam\t/")
        #expect(ok(&w, "aws iam list-users --query 'Users[:1].UserName | [0]' --output text") == "dana")
        // As the CLI prints it (jmespath's own message, caret under the column).
        #expect(
            w.run("aws iam list-users --query 'Users[?'").error?.description
                == "Bad value for --query Users[?: Invalid jmespath expression: Incomplete expression:\n\"Users[?\"\n        ^")
        #expect(
            w.run("aws iam list-users --query 'Users[?]'").error?.description
                == "Bad value for --query Users[?]: invalid token: Parse error at column 7, token \"]\" (RBRACKET), for expression:\n\"Users[?]\"\n        ^"
        )
        #expect(w.run("aws iam list-users --query 'Users[?'").error?.exitStatus == 255)
        #expect(w.run("aws iam list-users --query 'abs(Users)'").error?.exitStatus == 255)
        // Hostile queries end in an error, never a crash.
        #expect(w.run("aws iam list-users --query '\(String(repeating: "(", count: 5000))@'").error != nil)
        #expect(w.run("aws iam list-users --query '\(String(repeating: "!", count: 5000))@'").error != nil)
        #expect(ok(&w, "aws iam list-users --query 'Users[1::9223372036854775807].UserName' --output text") == "sam")
        #expect(ok(&w, "aws iam list-users --query 'Users[-9223372036854775808:].UserName' --output text") == "dana\tsam")
    }
}
