import Testing
import World

@Suite("AWS error codes: named constants, printed as AWS prints them")
struct AWSErrorCodeTests {
    /// An error code is a word of letters and digits, with dots between the parts of EC2's
    /// two-part codes (`InvalidInstanceID.NotFound`; EC2 API Reference, "Error codes for the
    /// Amazon EC2 API"), or an HTTP status where S3 answers a HEAD request without a body (Amazon
    /// S3 API Reference, "Error responses"). No two constants may name the same code.
    @Test func everyCodeHasAWSsSyntaxAndIsNamedOnce() {
        #expect(AWSErrorCode.all.count >= 60)
        for code in AWSErrorCode.all {
            let raw = code.rawValue
            let allowed = raw.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." }
            #expect(allowed && !raw.isEmpty, "\(raw)")
            #expect(!raw.hasPrefix(".") && !raw.hasSuffix(".") && !raw.contains(".."), "\(raw)")
            #expect(code.description == raw)
        }
        var seen: [String: Int] = [:]
        for code in AWSErrorCode.all { seen[code.rawValue, default: 0] += 1 }
        #expect(seen.filter { $0.value > 1 }.isEmpty, "named twice: \(seen.filter { $0.value > 1 }.keys.sorted())")
    }

    /// The constants spell the codes exactly as the services send them.
    @Test func constantsSpellTheServicesCodes() {
        let spelled: [(AWSErrorCode, String)] = [
            (.noSuchEntity, "NoSuchEntity"), (.entityAlreadyExists, "EntityAlreadyExists"), (.malformedPolicyDocument, "MalformedPolicyDocument"),
            (.accessDenied, "AccessDenied"), (.accessDeniedException, "AccessDeniedException"), (.unauthorizedOperation, "UnauthorizedOperation"),
            (.invalidClientTokenId, "InvalidClientTokenId"), (.expiredToken, "ExpiredToken"), (.validationError, "ValidationError"),
            (.invalidBucketName, "InvalidBucketName"), (.invalidInstanceIDNotFound, "InvalidInstanceID.NotFound"), (.httpNotFound, "404"),
            (.awsOrganizationsNotInUseException, "AWSOrganizationsNotInUseException"),
        ]
        for (code, raw) in spelled { #expect(code.rawValue == raw) }
    }

    /// A sample of refusals, one or more per service, print exactly as the AWS CLI prints them
    /// (`An error occurred (CODE) when calling the OP operation: MESSAGE`, exit status 254), and
    /// the CloudTrail event records the code as text (CloudTrail User Guide, "CloudTrail record
    /// contents": `errorCode`).
    @Test func refusalsPrintAsBefore() {
        var w = World()
        ok(&w, "aws s3 mb s3://sample-reports")
        let samples: [(command: String, code: AWSErrorCode, printed: String)] = [
            (
                "aws iam get-user --user-name nobody", .noSuchEntity,
                "An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name nobody cannot be found."
            ),
            (
                "aws ec2 stop-instances --instance-ids i-0123456789abcdef0", .invalidInstanceIDNotFound,
                "An error occurred (InvalidInstanceID.NotFound) when calling the StopInstances operation: The instance ID 'i-0123456789abcdef0' does not exist"
            ),
            (
                "aws s3 mb s3://My-Bucket", .invalidBucketName,
                "An error occurred (InvalidBucketName) when calling the CreateBucket operation: The specified bucket is not valid."
            ),
            (
                "aws s3 cp s3://sample-reports/missing.txt missing.txt", .httpNotFound,
                "An error occurred (404) when calling the HeadObject operation: Not Found"
            ),
        ]
        for sample in samples {
            let outcome = w.run(sample.command)
            #expect(outcome.error?.description == sample.printed, "\(sample.command)")
            #expect(outcome.error?.code == sample.code, "\(sample.command)")
            #expect(outcome.error?.exitStatus == 254, "\(sample.command)")
        }
        #expect(w.trail.last(where: { $0.name == "GetUser" })?.errorCode == "NoSuchEntity")
    }

    /// Errors made directly print their code's text; CLI errors have no code.
    @Test func madeErrorsPrintTheirCode() {
        let denied = AWSError(.accessDenied, "Access Denied", operation: "GetObject")
        #expect(denied.description == "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied")
        #expect(denied.code == .accessDenied && denied.code != .accessDeniedException)
        let expired = AWSError(.expiredToken, "The security token included in the request is expired", operation: "DescribeInstances")
        #expect(
            expired.description
                == "An error occurred (ExpiredToken) when calling the DescribeInstances operation: The security token included in the request is expired")
        #expect(AWSError(usage: "the following arguments are required: --user-name").code == nil)
    }
}
