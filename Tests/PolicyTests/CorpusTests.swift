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

@Suite("simulate on damaged input")
struct DamagedRequestTests {
    /// Corpus requests cut short, with bytes flipped, deleted or doubled: each is either refused with
    /// an error or answered; nothing crashes.
    @Test("damaged corpus requests are refused or answered, never crash", arguments: 0..<40)
    func damagedRequests(seed: Int) throws {
        let cases = Corpus.cases
        try #require(!cases.isEmpty)
        var g = SplitMix(seed: UInt64(seed) &* 7919)
        let file = cases[Int(g.next() % UInt64(cases.count))]
        let original = Array(Corpus.requestJSON(try Corpus.load(file)).utf8)
        let alphabet = Array("{}[]\":,\\*?$ aZ09-/.\n".utf8)
        for _ in 0..<25 {
            var bytes = original
            for _ in 0..<(1 + Int(g.next() % 4)) where !bytes.isEmpty {
                let at = Int(g.next() % UInt64(bytes.count))
                switch g.next() % 4 {
                case 0: bytes[at] = alphabet[Int(g.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(bytes[at], at: at)
                default: bytes = Array(bytes[..<at])
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let simulator = try PolicySimulator(try SimulationRequest(json: text))
                let response = simulator.response()
                #expect(response.pretty().hasPrefix("{"))
                for result in simulator.results() {
                    #expect(!result.decision.explanation(for: result.request).isEmpty)
                }
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }
}
