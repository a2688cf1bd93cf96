import Policy
import Testing
import World

/// The simulated world decides what AWS decides and says what AWS says: its refusals carry
/// AWS's error codes and texts, as the AWS documentation and the services' own errors give them.
@Suite("AWS's decisions, in AWS's words")
struct AWSSaysTests {
    // MARK: trust policies

    /// A trust policy names who may assume the role; it grants nothing else, so IAM refuses any
    /// other action when the policy is written.
    /// Docs: IAM API Reference `API_CreateRole.html` and `API_UpdateAssumeRolePolicy.html`
    /// (MalformedPolicyDocument); UG `id_roles_create_for-user.html` (the trust policy's actions).
    @Test func aTrustPolicyMayNameOnlySTSAssumeRoleActions() {
        var w = World()
        let message = "AssumeRole policy may only specify STS AssumeRole actions."
        let s3 =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","s3:GetObject"]}]}'"#
        #expect(
            fails(&w, "aws iam create-role --role-name R --assume-role-policy-document \(s3)", .malformedPolicyDocument)
                == "An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: \(message)")
        // The action's name is compared as written when the policy is saved.
        let lower = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:assumerole"}]}'"#
        #expect(fails(&w, "aws iam create-role --role-name R --assume-role-policy-document \(lower)", .malformedPolicyDocument).hasSuffix(message))
        let not = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"NotAction":"s3:*"}]}'"#
        #expect(fails(&w, "aws iam create-role --role-name R --assume-role-policy-document \(not)", .malformedPolicyDocument).hasSuffix(message))

        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        let tagging =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}'"#
        ok(&w, "aws iam update-assume-role-policy --role-name R --policy-document \(tagging)")
        let wildcard = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole*"}]}'"#
        ok(&w, "aws iam update-assume-role-policy --role-name R --policy-document \(wildcard)")
        let ec2 = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"ec2:*"}]}'"#
        #expect(
            fails(&w, "aws iam update-assume-role-policy --role-name R --policy-document \(ec2)", .malformedPolicyDocument)
                == "An error occurred (MalformedPolicyDocument) when calling the UpdateAssumeRolePolicy operation: \(message)")
        // The role keeps the trust policy it had.
        #expect(ok(&w, "aws iam get-role --role-name R").contains("sts:AssumeRole*"))
    }

    // MARK: deleting users and roles

    /// DeleteUser fails while anything is still attached to the user, one thing at a time, in
    /// the order the API reference lists them; each is removed by its own call.
    /// Docs: IAM API Reference `API_DeleteUser.html` (DeleteConflict), `API_DeleteLoginProfile.html`,
    /// `API_GetLoginProfile.html` (NoSuchEntity when the user has no password).
    @Test func deleteUserNamesWhatMustGoFirst() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-group --group-name devs")
        ok(&w, "aws iam add-user-to-group --user-name dana --group-name devs")
        ok(&w, "aws iam attach-user-policy --user-name dana --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess")
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name P --policy-document \(policy(#""s3:*""#))")
        let serial = "arn:aws:iam::\(account):mfa/dana"
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name dana --outfile qr.png --bootstrap-method QRCodePNG")
        ok(&w, "aws iam enable-mfa-device --user-name dana --serial-number \(serial) --authentication-code1 123456 --authentication-code2 234567")
        let key = ok(&w, "aws iam create-access-key --user-name dana --query AccessKey.AccessKeyId --output text")
        ok(&w, "aws iam create-login-profile --user-name dana --password 'Tr0ub4dor&3' --password-reset-required")

        let steps: [(conflict: String, removal: String)] = [
            ("must delete login profile first", "aws iam delete-login-profile --user-name dana"),
            ("must delete access keys first", "aws iam delete-access-key --user-name dana --access-key-id \(key)"),
            ("must delete MFA device first", "aws iam deactivate-mfa-device --user-name dana --serial-number \(serial)"),
            ("must delete policies first", "aws iam delete-user-policy --user-name dana --policy-name P"),
            ("must detach all policies first", "aws iam detach-user-policy --user-name dana --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess"),
            ("must remove users from group first", "aws iam remove-user-from-group --user-name dana --group-name devs"),
        ]
        for step in steps {
            #expect(
                fails(&w, "aws iam delete-user --user-name dana", .deleteConflict)
                    == "An error occurred (DeleteConflict) when calling the DeleteUser operation: Cannot delete entity, \(step.conflict).")
            ok(&w, step.removal)
        }
        ok(&w, "aws iam delete-user --user-name dana")
    }

    /// A login profile is the user's console password: created once, shown without the password,
    /// changed, deleted; a user without one has "no such entity".
    /// Docs: IAM API Reference `API_CreateLoginProfile.html`, `API_GetLoginProfile.html`,
    /// `API_UpdateLoginProfile.html`, `API_DeleteLoginProfile.html`; UG `id_credentials_passwords_admin-change-user.html`.
    @Test func loginProfilesAreCreatedShownChangedAndDeleted() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        #expect(
            fails(&w, "aws iam get-login-profile --user-name dana", .noSuchEntity)
                == "An error occurred (NoSuchEntity) when calling the GetLoginProfile operation: Login Profile for User dana cannot be found.")
        fails(&w, "aws iam update-login-profile --user-name dana --password 'N3w-pass!'", .noSuchEntity)
        fails(&w, "aws iam delete-login-profile --user-name dana", .noSuchEntity)
        fails(&w, "aws iam get-login-profile --user-name eve", .noSuchEntity)

        let created = ok(&w, "aws iam create-login-profile --user-name dana --password 'Tr0ub4dor&3' --password-reset-required")
        #expect(created.contains("\"PasswordResetRequired\": true") && !created.contains("Tr0ub4dor"))
        fails(&w, "aws iam create-login-profile --user-name dana --password 'again-1A!'", .entityAlreadyExists)
        let shown = ok(&w, "aws iam get-login-profile --user-name dana")
        #expect(shown.contains("\"UserName\": \"dana\"") && shown.contains("\"PasswordResetRequired\": true") && !shown.contains("Tr0ub4dor"))
        ok(&w, "aws iam update-login-profile --user-name dana --password 'N3w-pass!' --no-password-reset-required")
        #expect(ok(&w, "aws iam get-login-profile --user-name dana").contains("\"PasswordResetRequired\": false"))
        ok(&w, "aws iam delete-login-profile --user-name dana")
        fails(&w, "aws iam get-login-profile --user-name dana", .noSuchEntity)
        ok(&w, "aws iam delete-user --user-name dana")
    }

    /// DeleteRole fails while the role has inline or attached policies, or is in an instance profile.
    /// Docs: IAM API Reference `API_DeleteRole.html` ("Make sure that you do not have any Amazon EC2
    /// instances running with the role…"; DeleteConflict); UG `id_roles_manage_delete.html`.
    @Test func deleteRoleNamesWhatMustGoFirst() {
        var w = World()
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(&w, "aws iam put-role-policy --role-name R --policy-name P --policy-document \(policy(#""s3:*""#))")
        ok(&w, "aws iam attach-role-policy --role-name R --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess")
        ok(&w, "aws iam create-instance-profile --instance-profile-name R")
        ok(&w, "aws iam add-role-to-instance-profile --instance-profile-name R --role-name R")
        let steps: [(conflict: String, removal: String)] = [
            ("must delete policies first", "aws iam delete-role-policy --role-name R --policy-name P"),
            ("must detach all policies first", "aws iam detach-role-policy --role-name R --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess"),
            ("must remove roles from instance profile first", "aws iam remove-role-from-instance-profile --instance-profile-name R --role-name R"),
        ]
        for step in steps {
            #expect(
                fails(&w, "aws iam delete-role --role-name R", .deleteConflict)
                    == "An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, \(step.conflict).")
            ok(&w, step.removal)
        }
        ok(&w, "aws iam delete-role --role-name R")
    }

    // MARK: denials, in each service's words

    /// EC2 answers a denied call with UnauthorizedOperation and an encoded authorization failure
    /// message, which `sts decode-authorization-message` turns back into the decision; Describe
    /// calls carry no encoded message. The denial stays what `why` explains.
    /// Docs: STS API Reference `API_DecodeAuthorizationMessage.html`; EC2 API Reference
    /// `errors-overview.html` (UnauthorizedOperation); IAM UG `troubleshoot_access-denied.html`.
    @Test func ec2DenialsAreEncodedAndDecoded() throws {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        let instance = ok(&w, "aws ec2 run-instances --image-id ami-1 --query Instances[0].InstanceId --output text")
        let stop = w.run("aws ec2 stop-instances --instance-ids \(instance) --profile dana")
        #expect(stop.error?.code == .unauthorizedOperation)
        let denied = stop.error?.description ?? ""
        let arn = "arn:aws:ec2:us-east-1:\(account):instance/\(instance)"
        let prefix =
            "An error occurred (UnauthorizedOperation) when calling the StopInstances operation: You are not authorized to perform this operation. "
            + "User: arn:aws:iam::\(account):user/dana is not authorized to perform: ec2:StopInstances on resource: \(arn) "
            + "because no identity-based policy allows the ec2:StopInstances action. Encoded authorization failure message: "
        #expect(denied.hasPrefix(prefix))
        let encoded = String(denied.dropFirst(prefix.count))
        #expect(encoded.count > 40 && !encoded.contains("{") && !encoded.contains("dana"))
        // `why` explains that very denial.
        #expect(stop.decision?.request.action == "ec2:StopInstances" && stop.decision?.decision.decision == .implicitDeny)

        // Decoding needs sts:DecodeAuthorizationMessage.
        #expect(
            fails(&w, "aws sts decode-authorization-message --encoded-message \(encoded) --profile dana", .accessDenied).contains(
                "is not authorized to perform: sts:DecodeAuthorizationMessage because no identity-based policy allows"))
        let decoded = ok(&w, "aws sts decode-authorization-message --encoded-message \(encoded) --query DecodedMessage --output text")
        let json = try JSONParser.parse(decoded)
        #expect(json["allowed"]?.scalarText == "false" && json["explicitDeny"]?.scalarText == "false")
        #expect(json["matchedStatements"]?["items"] != nil && json["failures"]?["items"] != nil)
        #expect(json["context"]?["principal"]?["arn"]?.string == "arn:aws:iam::\(account):user/dana")
        #expect(json["context"]?["action"]?.string == "ec2:StopInstances" && json["context"]?["resource"]?.string == arn)
        #expect(decoded.contains("\"key\":\"aws:username\"") && decoded.contains("\"value\":\"dana\""))
        fails(&w, "aws sts decode-authorization-message --encoded-message not-a-message", .invalidAuthorizationMessageException)

        // An explicit deny is said, and its statement listed.
        let deny = #"'{"Version":"2012-10-17","Statement":[{"Sid":"NoStops","Effect":"Deny","Action":"ec2:StopInstances","Resource":"*"}]}'"#
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name NoStops --policy-document \(deny)")
        let explicit = fails(&w, "aws ec2 stop-instances --instance-ids \(instance) --profile dana", .unauthorizedOperation)
        #expect(explicit.contains("with an explicit deny in an identity-based policy. Encoded authorization failure message: "))
        let token = String(explicit.split(separator: " ").last ?? "")
        let second = try JSONParser.parse(ok(&w, "aws sts decode-authorization-message --encoded-message \(token) --query DecodedMessage --output text"))
        #expect(second["explicitDeny"]?.scalarText == "true")
        guard case .array(let items)? = second["matchedStatements"]?["items"]?.kind else {
            Issue.record("no matched statements")
            return
        }
        #expect(items.first?["statementId"]?.string == "NoStops")
    }

    /// Lambda, DynamoDB and CloudTrail answer AccessDeniedException with IAM's sentence; an
    /// action on no resource is named without one.
    /// Docs: Lambda API Reference `API_Invoke.html`, DynamoDB API Reference `CommonErrors.html`,
    /// CloudTrail API Reference `API_LookupEvents.html` (AccessDeniedException); IAM UG `troubleshoot_access-denied.html`.
    @Test func lambdaDynamoDBAndCloudTrailSayAccessDeniedException() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam create-role --role-name Fn --assume-role-policy-document \(trust(#"{"Service":"lambda.amazonaws.com"}"#))")
        ok(&w, "aws lambda create-function --zip-file fileb://function.zip --function-name f --role arn:aws:iam::\(account):role/Fn")
        ok(&w, "aws dynamodb create-table --table-name Orders")
        #expect(
            fails(&w, "aws lambda invoke --function-name f out.json --profile dana", .accessDeniedException)
                == "An error occurred (AccessDeniedException) when calling the Invoke operation: User: arn:aws:iam::\(account):user/dana is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:\(account):function:f because no identity-based policy allows the lambda:InvokeFunction action"
        )
        #expect(
            fails(&w, "aws dynamodb scan --table-name Orders --profile dana", .accessDeniedException)
                == "An error occurred (AccessDeniedException) when calling the Scan operation: User: arn:aws:iam::\(account):user/dana is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:us-east-1:\(account):table/Orders because no identity-based policy allows the dynamodb:Scan action"
        )
        #expect(
            fails(&w, "aws cloudtrail lookup-events --profile dana", .accessDeniedException)
                == "An error occurred (AccessDeniedException) when calling the LookupEvents operation: User: arn:aws:iam::\(account):user/dana is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action"
        )
        // IAM itself keeps AccessDenied.
        fails(&w, "aws iam list-users --profile dana", .accessDenied)
    }

    /// S3 says AccessDenied; within the bucket owner's account the message names the caller, the
    /// action, the quoted resource and the reason; from another account it says only "Access Denied".
    /// Docs: S3 UG `troubleshoot-403-errors.html` ("Access denied message examples").
    @Test func s3SaysAccessDeniedAndTellsOnlyItsOwnAccountWhy() {
        var w = World(accounts: [(account, "dev"), ("444455556666", "prod")])
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws s3 mb s3://dev-reports")
        ok(&w, "aws s3 mb s3://prod-reports --profile root@prod")
        #expect(
            fails(&w, "aws s3api get-object --bucket dev-reports --key a.txt out.txt --profile dana", .accessDenied)
                == "An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:iam::\(account):user/dana is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::dev-reports/a.txt\" because no identity-based policy allows the s3:GetObject action"
        )
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name S3 --policy-document \(policy(#""s3:*""#))")
        let crossAccount = w.run("aws s3api get-object --bucket prod-reports --key a.txt out.txt --profile dana")
        #expect(crossAccount.error?.description == "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied")
        // `why` still has the whole decision.
        #expect(crossAccount.decision?.request.resource == "arn:aws:s3:::prod-reports/a.txt")
    }

    // MARK: the trail

    /// The event history holds management events only: object reads and writes, item reads and
    /// writes and function invocations are data events, which it does not record. Each record
    /// says whether the call only read.
    /// Docs: CloudTrail UG `view-cloudtrail-events.html` ("Event history … management events"),
    /// `logging-data-events-with-cloudtrail.html`; S3 UG `cloudtrail-logging-s3-info.html`
    /// ("The CloudTrail Event history doesn't record data events"); CloudTrail UG
    /// `cloudtrail-event-reference-record-contents.html` (`readOnly`).
    @Test func theEventHistoryHoldsManagementEventsOnly() {
        var w = World()
        ok(&w, "aws s3 mb s3://reports-1")
        ok(&w, "aws s3api put-object --bucket reports-1 --key a.csv --body a.csv", files: ["a.csv": "x"])
        ok(&w, "aws s3api get-object --bucket reports-1 --key a.csv out.csv")
        ok(&w, "aws s3api list-objects-v2 --bucket reports-1")
        ok(&w, "aws s3api delete-object --bucket reports-1 --key a.csv")
        ok(&w, "aws dynamodb create-table --table-name Orders")
        ok(&w, #"aws dynamodb put-item --table-name Orders --item '{"id":{"S":"o-1"}}'"#)
        ok(&w, #"aws dynamodb get-item --table-name Orders --key '{"id":{"S":"o-1"}}'"#)
        ok(&w, "aws dynamodb scan --table-name Orders")
        ok(&w, "aws iam create-role --role-name Fn --assume-role-policy-document \(trust(#"{"Service":"lambda.amazonaws.com"}"#))")
        ok(&w, "aws lambda create-function --zip-file fileb://function.zip --function-name f --role arn:aws:iam::\(account):role/Fn")
        ok(&w, "aws lambda invoke --function-name f out.json")
        ok(&w, "aws iam list-users")

        let names = ok(&w, "aws cloudtrail lookup-events --query Events[].EventName --output text")
        for data in ["PutObject", "GetObject", "ListObjectsV2", "DeleteObject", "PutItem", "GetItem", "Scan", "Invoke"] {
            #expect(!names.split(separator: "\t").contains(Substring(data)), "\(data) is a data event")
        }
        for management in ["CreateBucket", "CreateTable", "CreateRole", "CreateFunction", "ListUsers"] {
            #expect(names.split(separator: "\t").contains(Substring(management)))
        }
        // Read-only calls say so, in the record and in the lookup.
        let listUsers = ok(
            &w,
            "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=ListUsers --query Events[0].CloudTrailEvent --output text")
        #expect(listUsers.contains(#""readOnly":true"#) && listUsers.contains(#""eventCategory":"Management""#))
        let createRole = ok(
            &w,
            "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=CreateRole --query Events[0].CloudTrailEvent --output text")
        #expect(createRole.contains(#""readOnly":false"#))
        let readOnly = ok(
            &w, "aws cloudtrail lookup-events --lookup-attributes AttributeKey=ReadOnly,AttributeValue=true --query Events[].EventName --output text")
        #expect(
            readOnly.split(separator: "\t").allSatisfy { $0.hasPrefix("List") || $0.hasPrefix("Get") || $0.hasPrefix("Describe") || $0.hasPrefix("Lookup") })
        // The root user is "root" in the lookup.
        #expect(
            ok(&w, "aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --query Events[].EventName --output text")
                .contains("ListUsers"))
    }

    /// When an instance or a function picks up its role's credentials, the service assumed the
    /// role: the trail shows an AssumeRole by `AWSService`, invoked by EC2 or Lambda; renewed
    /// credentials show another.
    /// Docs: CloudTrail UG `cloudtrail-event-reference-user-identity.html` (type `AWSService`,
    /// `invokedBy`); IAM UG `id_roles_use_switch-role-ec2.html`; Lambda DG `lambda-intro-execution-role.html`.
    @Test func servicesAssumingRolesAreOnTheTrail() {
        var w = World()
        ok(&w, "aws iam create-role --role-name App --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(&w, "aws iam attach-role-policy --role-name App --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")
        ok(&w, "aws iam create-instance-profile --instance-profile-name App")
        ok(&w, "aws iam add-role-to-instance-profile --instance-profile-name App --role-name App")
        let id = ok(&w, "aws ec2 run-instances --image-id ami-1 --iam-instance-profile Name=App --query Instances[0].InstanceId --output text")
        ok(&w, "aws ec2 describe-instances --profile \(id)")
        ok(&w, "aws ec2 describe-instances --profile \(id)")
        var byEC2 = w.trail.filter { $0.identity.type == "AWSService" && $0.name == "AssumeRole" }
        #expect(byEC2.count == 1, "the instance keeps its credentials until they are renewed")
        #expect(byEC2.first?.identity.invokedBy == "ec2.amazonaws.com" && byEC2.first?.resources == ["arn:aws:iam::\(account):role/App"])
        w.clock.advance(by: 7 * 3600)
        ok(&w, "aws ec2 describe-instances --profile \(id)")
        byEC2 = w.trail.filter { $0.identity.type == "AWSService" && $0.name == "AssumeRole" }
        #expect(byEC2.count == 2)

        ok(&w, "aws iam create-role --role-name Fn --assume-role-policy-document \(trust(#"{"Service":"lambda.amazonaws.com"}"#))")
        ok(&w, "aws iam attach-role-policy --role-name Fn --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")
        ok(&w, "aws lambda create-function --zip-file fileb://function.zip --function-name f --role arn:aws:iam::\(account):role/Fn")
        ok(&w, "aws ec2 describe-instances --profile f")
        let event = ok(
            &w,
            "aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=lambda.amazonaws.com --query Events[0].CloudTrailEvent --output text"
        )
        #expect(event.contains(#""userIdentity":{"type":"AWSService","invokedBy":"lambda.amazonaws.com"}"#))
        #expect(event.contains(#""eventName":"AssumeRole""#) && event.contains(#""sourceIPAddress":"lambda.amazonaws.com""#))
        // The calls the instance made are its role session's, as before.
        #expect(w.trail.contains { $0.name == "DescribeInstances" && $0.identity.arn == "arn:aws:sts::\(account):assumed-role/App/\(id)" })
    }

    // MARK: the root user's session token

    /// The root user may call GetSessionToken; its sessions last at most one hour: a longer
    /// request, or none, gets one hour. The session is the root user's: its calls are Root's in
    /// the trail, it cannot assume a role, and without MFA it cannot call IAM.
    /// Docs: STS API Reference `API_GetSessionToken.html` (DurationSeconds: "Credentials based on
    /// account credentials can range from 900 seconds (15 minutes) up to 3,600 seconds (1 hour)";
    /// "cannot call any IAM API operations unless MFA authentication information is included");
    /// `API_AssumeRole.html` (root credentials cannot assume roles); CloudTrail UG
    /// `cloudtrail-event-reference-user-identity.html` (type Root).
    @Test func theRootUserGetsASessionTokenOfAtMostOneHour() {
        var w = World()
        let json = ok(&w, "aws sts get-session-token")
        #expect(json.contains("\"Expiration\": \"2026-01-01T10:00:00Z\""), "one hour by default")
        #expect(!json.contains("root"), "no tutor text in AWS's answer")
        #expect(w.currentProfile == "root-session")
        #expect(ok(&w, "aws sts get-caller-identity --query Arn --output text") == "arn:aws:iam::\(account):root")
        ok(&w, "aws s3 ls")
        fails(&w, "aws iam list-users", .invalidClientTokenId)
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"111122223333"}"#)) --profile root")
        #expect(
            fails(&w, "aws sts assume-role --role-arn arn:aws:iam::\(account):role/R --role-session-name s1", .accessDenied)
                == "An error occurred (AccessDenied) when calling the AssumeRole operation: Roles may not be assumed by root accounts.")
        #expect(w.trail.last { $0.name == "ListBuckets" }?.identity.type == "Root")
        #expect(ok(&w, "aws sts get-session-token --duration-seconds 129600 --profile root").contains("\"Expiration\": \"2026-01-01T10:00:00Z\""))
        #expect(ok(&w, "aws sts get-session-token --duration-seconds 900 --profile root").contains("\"Expiration\": \"2026-01-01T09:15:00Z\""))
        fails(&w, "aws sts get-session-token --duration-seconds 899 --profile root", nil)
        fails(&w, "aws sts get-session-token", .accessDenied)
        w.clock.advance(by: 3600)
        fails(&w, "aws s3 ls --profile root-session", .expiredToken)
    }

    // MARK: federation with chosen claims

    /// GitHub Actions' documented trust: the token's audience must be one of the provider's client
    /// ids, and the trust policy's `token.actions.githubusercontent.com:aud` and `:sub` conditions
    /// decide; a token of another repository is refused, as are a forged, an expired and an
    /// unregistered provider's token.
    /// Docs: UG `id_roles_providers_create_oidc.html`, `id_roles_create_for-idp_oidc.html`
    /// (GitHub's `:aud` and `:sub` conditions); `reference_policies_iam-condition-keys.html`
    /// ("Available keys for OIDC federation"); STS API Reference `API_AssumeRoleWithWebIdentity.html`
    /// (Provider, Audience, SubjectFromWebIdentityToken; InvalidIdentityToken, ExpiredTokenException).
    @Test func gitHubActionsTokensAssumeOnlyTheRoleTheirRepositoryIsTrustedFor() {
        var w = World()
        let host = "token.actions.githubusercontent.com"
        ok(
            &w,
            "aws iam create-open-id-connect-provider --url https://\(host) --client-id-list sts.amazonaws.com --thumbprint-list 6938fd4d98bab03faadb97b34396831e3780aea1"
        )
        let trust =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:*"}}}]}'"#
        ok(&w, "aws iam create-role --role-name Deploy --assume-role-policy-document \(trust)")
        func token(_ claims: [(String, String)]) -> String { FederationToken.webIdentityToken(issuer: host, claims: claims, now: w.clock.now) }
        let assume = "aws sts assume-role-with-web-identity --role-arn arn:aws:iam::\(account):role/Deploy --role-session-name gh-run --web-identity-token "
        let main = token([("aud", "sts.amazonaws.com"), ("sub", "repo:octo-org/octo-repo:ref:refs/heads/main")])
        let out = ok(&w, assume + main)
        #expect(out.contains(#""SubjectFromWebIdentityToken": "repo:octo-org/octo-repo:ref:refs/heads/main""#))
        #expect(out.contains(#""Provider": "https://token.actions.githubusercontent.com""#) && out.contains(#""Audience": "sts.amazonaws.com""#))
        #expect(ok(&w, "aws sts get-caller-identity --query Arn --output text") == "arn:aws:sts::\(account):assumed-role/Deploy/gh-run")

        let other = token([("aud", "sts.amazonaws.com"), ("sub", "repo:someone/fork:ref:refs/heads/main")])
        #expect(
            fails(&w, assume + other, .accessDenied)
                == "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity"
        )
        #expect(
            fails(&w, assume + token([("aud", "my-app"), ("sub", "repo:octo-org/octo-repo:ref:refs/heads/main")]), .invalidIdentityToken).hasSuffix(
                ": Incorrect token audience"))
        // The other repository's claims with the first token's signature: not the provider's.
        let parts = main.split(separator: ".").map(String.init)
        let forged = [parts[0], other.split(separator: ".").map(String.init)[1], parts[2]].joined(separator: ".")
        fails(&w, assume + forged, .invalidIdentityToken)
        let google = FederationToken.webIdentityToken(issuer: "accounts.google.com", claims: [("aud", "sts.amazonaws.com"), ("sub", "1")], now: w.clock.now)
        #expect(
            fails(&w, assume + google, .invalidIdentityToken).hasSuffix(": No OpenIDConnect provider found in your account for https://accounts.google.com"))
        // Goals ask the same question: an audience that is not one of the provider's client ids gets nowhere.
        let sub = "repo:octo-org/octo-repo:ref:refs/heads/main"
        #expect(w.assumeFederated(IdentityProvider(kind: .oidc, name: host), role: .role("Deploy"), claims: ["aud": "sts.amazonaws.com", "sub": sub]).0 != nil)
        #expect(w.assumeFederated(IdentityProvider(kind: .oidc, name: host), role: .role("Deploy"), claims: ["aud": "my-app", "sub": sub]).0 == nil)
        w.clock.advance(by: 2 * 3600)
        #expect(fails(&w, assume + main, .expiredTokenException).contains("Token expired: current date/time"))
    }

    /// A SAML assertion carries the claims AWS maps to `saml:` keys (audience, issuer, subject and
    /// the eduPerson attributes); the response names Subject, SubjectType, Issuer, Audience and
    /// NameQualifier (BASE64(SHA1(issuer + account id + "/" + provider name))). An assertion from
    /// another issuer, or edited after signing, is refused.
    /// Docs: STS API Reference `API_AssumeRoleWithSAML.html`; UG `reference_policies_iam-condition-keys.html`
    /// ("Available keys for SAML-based AWS STS federation"); IAM API Reference `API_CreateSAMLProvider.html`
    /// (SAMLMetadataDocument: 1,000 characters at least).
    @Test func samlAssertionsCarryTheClaimsAWSMaps() {
        var w = World()
        ok(&w, "aws iam create-saml-provider --name CorpIdP --saml-metadata-document \(samlMetadata())")
        #expect(
            fails(&w, "aws iam create-saml-provider --name Short --saml-metadata-document \(String(repeating: "x", count: 999))", nil)
                == "Parameter validation failed:\nInvalid length for parameter SAMLMetadataDocument, value: 999, valid min length: 1000")
        let trust =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/CorpIdP"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"saml:aud":"https://signin.aws.amazon.com/saml","saml:edupersonaffiliation":"staff"}}}]}'"#
        ok(&w, "aws iam create-role --role-name Staff --assume-role-policy-document \(trust)")
        let assume =
            "aws sts assume-role-with-saml --role-arn arn:aws:iam::\(account):role/Staff --principal-arn arn:aws:iam::\(account):saml-provider/CorpIdP --saml-assertion "
        func assertion(issuer: String = "https://idp.corp.example/saml", affiliation: String) -> String {
            FederationToken.samlAssertion(
                issuer: issuer, subject: "priya", audience: "https://signin.aws.amazon.com/saml",
                attributes: [("eduPersonAffiliation", affiliation), ("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "priya@corp")])
        }
        let out = ok(&w, assume + assertion(affiliation: "staff"))
        for member in [
            #""Subject": "priya""#, #""SubjectType": "persistent""#, #""Issuer": "https://idp.corp.example/saml""#,
            #""Audience": "https://signin.aws.amazon.com/saml""#, #""NameQualifier": "J5GE56tWnaREyjxs08YWIEqm5go=""#,
            #""Arn": "arn:aws:sts::111122223333:assumed-role/Staff/priya@corp""#,
        ] {
            #expect(out.contains(member), "\(member)")
        }
        fails(&w, assume + assertion(affiliation: "student"), .accessDenied)
        fails(&w, assume + assertion(issuer: "https://evil.example/saml", affiliation: "staff"), .invalidIdentityToken)
        let forged = String(assertion(affiliation: "student").dropLast(8)) + String(assertion(affiliation: "staff").suffix(8))
        fails(&w, assume + forged, .invalidIdentityToken)
    }

    /// A role ARN mistyped (one colon short) is, to STS, a role the caller may not assume: AWS
    /// answers AccessDenied naming the ARN as given, not that it is malformed (as users report in
    /// 99designs/aws-vault issue 668); the federated calls say "Request ARN is invalid".
    /// Docs: STS API Reference `API_AssumeRole.html` (AccessDenied), `API_AssumeRoleWithSAML.html`,
    /// `API_GetSessionToken.html` (SerialNumber and TokenCode go together).
    @Test func aMistypedRoleARNIsARoleTheCallerMayNotAssume() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name All --policy-document \(policy(#""sts:AssumeRole""#))")
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#))")
        #expect(
            fails(&w, "aws sts assume-role --role-arn arn:aws:iam:111122223333:role/R --role-session-name s1 --profile dana", .accessDenied)
                == "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/dana is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam:111122223333:role/R"
        )
        // An MFA serial number without its code (or a code without the device) is refused in STS's words.
        let both = "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."
        #expect(fails(&w, "aws sts get-session-token --serial-number arn:aws:iam::111122223333:mfa/dana --profile dana", .accessDenied).hasSuffix(both))
        #expect(fails(&w, "aws sts get-session-token --token-code 123456 --profile dana", .accessDenied).hasSuffix(both))
        ok(&w, "aws iam create-saml-provider --name CorpIdP --saml-metadata-document \(samlMetadata()) --profile root")
        #expect(
            fails(
                &w,
                "aws sts assume-role-with-saml --role-arn arn:aws:iam::111122223333:saml-provider/CorpIdP --principal-arn arn:aws:iam::111122223333:saml-provider/CorpIdP --saml-assertion priya",
                .validationError
            ).hasSuffix(": Request ARN is invalid"))
    }
}

/// The formats AWS CLI version 1 prints: `yaml` arrived with version 2, and version 1 refuses it
/// before sending (`aws iam list-users --output yaml` with awscli 1.45: "argument --output: Invalid
/// choice").
@Suite("output formats the CLI knows")
struct OutputFormatTests {
    @Test func yamlIsRefusedAsVersionOneRefusesIt() {
        var w = World()
        let refused = w.run("aws iam list-users --output yaml")
        #expect(refused.error?.code == nil && refused.error != nil)
        #expect(refused.error?.description.contains("argument --output: Invalid choice, valid choices are:") == true)
        #expect(refused.error?.description.contains("yaml") == false)
        #expect(w.run("aws iam list-users --output table").error == nil)
    }
}
