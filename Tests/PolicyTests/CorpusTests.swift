import Foundation
import Policy
import Testing

/// The public corpus of `simulate-custom-policy` requests with their expected decisions
/// (../shared/iam-cases), read at test time.
enum Corpus {
    static let bookkeeping: Set<String> = ["Id", "Category", "Description", "Expected", "Why"]

    /// `IAM_CASES_DIR`, else ../shared/iam-cases beside the package.
    static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["IAM_CASES_DIR"] { return URL(fileURLWithPath: dir) }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/iam-cases")
    }

    /// Every case file, relative to the corpus folder; empty when the folder is missing.
    static var cases: [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") && $0.contains("/") }.sorted()
    }

    static func load(_ relative: String) throws -> JSONNode {
        let data = try Data(contentsOf: directory.appendingPathComponent(relative))
        return try JSONParser.parse(Array(data))
    }

    /// The request with the corpus's bookkeeping fields stripped, as the CLI would receive it.
    static func requestJSON(_ node: JSONNode) -> String {
        let kept = (node.members ?? []).filter { !bookkeeping.contains($0.key) }
        return JSONOutput.object(kept.map { ($0.key, JSONOutput($0.value)) }).pretty()
    }
}

@Suite("AWS IAM evaluation corpus")
struct CorpusTests {
    @Test("the corpus folder is present and holds cases")
    func corpusIsPresent() {
        #expect(
            FileManager.default.fileExists(atPath: Corpus.directory.path),
            "the IAM case corpus was not found at \(Corpus.directory.path): put ../shared beside the package or set IAM_CASES_DIR")
        #expect(Corpus.cases.count >= 100, "expected the public corpus (162 cases), found \(Corpus.cases.count)")
    }

    @Test("every case decides as AWS documents", arguments: Corpus.cases)
    func caseDecidesAsExpected(_ file: String) throws {
        let node = try Corpus.load(file)
        let request = try SimulationRequest(json: Corpus.requestJSON(node))
        let results = try PolicySimulator(request).results()
        let got = results.map { "\($0.action) \($0.resource) \($0.decision.decision.rawValue)" }
        let want = (node["Expected"]?.kind).flatMap { kind -> [String]? in
            guard case .array(let list) = kind else { return nil }
            return list.map { e in
                "\(e["EvalActionName"]?.string ?? "?") \(e["EvalResourceName"]?.string ?? "?") \(e["EvalDecision"]?.string ?? "?")"
            }
        }
        #expect(got == want, "\(file): \(node["Why"]?.string ?? "")")
    }

    @Test("bookkeeping fields are refused as unknown parameters, as the AWS CLI refuses them")
    func bookkeepingIsRefused() throws {
        let file = try #require(Corpus.cases.first)
        let text = JSONOutput(try Corpus.load(file)).pretty()
        #expect {
            _ = try SimulationRequest(json: text)
        } throws: { error in
            let message = (error as? SimulationError)?.description ?? ""
            return message.contains("Unknown parameter in input: \"Id\", must be one of: PolicyInputList, PermissionsBoundaryPolicyInputList, ActionNames")
        }
    }
}
