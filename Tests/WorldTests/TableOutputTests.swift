import Foundation
import Policy
import Testing

@testable import World

/// `--output table` draws what the AWS CLI draws: the fixtures are the CLI's own tables for the
/// same responses (`Tables/SOURCE.md`).
@Suite("--output table")
struct TableOutputTests {
    static let fixtures: [(String, String, JSONOutput, String)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Tables/awscli-tables.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONParser.parse(Array(data)), case .object(let cases) = JSONOutput(root).self
        else { return [] }
        return cases.compactMap { name, c in
            guard case .object(let m) = c, case .string(let title)? = m.first(where: { $0.0 == "title" })?.1,
                case .string(let data)? = m.first(where: { $0.0 == "data" })?.1, case .string(let table)? = m.first(where: { $0.0 == "table" })?.1,
                let parsed = try? JSONParser.parse(data)
            else { return nil }
            return (name, title, JSONOutput(parsed), table)
        }
    }()

    @Test func tablesAreDrawnAsTheCLIDrawsThem() {
        #expect(Self.fixtures.count == 5)
        for (name, title, data, table) in Self.fixtures {
            let drawn = TableOutput.render(data, title: title) + "\n"
            #expect(drawn == table, "\(name):\n\(drawn)\nexpected:\n\(table)")
        }
    }

    @Test func atThePrompt() {
        var w = World()
        let out = ok(&w, "aws sts get-caller-identity --output table")
        #expect(out.split(separator: "\n").dropFirst().first?.contains("GetCallerIdentity") == true)
        #expect(out.contains("|  111122223333|"))
        // An empty list leaves only the title, as the CLI draws it.
        #expect(ok(&w, "aws iam list-users --output table") == "-----------\n|ListUsers|\n+---------+")
        #expect(ok(&w, "aws iam list-users --output table --query 'Users[].UserName'") == "")
    }
}

/// The CLI's pagination (CLI UG `cli-usage-pagination.html`): `--max-items` stops after N items and
/// prints the `NextToken` botocore makes (here as botocore's TokenEncoder writes it),
/// `--starting-token` resumes there, `--no-paginate` prints one call's raw response.
@Suite("--max-items, --starting-token, --no-paginate")
struct PaginationTests {
    @Test func maxItemsAndStartingToken() {
        var w = World()
        for name in ["ana", "ben", "cy"] { ok(&w, "aws iam create-user --user-name \(name)") }
        #expect(ok(&w, "aws iam list-users --max-items 2 --query Users[].UserName --output text") == "ana\tben")
        let token = ok(&w, "aws iam list-users --max-items 2 --query NextToken --output text")
        #expect(token == "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==")
        let rest = ok(&w, "aws iam list-users --starting-token \(token)")
        #expect(rest.contains("\"cy\"") && !rest.contains("\"ana\"") && !rest.contains("NextToken"))
        #expect(!ok(&w, "aws iam list-users --max-items 3").contains("NextToken"))
        #expect(ok(&w, "aws iam list-users --no-paginate --query IsTruncated --output text") == "False")
        #expect(!ok(&w, "aws iam list-users").contains("IsTruncated"))
        // Only paginated operations take them, as the CLI's own arguments.
        #expect(fails(&w, "aws iam get-user --user-name ana --max-items 1", nil).contains("Unknown options: --max-items"))
        #expect(fails(&w, "aws iam list-users --max-items two", nil).contains("invalid int value: 'two'"))
        #expect(w.run("aws iam list-users --starting-token nonsense!").error != nil)
    }
}
