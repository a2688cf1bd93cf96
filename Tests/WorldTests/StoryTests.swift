import Policy
import Testing
import World

@Suite("the stories, played through aws commands")
struct StoryTests {
    @Test("the plumber: a developer assumes a role for EC2; it ends by itself; the trust policy revokes it")
    func plumber() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name DevWork --policy-document \(policy(#"["s3:*","lambda:*"]"#))")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam create-role --role-name ProjectEC2 --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#))")
        ok(&w, "aws iam attach-role-policy --role-name ProjectEC2 --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess")

        // EC2's words (a Describe call gives no encoded message): EC2 API Reference `errors-overview.html`.
        let denied = fails(&w, "aws ec2 describe-instances --profile dana", .unauthorizedOperation)
        #expect(
            denied
                == "An error occurred (UnauthorizedOperation) when calling the DescribeInstances operation: You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/dana is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action"
        )

        let assumed = ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/ProjectEC2 --role-session-name dana --profile dana")
        #expect(assumed.contains("\"Arn\": \"arn:aws:sts::111122223333:assumed-role/ProjectEC2/dana\""))
        #expect(assumed.contains("\"AccessKeyId\": \"ASIA"))
        #expect(assumed.contains("\"Expiration\": \"2026-01-01T10:00:00Z\""))
        #expect(w.currentProfile == "ProjectEC2")
        ok(&w, "aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro")
        #expect(ok(&w, "aws sts get-caller-identity").contains("assumed-role/ProjectEC2/dana"))
        // Inside the role, Dana's own S3 permissions are set aside.
        let s3 = fails(&w, "aws s3 ls", .accessDenied)
        #expect(s3.contains("User: arn:aws:sts::111122223333:assumed-role/ProjectEC2/dana is not authorized to perform: s3:ListAllMyBuckets"))

        w.clock.advance(by: 2 * 3600)
        let expired = fails(&w, "aws ec2 describe-instances", .expiredToken)
        #expect(
            expired == "An error occurred (ExpiredToken) when calling the DescribeInstances operation: The security token included in the request is expired")

