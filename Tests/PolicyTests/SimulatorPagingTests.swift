import Policy
import Testing

/// `MaxItems` and `Marker` page the simulator's answer, and only the page asked for is decided.
@Suite("policy simulator paging")
struct SimulatorPagingTests {
    static let policy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*"}]}"#

    /// A member of a response object.
    static func member(_ name: String, of value: JSONOutput) -> JSONOutput? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.0 == name }?.1
    }

    /// Action, resource and decision of each result of a response page.
    static func rows(_ response: JSONOutput) -> [String] {
        guard case .array(let results)? = member("EvaluationResults", of: response) else { return [] }
        return results.map { result in
            ["EvalActionName", "EvalResourceName", "EvalDecision"].map { name in
                if case .string(let s)? = member(name, of: result) { s } else { "?" }
            }.joined(separator: " ")
        }
    }

    @Test("a request of 10,000 actions × 1,000 resources with MaxItems 10 answers 10 results, truncated, with a Marker", .timeLimit(.minutes(1)))
    func hugeRequestFirstPage() throws {
        var request = SimulationRequest(policyInputList: [Self.policy], actionNames: (0..<10_000).map { "s3:GetObject\($0)" })
        request.resourceArns = (0..<1_000).map { "arn:aws:s3:::bucket-\($0)/key" }
        request.maxItems = 10
        let simulator = try PolicySimulator(request)
        #expect(simulator.count == 10_000_000)
        let response = simulator.response()
        #expect(Self.rows(response).count == 10)
        #expect(Self.rows(response).first == "s3:GetObject0 arn:aws:s3:::bucket-0/key allowed")
        #expect(Self.member("IsTruncated", of: response) == .bool(true))
        #expect(Self.member("Marker", of: response) == .string("10"))

        request.marker = "9999990"
        let last = try PolicySimulator(request).response()
        #expect(Self.rows(last).first == "s3:GetObject9999 arn:aws:s3:::bucket-990/key allowed")
        #expect(Self.rows(last).count == 10)
        #expect(Self.member("IsTruncated", of: last) == .bool(false))
        #expect(Self.member("Marker", of: last) == nil)
    }

    @Test("following the Marker page by page gives the un-paged results, in order", arguments: [1, 4, 7, 21, 100])
    func pagesJoinUp(maxItems: Int) throws {
        var request = SimulationRequest(
            policyInputList: [Self.policy],
            actionNames: [
                "s3:GetObject", "s3:PutObject", "ec2:DescribeInstances", "s3:GetBucketPolicy", "iam:ListUsers", "s3:GetObjectAcl", "ec2:RunInstances",
            ])
        request.resourceArns = ["arn:aws:s3:::secret/a", "arn:aws:s3:::open/b", "*"]
        let whole = try PolicySimulator(request).results().map { "\($0.action) \($0.resource) \($0.decision.decision.rawValue)" }
        #expect(whole.count == 21)
        request.maxItems = maxItems
        var paged: [String] = []
        var pages = 0
        while true {
            let response = try PolicySimulator(request).response()
            let rows = Self.rows(response)
            #expect(rows.count == min(maxItems, 21 - paged.count))
            paged += rows
            pages += 1
            guard case .string(let marker)? = Self.member("Marker", of: response) else {
                #expect(Self.member("IsTruncated", of: response) == .bool(false))
                break
            }
            #expect(Self.member("IsTruncated", of: response) == .bool(true))
            request.marker = marker
            if pages > 30 { break }
        }
        #expect(paged == whole)
        #expect(pages == (21 + maxItems - 1) / maxItems)
    }
}
