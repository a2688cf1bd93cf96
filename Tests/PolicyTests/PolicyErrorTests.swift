import Policy
import Testing

/// Removes the `1️⃣` marker from `text` and returns the text with the marker's line and column.
func located(_ text: String) -> (String, SourcePosition) {
    var line = 1
    var column = 1
    var out = ""
    var position = SourcePosition(line: 0, column: 0)
    for ch in text {
        if ch == "1️⃣" {
            position = SourcePosition(line: line, column: column)
            continue
        }
        out.append(ch)
        if ch == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }
    return (out, position)
}

/// Parses `marked` and expects one error at the marker, with the given path, message and fix.
func expectError(
    _ marked: String, kind: PolicyKind = .identity, path: String, message: String, fix: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let (text, position) = located(marked)
    do {
        _ = try PolicyDocument.parse(text, kind: kind)
        Issue.record("expected an error at \(position)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.path == path, sourceLocation: sourceLocation)
        #expect(error.message == message, sourceLocation: sourceLocation)
        #expect(error.position == position, sourceLocation: sourceLocation)
        if let fix { #expect(error.fix == fix, sourceLocation: sourceLocation) }
    }
}

@Suite("malformed policy documents")
struct PolicyErrorTests {
    @Test func invalidJSONNamesLineAndColumn() {
        expectError(
            """
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow" 1️⃣"Action": "s3:*"}]}
            """, path: "", message: "unexpected character '\"': expected ',' or '}' after an object member")
        expectError("{\"Statement\": 1️⃣'x'}", path: "", message: "strings must use double quotes (\"), not single quotes")
        expectError("1️⃣{\"Version\": \"2012-10-17\"", path: "", message: "unexpected end of input: the object opened here is not closed")
        expectError("{\"Statement\": [1, 2,1️⃣]}", path: "", message: "trailing comma before ']'")
        expectError("{} 1️⃣x", path: "", message: "unexpected character 'x' after the end of the JSON value")
        expectError("1️⃣", path: "", message: "unexpected end of input: a value was expected")
    }

    @Test func invalidEffect() {
        expectError(
            """
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Effect": 1️⃣"Alow",
                "Action": "s3:GetObject",
                "Resource": "*"
              }]
            }
            """, path: "Statement[0].Effect", message: "\"Alow\" is not a valid Effect", fix: "write \"Allow\" or \"Deny\" (the case matters)")
        expectError(
            "{\"Statement\": 1️⃣{\"Action\": \"s3:*\", \"Resource\": \"*\"}}", path: "Statement", message: "the statement has no Effect",
            fix: "add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"")
    }

    @Test func unknownElementSuggestsTheRightSpelling() {
        expectError(
            "{\"Statement\": [{\"Effect\": \"Allow\", 1️⃣\"Actions\": \"s3:*\", \"Resource\": \"*\"}]}",
            path: "Statement[0].Actions", message: "unknown element \"Actions\" in a statement",
            fix: "did you mean \"Action\"? (element names are case-sensitive)")
        expectError(
            "{1️⃣\"statement\": []}", path: "statement", message: "unknown element \"statement\" in the policy document",
            fix: "did you mean \"Statement\"? (element names are case-sensitive)")
    }

    @Test func actionAndNotActionTogether() {
        expectError(
            "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", 1️⃣\"NotAction\": \"iam:*\", \"Resource\": \"*\"}}",
            path: "Statement.NotAction", message: "a statement cannot have both Action and NotAction", fix: "keep one of them")
    }

    @Test func emptyStatementAndMissingParts() {
        expectError("{\"Version\": \"2012-10-17\", \"Statement\": 1️⃣[]}", path: "Statement", message: "Statement is an empty list")
        expectError("1️⃣{\"Version\": \"2012-10-17\"}", path: "", message: "the policy has no Statement")
        expectError(
            "{\"Statement\": [1️⃣{\"Effect\": \"Allow\", \"Action\": \"s3:*\"}]}", path: "Statement[0]",
            message: "the statement has no Resource or NotResource")
        expectError("{\"Version\": 1️⃣\"2012-10-18\", \"Statement\": []}", path: "Version", message: "\"2012-10-18\" is not a policy language version")
    }

    @Test func principalsBelongOnlyInResourceAndTrustPolicies() {
        expectError(
            "{\"Statement\": [{\"Effect\": \"Allow\", 1️⃣\"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}",
            path: "Statement[0].Principal", message: "an identity-based policy cannot name a Principal: it applies to whoever it is attached to")
        expectError(
            "{\"Statement\": [1️⃣{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}", kind: .resource,
            path: "Statement[0]", message: "a statement in a resource-based policy must name a Principal")
        expectError(
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": \"sts:AssumeRole\", 1️⃣\"Resource\": \"*\"}]}",
            kind: .trust, path: "Statement[0].Resource", message: "a trust policy cannot have Resource: it always applies to its own role")
        expectError(
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": 1️⃣\"alice\"}, \"Action\": \"s3:*\"}]}", kind: .resource,
            path: "Statement[0].Principal.AWS", message: "invalid principal \"alice\"")
        expectError(
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {1️⃣\"Group\": \"x\"}, \"Action\": \"s3:*\"}]}", kind: .resource,
            path: "Statement[0].Principal.Group", message: "unknown element \"Group\" in a Principal")
    }

    @Test func conditionOperatorsAreChecked() {
        expectError(
            """
            {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
              "Condition": {1️⃣"StringEqual": {"aws:username": "ann"}}}]}
            """, path: "Statement[0].Condition.StringEqual", message: "\"StringEqual\" is not a condition operator",
            fix: "did you mean \"StringEquals\"?")
        expectError(
            """
            {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
              "Condition": {"Null": {"aws:TokenIssueTime": 1️⃣"yes"}}}]}
            """, path: "Statement[0].Condition.Null.aws:TokenIssueTime", message: "Null takes \"true\" or \"false\", not \"yes\"")
    }

    @Test func valuesAreChecked() {
        expectError(
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", 1️⃣\"GetObject\"], \"Resource\": \"*\"}]}",
            path: "Statement[0].Action[1]", message: "\"GetObject\" is not an action: actions are written service:Operation")
        expectError(
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": 1️⃣\"my-bucket\"}]}",
            path: "Statement[0].Resource", message: "\"my-bucket\" must be an ARN or \"*\"")
        expectError(
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": 1️⃣42, \"Resource\": \"*\"}]}",
            path: "Statement[0].Action", message: "Action must be a string or a list of strings, not a number")
        expectError(
            """
            {"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                           {"Sid": 1️⃣"A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}
            """, path: "Statement[1].Sid", message: "Sid \"A\" is used by Statement[0] too")
    }

    @Test func renderedErrorPointsAtTheColumn() throws {
        let text = "{\n  \"Statement\": [{\n    \"Effect\": \"Alow\",\n    \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}"
        do {
            _ = try PolicyDocument.parse(text, kind: .identity)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.rendered(source: SourceText(text), name: "policy.json") == """
                    error: MalformedPolicyDocument: Statement[0].Effect: "Alow" is not a valid Effect
                     --> policy.json:3:15
                      |
                    3 |     "Effect": "Alow",
                      |               ^
                      = fix: write "Allow" or "Deny" (the case matters)
                    """)
        }
    }

    @Test("arbitrary bytes never crash the parser", arguments: 0..<200)
    func garbageIsRefusedCleanly(seed: Int) {
        var generator = SplitMix(seed: UInt64(seed))
        let alphabet = Array("{}[]:,\"\\ abcAEStu0123456789-.*?$/\n\tértn".utf8)
        let bytes = (0..<Int(generator.next() % 80)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        let text = String(decoding: bytes, as: UTF8.self)
        for kind in [PolicyKind.identity, .resource, .trust] {
            if let doc = try? PolicyDocument.parse(text, kind: kind) {
                #expect(!doc.statements.isEmpty)
            }
        }
    }
}

/// A small deterministic generator for input-shaking tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
