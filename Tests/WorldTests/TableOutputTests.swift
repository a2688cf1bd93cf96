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
