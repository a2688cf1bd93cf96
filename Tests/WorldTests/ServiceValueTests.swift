import Testing
import World

/// The values the services beyond IAM and STS check before they authorize a call (and the bucket
/// names botocore refuses before sending), each refused with the service's own code and text.
@Suite("names and ids the services check")
struct ServiceValueTests {
    /// botocore's `validate_bucket_name` refuses a name no bucket can have before the call is
    /// sent; S3 refuses a new bucket whose name breaks its naming rules with InvalidBucketName.
    /// Docs: S3 UG `bucketnamingrules.html`; S3 API reference, Error responses (InvalidBucketName,
    /// "The specified bucket is not valid.").
    @Test func bucketNamesFollowS3sRules() {
        var w = World()
        let spaced = fails(&w, "aws s3api get-bucket-policy --bucket 'my bucket'", nil)
        #expect(
            spaced.hasPrefix("Parameter validation failed:\nInvalid bucket name \"my bucket\": Bucket name must match the regex \"^[a-zA-Z0-9.\\-_]{1,255}$\""))
        #expect(w.trail.isEmpty, "nothing was sent")
        for bad in ["ab", "My-Bucket", "-reports", "reports-", "my..reports", "192.168.5.4", "xn--reports", "reports-s3alias", "my_reports"] {
            #expect(
                fails(&w, "aws s3 mb s3://\(bad)", .invalidBucketName)
                    == "An error occurred (InvalidBucketName) when calling the CreateBucket operation: The specified bucket is not valid.",
                "\(bad)")
        }
        ok(&w, "aws s3 mb s3://reports.2026-q1")
        // Checked before authorizing: a caller without s3:CreateBucket hears about the name first.
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        fails(&w, "aws s3 mb s3://Bad_Name --profile dana", .invalidBucketName)
        fails(&w, "aws s3 mb s3://good-name --profile dana", .accessDenied)
    }

    /// Lambda checks the function name against its model's pattern and length (ValidationException,
    /// "1 validation error detected: … at 'functionName' …").
    /// Docs: Lambda API reference `API_CreateFunction.html` and `API_Invoke.html` (FunctionName: pattern, length).
    @Test func functionNamesFollowLambdasPattern() {
        var w = World()
        let message = fails(&w, "aws lambda invoke --function-name 'my function' out.json", .validationException)
        #expect(
            message.hasPrefix(
                "An error occurred (ValidationException) when calling the Invoke operation: 1 validation error detected: Value 'my function' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?"
            ))
        let long = String(repeating: "f", count: 141)
        #expect(
            fails(
                &w,
                "aws lambda create-function --function-name \(long) --runtime python3.12 --handler app.handler --role arn:aws:iam::111122223333:role/app --zip-file fileb://f.zip",
                .validationException
            )
            .contains("at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140"))
        // A well-formed name that names nothing is the service's own answer, after authorization.
        fails(&w, "aws lambda invoke --function-name missing-function out.json", .resourceNotFoundException)
    }

    /// DynamoDB's table names: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.'.
    /// Docs: DynamoDB Developer Guide `HowItWorks.NamingRulesDataTypes.html` (naming rules).
    @Test func tableNamesFollowDynamoDBsRules() {
        var w = World()
        let text =
            "An error occurred (ValidationException) when calling the GetItem operation: Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'"
        #expect(fails(&w, #"aws dynamodb get-item --table-name ab --key '{"id":{"S":"1"}}'"#, .validationException) == text)
        #expect(fails(&w, #"aws dynamodb get-item --table-name 'my table' --key '{"id":{"S":"1"}}'"#, .validationException) == text)
        fails(&w, #"aws dynamodb get-item --table-name Orders --key '{"id":{"S":"1"}}'"#, .resourceNotFoundException)
    }

    /// EC2 refuses an id that is not an instance id as malformed, and a well-formed one it does
    /// not know as not found. Docs: EC2 API reference, Error codes (InvalidInstanceID.Malformed,
    /// InvalidInstanceID.NotFound).
    @Test func instanceIdsAreMalformedOrNotFound() {
        var w = World()
        #expect(
            fails(&w, "aws ec2 stop-instances --instance-ids web-1", .invalidInstanceIDMalformed)
                == "An error occurred (InvalidInstanceID.Malformed) when calling the StopInstances operation: Invalid id: \"web-1\"")
        fails(&w, "aws ec2 start-instances --instance-ids i-12345", .invalidInstanceIDMalformed)
        #expect(
            fails(&w, "aws ec2 stop-instances --instance-ids i-0123456789abcdef0", .invalidInstanceIDNotFound)
                == "An error occurred (InvalidInstanceID.NotFound) when calling the StopInstances operation: The instance ID 'i-0123456789abcdef0' does not exist"
        )
    }

    /// Organizations refuses ids that do not match their patterns with InvalidInputException
    /// (INVALID_PATTERN, INVALID_PATTERN_TARGET_ID). Docs: Organizations API reference,
    /// `API_DescribePolicy.html` (PolicyId pattern), `API_AttachPolicy.html` (TargetId pattern),
    /// Errors (InvalidInputException reasons).
    @Test func organizationsIdsFollowTheirPatterns() {
        var w = World()
        ok(&w, "aws organizations create-organization --feature-set ALL")
        #expect(
            fails(&w, "aws organizations describe-policy --policy-id FullAWSAccess", .invalidInputException)
                == "An error occurred (InvalidInputException) when calling the DescribePolicy operation: You provided a value that doesn't match the required pattern."
        )
        #expect(
            fails(&w, "aws organizations attach-policy --policy-id p-FullAWSAccess --target-id 1111", .invalidInputException)
                .hasSuffix("You specified a policy target ID that doesn't match the required pattern."))
        fails(&w, "aws organizations describe-policy --policy-id p-12345678", .policyNotFoundException)
        ok(&w, "aws organizations describe-policy --policy-id p-FullAWSAccess")
    }
}