        // The job is over: the trust policy no longer names Dana (but someone who exists: AWS
        // refuses a principal that does not).
        ok(&w, "aws iam create-user --user-name somebody-else --profile root")
        ok(
            &w,
            "aws iam update-assume-role-policy --role-name ProjectEC2 --policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/somebody-else"}"#)) --profile root"
        )
        let revoked = w.run("aws sts assume-role --role-arn arn:aws:iam::111122223333:role/ProjectEC2 --role-session-name dana --profile dana")
        #expect(revoked.error?.code == .accessDenied)
        #expect(revoked.error?.description.contains("because no resource-based policy allows the sts:AssumeRole action") == true)
        #expect(revoked.decision?.decision.decision == .implicitDeny, "the outcome carries the decision for `why`")

        // The trail shows the session apart from the user.
        let assumedEvents = w.trail.filter { $0.identity.type == "AssumedRole" }
        #expect(assumedEvents.contains { $0.name == "RunInstances" && $0.identity.sessionIssuer == "arn:aws:iam::111122223333:role/ProjectEC2" })
        #expect(w.trail.contains { $0.name == "AssumeRole" && $0.identity.userName == "dana" && $0.errorCode == nil })
    }

    @Test("an app on EC2: stored keys work from anywhere, forever; an instance role needs no keys and renews itself")
    func ec2App() {
        var w = World()
        let files = ["report.csv": "day,total\n1,42\n"]
        ok(&w, "aws s3 mb s3://uploads-bucket")
        ok(&w, "aws iam create-user --user-name uploader-app")
        ok(
            &w,
            "aws iam put-user-policy --user-name uploader-app --policy-name Upload --policy-document \(policy(#""s3:PutObject""#, "arn:aws:s3:::uploads-bucket/incoming/*"))"
        )
        let key = ok(&w, "aws iam create-access-key --user-name uploader-app --query AccessKey.AccessKeyId --output text")
        let secret = w.accounts[0].user("uploader-app")?.accessKeys.last?.secret ?? ""
        #expect(key.hasPrefix("AKIA") && key.count == 20)
        // The key is copied to a laptop far away (its id and its secret): it works there too, a year later.
        ok(&w, "aws configure set aws_access_key_id \(key) --profile stolen-laptop")
        ok(&w, "aws configure set aws_secret_access_key \(secret) --profile stolen-laptop")
        w.clock.advance(by: 400 * 86400)
        ok(&w, "aws s3 cp report.csv s3://uploads-bucket/incoming/report.csv --profile stolen-laptop", files: files)
        // The instance role instead.
        ok(&w, "aws iam create-role --role-name S3Uploader --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(
            &w,
            "aws iam put-role-policy --role-name S3Uploader --policy-name Upload --policy-document \(policy(#""s3:PutObject""#, "arn:aws:s3:::uploads-bucket/incoming/*"))"
        )
        ok(&w, "aws iam create-instance-profile --instance-profile-name S3Uploader")
        ok(&w, "aws iam add-role-to-instance-profile --instance-profile-name S3Uploader --role-name S3Uploader")
        let second = fails(&w, "aws iam add-role-to-instance-profile --instance-profile-name S3Uploader --role-name S3Uploader", .limitExceeded)
        #expect(second.contains("InstanceSessionsPerInstanceProfile: 1"))
        let id = ok(&w, "aws ec2 run-instances --image-id ami-1 --iam-instance-profile Name=S3Uploader --query Instances[0].InstanceId --output text")
        #expect(id.hasPrefix("i-0"))
        ok(&w, "aws s3 cp report.csv s3://uploads-bucket/incoming/a.csv --profile \(id)", files: files)
        fails(&w, "aws s3 cp report.csv s3://uploads-bucket/processed/a.csv --profile \(id)", .accessDenied, files: files)
        let firstKey = w.sessions.last?.accessKeyId
        w.clock.advance(by: 7 * 3600)
        ok(&w, "aws s3 cp report.csv s3://uploads-bucket/incoming/b.csv --profile \(id)", files: files)
        #expect(w.sessions.last?.accessKeyId != firstKey, "the instance's credentials were renewed")
        #expect(ok(&w, "aws sts get-caller-identity --profile \(id)").contains("assumed-role/S3Uploader/\(id)"))
        // Without the file, the CLI says so.
        fails(&w, "aws s3 cp missing.csv s3://uploads-bucket/incoming/x.csv --profile \(id)", nil)
    }

    @Test("break-glass: an analyst's role, then a containment role that needs MFA; two trails apart")
    func breakGlass() {
        var w = World()
        ok(&w, "aws iam create-user --user-name ana")
        ok(&w, "aws iam create-access-key --user-name ana")
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name ana --outfile qr.png --bootstrap-method QRCodePNG")
        ok(
            &w,
            "aws iam enable-mfa-device --user-name ana --serial-number arn:aws:iam::111122223333:mfa/ana --authentication-code1 123456 --authentication-code2 654321"
        )
        ok(&w, "aws iam create-role --role-name SecurityAnalystRole --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/ana"}"#))")
        ok(&w, "aws iam attach-role-policy --role-name SecurityAnalystRole --policy-arn arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")
        ok(&w, "aws iam attach-role-policy --role-name SecurityAnalystRole --policy-arn arn:aws:iam::aws:policy/AmazonAthenaFullAccess")
        ok(
            &w,
            "aws iam create-role --role-name SecurityBreakGlassRole --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/ana"}"#, condition: #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#))"
        )
        ok(
            &w,
            "aws iam put-role-policy --role-name SecurityBreakGlassRole --policy-name Contain --policy-document \(policy(#"["ec2:StopInstances","ec2:DescribeInstances"]"#))"
        )
        let instance = ok(&w, "aws ec2 run-instances --image-id ami-1 --query Instances[0].InstanceId --output text")

        ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/SecurityAnalystRole --role-session-name ana-investigates --profile ana")
        ok(&w, "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=RunInstances")
        fails(&w, "aws ec2 stop-instances --instance-ids \(instance)", .unauthorizedOperation)

        let noMFA = fails(
            &w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/SecurityBreakGlassRole --role-session-name ana-contains --profile ana",
            .accessDenied)
        #expect(noMFA.contains("sts:AssumeRole"))
        // STS checks the code's form before anything else (TokenCode: six digits, `[\d]*`).
        #expect(
            fails(
                &w,
                "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/SecurityBreakGlassRole --role-session-name ana-contains --serial-number arn:aws:iam::111122223333:mfa/ana --token-code 12ab56 --profile ana",
                .validationError
            ).hasSuffix("Value '12ab56' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*"))
        ok(
            &w,
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/SecurityBreakGlassRole --role-session-name ana-contains --serial-number arn:aws:iam::111122223333:mfa/ana --token-code 123456 --profile ana"
        )
        ok(&w, "aws ec2 stop-instances --instance-ids \(instance)")

        // Each role's trail, apart.
        let investigates = ok(&w, "aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=ana-investigates --profile root")
        let contains = ok(&w, "aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=ana-contains --profile root")
        #expect(investigates.contains("\"EventName\": \"LookupEvents\""))
        // The analyst's attempt to stop the instance is on the analyst's trail, refused.
        let analystStops = w.trail.filter { $0.username == "ana-investigates" && $0.name == "StopInstances" }
        #expect(analystStops.count == 1 && analystStops[0].errorCode == "UnauthorizedOperation")
        let containStops = w.trail.filter { $0.username == "ana-contains" && $0.name == "StopInstances" }
        #expect(containStops.count == 1 && containStops[0].errorCode == nil)
        #expect(contains.contains("\"EventName\": \"StopInstances\"") && !contains.contains("\"EventName\": \"LookupEvents\""))
        #expect(contains.contains(#"\"mfaAuthenticated\":\"true\""#))
    }

    @Test("cross-account dev to prod: the prod trust policy and the dev identity policy must both allow")
    func crossAccount() {
        var w = World(accounts: [("444455556666", "dev"), ("111122223333", "prod")])
        ok(&w, "aws iam create-user --user-name dev-dana")
        ok(&w, "aws iam create-access-key --user-name dev-dana")
        ok(
            &w,
            "aws iam create-role --role-name ProdDeploy --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::444455556666:root"}"#)) --profile root@prod"
        )
        ok(&w, "aws iam attach-role-policy --role-name ProdDeploy --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess --profile root@prod")
        let oneSide = fails(
            &w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/ProdDeploy --role-session-name deploy --profile dev-dana", .accessDenied)
        #expect(oneSide.contains("because no identity-based policy allows the sts:AssumeRole action"))
        ok(
            &w,
            "aws iam put-user-policy --user-name dev-dana --policy-name AssumeProd --policy-document \(policy(#""sts:AssumeRole""#, "arn:aws:iam::111122223333:role/ProdDeploy")) --profile root"
        )
        ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/ProdDeploy --role-session-name deploy --profile dev-dana")
        #expect(ok(&w, "aws sts get-caller-identity").contains("\"Account\": \"111122223333\""))
        // Chained from the prod session: at most an hour.
        ok(
            &w,
            "aws iam create-role --role-name Next --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:role/ProdDeploy"}"#)) --profile root@prod"
        )
        let chained = fails(
            &w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Next --role-session-name next --duration-seconds 7200 --profile ProdDeploy",
            .validationError)
        #expect(chained.contains("1 hour session limit for roles assumed by role chaining"))
    }

    @Test("Lambda writes to DynamoDB through its execution role")
    func lambdaToDynamo() {
        var w = World()
        ok(&w, "aws dynamodb create-table --table-name Orders --key-schema AttributeName=id,KeyType=HASH")
        ok(&w, "aws iam create-role --role-name OrdersWriter --assume-role-policy-document \(trust(#"{"Service":"lambda.amazonaws.com"}"#))")
        ok(
            &w,
            "aws iam put-role-policy --role-name OrdersWriter --policy-name Write --policy-document \(policy(#""dynamodb:PutItem""#, "arn:aws:dynamodb:us-east-1:111122223333:table/Orders"))"
        )
        ok(&w, "aws iam create-role --role-name NotForLambda --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        let wrongTrust = fails(
            &w, "aws lambda create-function --zip-file fileb://function.zip --function-name bad --role arn:aws:iam::111122223333:role/NotForLambda",
            .invalidParameterValueException)
        #expect(wrongTrust.contains("cannot be assumed by Lambda"))
        ok(
            &w,
            "aws lambda create-function --zip-file fileb://function.zip --function-name save-order --role arn:aws:iam::111122223333:role/OrdersWriter --runtime python3.12 --handler app.handler"
        )
        ok(&w, #"aws dynamodb put-item --table-name Orders --item '{"id":{"S":"o-1"},"total":{"N":"42"}}' --profile save-order"#)
        fails(&w, "aws dynamodb scan --table-name Orders --profile save-order", .accessDeniedException)
        #expect(ok(&w, "aws dynamodb scan --table-name Orders --profile root").contains("o-1"))
    }

    @Test("critical EC2 termination: a group grants it all the time; a role only when switched to, with MFA")
    func criticalTermination() {
        var w = World()
        ok(&w, "aws iam create-user --user-name omar")
        ok(&w, "aws iam create-access-key --user-name omar")
        ok(&w, "aws iam create-group --group-name Ops")
        ok(
            &w,
            "aws iam put-group-policy --group-name Ops --policy-name Terminate --policy-document \(policy(#"["ec2:TerminateInstances","ec2:DescribeInstances"]"#))"
        )
        ok(&w, "aws iam add-user-to-group --group-name Ops --user-name omar")
        let first = ok(&w, "aws ec2 run-instances --image-id ami-1 --query Instances[0].InstanceId --output text")
        ok(&w, "aws ec2 terminate-instances --instance-ids \(first) --profile omar")
        // Moved to a role that needs MFA: the everyday identity can no longer terminate.
        ok(&w, "aws iam remove-user-from-group --group-name Ops --user-name omar --profile root")
        ok(
            &w,
            "aws iam create-role --role-name TerminatorRole --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/omar"}"#, condition: #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#))"
        )
        ok(&w, "aws iam put-role-policy --role-name TerminatorRole --policy-name Terminate --policy-document \(policy(#"["ec2:TerminateInstances"]"#))")
        let second = ok(&w, "aws ec2 run-instances --image-id ami-1 --query Instances[0].InstanceId --output text")
        fails(&w, "aws ec2 terminate-instances --instance-ids \(second) --profile omar", .unauthorizedOperation)
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name omar --outfile qr.png --bootstrap-method QRCodePNG")
        ok(
            &w,
            "aws iam enable-mfa-device --user-name omar --serial-number arn:aws:iam::111122223333:mfa/omar --authentication-code1 111111 --authentication-code2 222222"
        )
        ok(
            &w,
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/TerminatorRole --role-session-name omar --serial-number arn:aws:iam::111122223333:mfa/omar --token-code 333333 --profile omar"
        )
        ok(&w, "aws ec2 terminate-instances --instance-ids \(second)")
    }

    @Test("federation: a workforce signs in through an identity provider; no IAM users")
    func federation() {
        var w = World()
        ok(&w, "aws iam create-saml-provider --name CorpIdP --saml-metadata-document \(samlMetadata())")
        ok(
            &w,
            "aws iam create-role --role-name Engineers --assume-role-policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:saml-provider/CorpIdP\"},\"Action\":\"sts:AssumeRoleWithSAML\"}]}'"
        )
        ok(&w, "aws iam attach-role-policy --role-name Engineers --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")
        ok(
            &w,
            "aws sts assume-role-with-saml --role-arn arn:aws:iam::111122223333:role/Engineers --principal-arn arn:aws:iam::111122223333:saml-provider/CorpIdP --saml-assertion priya"
        )
        ok(&w, "aws ec2 describe-instances --profile priya")
        fails(&w, "aws ec2 run-instances --image-id ami-1 --profile priya", .unauthorizedOperation)
        #expect(w.account(account)?.users.isEmpty == true)
        fails(
            &w,
            "aws sts assume-role-with-saml --role-arn arn:aws:iam::111122223333:role/Engineers --principal-arn arn:aws:iam::111122223333:saml-provider/Other --saml-assertion priya",
            .invalidIdentityToken)
    }
}

@Suite("more stories")
struct MoreStoryTests {
    @Test("the yearly auditor: a role for a few days a year, not a group membership to remember")
    func auditor() {
        var w = World(accounts: [("111122223333", "company"), ("999988887777", "audit-firm")])
        ok(&w, "aws iam create-user --user-name auditor --profile root@audit-firm")
        ok(&w, "aws iam create-access-key --user-name auditor --profile root@audit-firm")
        ok(
            &w,
            "aws iam put-user-policy --user-name auditor --policy-name AssumeAudit --policy-document \(policy(#""sts:AssumeRole""#, "arn:aws:iam::111122223333:role/Auditor")) --profile root@audit-firm"
        )
        ok(
            &w,
            "aws iam create-role --role-name Auditor --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::999988887777:root"}"#, condition: #"{"StringEquals":{"sts:ExternalId":"audit-2026"}}"#))"
        )
        ok(&w, "aws iam attach-role-policy --role-name Auditor --policy-arn arn:aws:iam::aws:policy/SecurityAudit")
        ok(&w, "aws s3 mb s3://ledger")
        fails(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Auditor --role-session-name audit --profile auditor", .accessDenied)
        ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Auditor --role-session-name audit --external-id audit-2026 --profile auditor")
        ok(&w, "aws iam list-users")
        fails(&w, "aws iam create-user --user-name backdoor", .accessDenied)
        fails(&w, "aws s3 rm s3://ledger/2026.csv", .accessDenied)
        w.clock.advance(by: 3601)
        fails(&w, "aws iam list-users", .expiredToken)
    }

    @Test("forty developers: one group's policy instead of forty copies")
    func manyDevelopers() {
        var w = World()
        ok(&w, "aws iam create-group --group-name Developers")
        ok(&w, "aws iam attach-group-policy --group-name Developers --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        for i in 1...40 {
            ok(&w, "aws iam create-user --user-name dev\(i)")
            ok(&w, "aws iam add-user-to-group --group-name Developers --user-name dev\(i)")
        }
        ok(&w, "aws iam create-access-key --user-name dev7")
        ok(&w, "aws s3 ls --profile dev7")
        // One change reaches everyone.
        ok(&w, "aws iam detach-group-policy --group-name Developers --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess --profile root")
        fails(&w, "aws s3 ls --profile dev7", .accessDenied)
        #expect(w.account(account)?.users.allSatisfy { $0.attachedPolicies.isEmpty && $0.inlinePolicies.isEmpty } == true)
    }
}
