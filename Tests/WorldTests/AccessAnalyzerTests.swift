import Policy
import Testing
import World

/// `aws accessanalyzer validate-policy`: IAM Access Analyzer's findings, with the issue codes,
/// finding types and texts of the IAM User Guide's "IAM Access Analyzer policy check reference"
/// (`access-analyzer-reference-policy-checks.html`), in the response shape of the Access Analyzer
/// API reference (`API_ValidatePolicy.html`; `API_Position.html`: line from 1, column and offset
/// from 0).
@Suite("Access Analyzer policy validation")
struct AccessAnalyzerTests {
    struct Found: Equatable, CustomStringConvertible {
        var code: String
        var type: String
        var details: String
        var path: String
        var start: (line: Int, column: Int, offset: Int)
        var end: (line: Int, column: Int, offset: Int)
        static func == (a: Found, b: Found) -> Bool { a.code == b.code && a.path == b.path && a.start == b.start && a.end == b.end }
        var description: String { "\(code) \(path) \(span)" }
        var span: String { "\(start.line):\(start.column):\(start.offset)-\(end.line):\(end.column):\(end.offset)" }
    }

    /// Runs validate-policy on a document (passed as a file, so it may span lines) and reads the findings.
    func validate(_ document: String, _ type: String = "IDENTITY_POLICY", extra: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [Found]
    {
        var w = World()
        let out = ok(
            &w, "aws accessanalyzer validate-policy --policy-type \(type) --policy-document file://p.json \(extra)", files: ["p.json": document],
            sourceLocation: sourceLocation)
        let json = try JSONParser.parse(out)
        guard case .array(let list) = json["findings"]?.kind else { throw Failure("no findings list: \(out)") }
        return list.map { f in
            let location: JSONNode? = {
                if case .array(let l) = f["locations"]?.kind { return l.first }
                return nil
            }()
            var path: [String] = []
            if case .array(let steps) = location?["path"]?.kind {
                for s in steps { path.append(s["value"]?.string ?? s["index"]?.scalarText ?? "?") }
            }
            func position(_ name: String) -> (Int, Int, Int) {
                let p = location?["span"]?[name]
                return (Int(p?["line"]?.scalarText ?? "") ?? -1, Int(p?["column"]?.scalarText ?? "") ?? -1, Int(p?["offset"]?.scalarText ?? "") ?? -1)
            }
            return Found(
                code: f["issueCode"]?.string ?? "", type: f["findingType"]?.string ?? "", details: f["findingDetails"]?.string ?? "",
                path: path.joined(separator: "."), start: position("start"), end: position("end"))
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// The span of the first occurrence of `text` in a one-line document.
    func span(_ text: String, in document: String) -> String? {
        let start = document.firstRange(of: text).map { document.distance(from: document.startIndex, to: $0.lowerBound) } ?? -1
        return "1:\(start):\(start)-1:\(start + text.count):\(start + text.count)"
    }

    @Test func aSoundPolicyHasNoFindings() throws {
        let doc = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#
        #expect(try validate(doc).isEmpty)
        var w = World()
        #expect(ok(&w, "aws accessanalyzer validate-policy --policy-type IDENTITY_POLICY --policy-document '\(doc)'") == "{\n    \"findings\": []\n}")
    }

    /// "General Warning – Missing version"; "Error – Invalid version"; "Error – Variable
    /// unsupported in version" (policy variables need 2012-10-17).
    @Test func versionsAreChecked() throws {
        let missing = try validate(#"{"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#)
        #expect(missing.map(\.code) == ["MISSING_VERSION"])
        #expect(missing.first?.type == "WARNING")
        #expect(missing.first?.details == "We recommend that you specify the Version element to help you with debugging permission issues.")

        let doc = #"{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#
        let invalid = try validate(doc)
        #expect(invalid.map(\.code) == ["INVALID_VERSION"])
        #expect(invalid.first?.path == "Version")
        #expect(invalid.first?.span == span(#""2012-10-18""#, in: doc))

        let old = try validate(
            #"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}}]}"#
        )
        #expect(old.map(\.code) == ["VARIABLE_UNSUPPORTED_IN_VERSION"])
        #expect(old.first?.path == "Statement.0.Condition.StringLike.s3:prefix")
    }

    /// "Error – Invalid action" (with the close action suggested) and "Error – Invalid service in
    /// action"; the span is the action's string in the learner's JSON, quotes included, on the
    /// line and column where it stands.
    @Test func unknownActionsAndServicesPointAtTheirEntry() throws {
        let doc = """
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Effect": "Allow",
                "Action": ["s3:GetObjects", "iam:CreateUsers", "s4:GetObject", "iam:GetUser"],
                "Resource": "*"
              }]
            }
            """
        let found = try validate(doc)
        #expect(found.map(\.code) == ["INVALID_ACTION", "INVALID_ACTION", "INVALID_SERVICE_IN_ACTION"])
        #expect(found.map(\.type) == ["ERROR", "ERROR", "ERROR"])
        #expect(found[0].details == "The action s3:GetObjects does not exist. Did you mean s3:GetObject?")
        #expect(found[1].details == "The action iam:CreateUsers does not exist. Did you mean iam:CreateUser?")
        #expect(found[2].details == "The service s4 specified in the action does not exist. Did you mean s3?")
        #expect(found[0].path == "Statement.0.Action.0")
        // Line 5, where `"s3:GetObjects"` starts at column 15 (from 0).
        let offset = doc.distance(from: doc.startIndex, to: doc.firstRange(of: "\"s3:GetObjects\"")!.lowerBound)
        #expect(found[0].start == (5, 15, offset))
        #expect(found[0].end == (5, 30, offset + 15))
        #expect(found[2].path == "Statement.0.Action.2")
        // An action the world does not know in a service it knows only in part is left alone.
        #expect(try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetAccessGrant","Resource":"*"}]}"#).isEmpty)
    }

    /// "Security Warning – Allow with NotPrincipal"; the role trust policy errors (NotPrincipal,
    /// `"Principal": "*"`, Resource); "Error – Unsupported principal" and "Missing principal".
    @Test func principalsAreCheckedForThePolicyType() throws {
        let notPrincipal =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#
        let warning = try validate(notPrincipal, "RESOURCE_POLICY")
        #expect(warning.map(\.code) == ["ALLOW_WITH_NOT_PRINCIPAL"])
        #expect(warning.first?.type == "SECURITY_WARNING")
        #expect(warning.first?.span == span(#""NotPrincipal""#, in: notPrincipal))

        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}"#
        let errors = try validate(trust, "RESOURCE_POLICY", extra: "--validate-policy-resource-type AWS::IAM::AssumeRolePolicyDocument")
        #expect(Set(errors.map(\.code)) == ["ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL"])
        #expect(
            errors.first { $0.code == "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL" }?.details
                == "\"Principal:\" \"*\" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value."
        )

        let identity = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}]}"#
        #expect(try validate(identity).map(\.code) == ["UNSUPPORTED_PRINCIPAL"])
        #expect(try validate(identity, "SERVICE_CONTROL_POLICY").map(\.code) == ["SCP_SYNTAX_ERROR_PRINCIPAL"])
        let bucket = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#
        #expect(try validate(bucket, "RESOURCE_POLICY").map(\.code) == ["MISSING_PRINCIPAL"])
    }

    /// The iam:PassRole security warnings, and iam:PassedToService quietening them.
    @Test func passRoleOnEveryRoleIsASecurityWarning() throws {
        let star = try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:RunInstances","iam:PassRole"],"Resource":"*"}]}"#)
        #expect(star.map(\.code) == ["PASS_ROLE_WITH_STAR_IN_RESOURCE"])
        #expect(star.first?.type == "SECURITY_WARNING")
        #expect(star.first?.path == "Statement.0.Resource")
        #expect(
            try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#).map(\.code) == [
                "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"
            ])
        #expect(
            try validate(
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}"#
            ).isEmpty)
        #expect(
            try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app"}]}"#)
                .isEmpty)
        #expect(try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}]}"#).isEmpty)
    }

    /// "Suggestion – Redundant action", "Redundant resource", and the empty-array suggestions.
    @Test func redundantAndEmptyEntriesAreSuggestions() throws {
        let doc =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3:GetObject"],"Resource":["arn:aws:s3:::reports/*","arn:aws:s3:::reports/2026/a.csv"]}]}"#
        let found = try validate(doc)
        #expect(found.map(\.code) == ["REDUNDANT_ACTION", "REDUNDANT_RESOURCE"])
        #expect(found.map(\.type) == ["SUGGESTION", "SUGGESTION"])
        #expect(
            found[0].details
                == "The 1 action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: s3:GetObject."
        )
        #expect(found[0].path == "Statement.0.Action.1")
        #expect(found[1].path == "Statement.0.Resource.1")
        let empty = try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":[],"Condition":{}}]}"#)
        #expect(empty.map(\.code) == ["EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_RESOURCE", "EMPTY_OBJECT_CONDITION"])
    }

    /// The ARN errors: prefix, fields, a Region or account where the service takes none, a
    /// Region it needs, the resource part of a known service.
    @Test func resourceARNsAreChecked() throws {
        func codes(_ resource: String) throws -> [String] {
            try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"\#(resource)"}]}"#).map(\.code)
        }
        #expect(try codes("reports/*") == ["INVALID_ARN_PREFIX"])
        #expect(try codes("arn:aws:s3:reports") == ["MISSING_ARN_FIELD"])
        #expect(try codes("arn:aws:s3:us-east-1::reports/*") == ["ARN_REGION_NOT_ALLOWED"])
        #expect(try codes("arn:aws:s3::111122223333:reports/*") == ["ARN_ACCOUNT_NOT_ALLOWED"])
        #expect(try codes("arn:aws:dynamodb::111122223333:table/Orders") == ["MISSING_ARN_REGION"])
        #expect(try codes("arn:aws:iam::111122223333:dana") == ["INVALID_ARN_RESOURCE"])
        #expect(try codes("arn:aws:iam::11112222:user/dana") == ["INVALID_ARN_ACCOUNT"])
        #expect(try codes("arn:aws:S3:::reports") == ["INVALID_ARN_SERVICE_CASE"])
        #expect(try codes("arn:aws:iam::*:role/*").isEmpty)
    }

    /// Condition keys: operators of the wrong type, unknown global keys, multivalued keys without
    /// a set operator, ForAllValues on a single-valued key, wildcards without Like, tag keys.
    @Test func conditionKeysAreCheckedAgainstWhatTheyHold() throws {
        func found(_ condition: String) throws -> [Found] {
            try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":\#(condition)}]}"#)
        }
        let time = try found(#"{"StringEquals":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}"#)
        #expect(time.map(\.code) == ["TYPE_MISMATCH"])
        #expect(time.first?.details == "Use the operator type Date instead of operator StringEquals for the condition key aws:CurrentTime.")
        #expect(time.first?.path == "Statement.0.Condition.StringEquals.aws:CurrentTime")
        #expect(try found(#"{"StringEquals":{"aws:SourceIpAddress":"203.0.113.1"}}"#).map(\.code) == ["INVALID_GLOBAL_CONDITION_KEY"])
        #expect(try found(#"{"StringEquals":{"aws:TagKeys":"team"}}"#).map(\.code) == ["MISSING_QUALIFIER"])
        #expect(
            try found(#"{"ForAllValues:StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/app"}}"#).map(\.code) == [
                "FORALLVALUES_WITH_SINGLE_VALUED_KEY"
            ])
        #expect(try found(#"{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}"#).map(\.code) == ["WILDCARD_WITHOUT_LIKE_OPERATOR"])
        #expect(try found(#"{"StringEquals":{"aws:ResourceTag/":"blue"}}"#).map(\.code) == ["MISSING_TAG_KEY_IN_CONDITION"])
        #expect(try found(#"{"Bool":{"aws:MultiFactorAuthPresent":"yes"}}"#).map(\.code) == ["TYPE_MISMATCH_BOOLEAN"])
        #expect(try found(#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/33"}}"#).map(\.code) == ["TYPE_MISMATCH_IP_RANGE"])
        #expect(try found(#"{"StringEqual":{"aws:PrincipalTag/team":"blue"}}"#).map(\.code) == ["INVALID_CONDITION_OPERATOR"])
        // aws:SourceIp sees public addresses only ("Error – Private IP address" and its kin).
        let office = try found(#"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.1.0/24"]}}"#)
        #expect(office.map(\.code) == ["PRIVATE_IP_ADDRESS"])
        #expect(office.first?.type == "ERROR")
        #expect(try found(#"{"NotIpAddress":{"aws:SourceIp":"172.16.0.0/12"}}"#).map(\.code) == ["PRIVATE_NOT_IP_ADDRESS"])
        #expect(try found(#"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}}"#).map(\.code) == ["PRIVATE_IP_ADDRESS_SUBSET"])
        let loose = try found(#"{"IpAddress":{"aws:SourceIp":"203.0.113.5/24"}}"#)
        #expect(loose.map(\.code) == ["IMPROVE_IP_RANGE"])
        #expect(loose.first?.details == "The non-zero bits in the IP address after the masked bits are ignored. Replace address with 203.0.113.0/24.")
        #expect(try found(#"{"IpAddress":{"aws:SourceIp":"172.32.0.1"}}"#).isEmpty, "172.32/16 is public")
        #expect(try found(#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]},"Bool":{"aws:SecureTransport":"true"}}"#).isEmpty)
    }

    /// The statement's own grammar: Effect, Action, unknown elements, Action with NotAction.
    @Test func grammarMistakesAreErrors() throws {
        let doc = #"{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Actions":"s3:GetObject","Resource":"*"}]}"#
        let found = try validate(doc)
        #expect(found.map(\.code) == ["INVALID_POLICY_ELEMENT", "INVALID_EFFECT", "MISSING_ACTION"])
        #expect(found[0].details == "The policy element Actions is not valid.")
        #expect(found.first?.span == span(#""Actions""#, in: doc))
        #expect(found[1].details == "The effect Alow is not valid. Use Allow or Deny.")
        let both = try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"*"}]}"#)
        #expect(both.map(\.code) == ["UNSUPPORTED_ELEMENT_COMBINATION"])
        let syntax = try validate(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}"#)
        #expect(syntax.map(\.code) == ["JSON_SYNTAX_ERROR"])
    }

    /// The request itself: the policy type's values (a service validation error), a resource
    /// type only with RESOURCE_POLICY (`InvalidInput`), and access-analyzer:ValidatePolicy.
    @Test func theRequestIsCheckedAndAuthorized() {
        var w = World()
        let doc = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'"#
        #expect(
            fails(&w, "aws accessanalyzer validate-policy --policy-type IDENTITY --policy-document \(doc)", .validationException)
                == "An error occurred (ValidationException) when calling the ValidatePolicy operation: 1 validation error detected: Value 'IDENTITY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]"
        )
        #expect(
            fails(
                &w,
                "aws accessanalyzer validate-policy --policy-type IDENTITY_POLICY --validate-policy-resource-type AWS::S3::Bucket --policy-document \(doc)",
                .validationException
            ).hasSuffix("operation: InvalidInput"))
        #expect(
            fails(&w, "aws accessanalyzer validate-policy --policy-document \(doc)", nil) == "aws: error: the following arguments are required: --policy-type")
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        fails(&w, "aws accessanalyzer validate-policy --policy-type IDENTITY_POLICY --policy-document \(doc) --profile dana", .accessDeniedException)
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name check --policy-document \(policy(#""access-analyzer:ValidatePolicy""#))")
        ok(&w, "aws accessanalyzer validate-policy --policy-type IDENTITY_POLICY --policy-document \(doc) --profile dana")
    }
}