/// `--cli-input-json`: the operation's input members as JSON, filling what the command line left
/// unset, checked by botocore as the real CLI checks it (outputs compared with aws-cli 1.45.11).
/// Docs: AWS CLI User Guide `cli-usage-skeleton.html` ("Generate and use a parameter file");
/// awscli `customizations/cliinputjson.py`.
@Suite("--cli-input-json")
struct CLIInputJSONTests {
    @Test func membersFillTheParameters() {
        var w = World()
        ok(&w, #"aws iam create-user --cli-input-json '{"UserName":"dana","Path":"/team/","Tags":[{"Key":"team","Value":"blue"}]}'"#)
        let dana = ok(&w, "aws iam get-user --user-name dana")
        #expect(dana.contains("\"Path\": \"/team/\""))
        #expect(dana.contains("\"Value\": \"blue\""))
        // An option on the command line wins over the JSON's member.
        ok(&w, #"aws iam create-user --user-name erin --cli-input-json '{"UserName":"other"}'"#)
        ok(&w, "aws iam get-user --user-name erin")
        fails(&w, "aws iam get-user --user-name other", .noSuchEntity)
        // From a file, with a number and a list of strings.
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(&w, "aws iam update-role --cli-input-json file://in.json", files: ["in.json": #"{"RoleName":"R","MaxSessionDuration":7200}"#])
        #expect(ok(&w, "aws iam get-role --role-name R --query Role.MaxSessionDuration") == "7200")
        #expect(
            fails(&w, #"aws ec2 describe-instances --cli-input-json '{"InstanceIds":["i-0123456789abcdef0"]}'"#, .invalidInstanceIDNotFound)
                .contains("i-0123456789abcdef0"))
    }

    @Test func botocoreChecksTheMembers() {
        var w = World()
        #expect(
            fails(&w, #"aws iam create-user --cli-input-json '{"Username":"x"}'"#, nil)
                == "Parameter validation failed:\nMissing required parameter in input: \"UserName\"\nUnknown parameter in input: \"Username\", must be one of: Path, UserName, PermissionsBoundary, Tags"
        )
        #expect(
            fails(&w, #"aws iam create-user --cli-input-json '{"UserName":5}'"#, nil)
                == "Parameter validation failed:\nInvalid type for parameter UserName, value: 5, type: <class 'int'>, valid types: <class 'str'>")
        #expect(
            fails(&w, "aws iam create-user --cli-input-json '{}'", nil) == "Parameter validation failed:\nMissing required parameter in input: \"UserName\"")
        #expect(fails(&w, "aws iam create-user --cli-input-json '{bad'", nil).hasPrefix("Error parsing parameter 'cli-input-json': Invalid JSON: "))
        #expect(fails(&w, "aws iam create-user --cli-input-json '{bad'", nil).hasSuffix("\nJSON received: {bad"))
        // The s3 transfer commands take no --cli-input-json.
        #expect(fails(&w, "aws s3 ls --cli-input-json '{}'", nil).hasPrefix("Unknown options: --cli-input-json"))
        #expect(w.trail.isEmpty)
    }
}
