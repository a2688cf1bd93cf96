import Policy
import Testing
import World

@Suite("the aws command layer: parsing, errors, quotas")
struct CommandLayerTests {
    @Test func unknownServicesOperationsAndFlagsGetADidYouMean() {
        var w = World()
        #expect(fails(&w, "aws iamm list-users", nil).hasSuffix("Invalid choice: 'iamm', maybe you meant:\n\n  * iam"))
        #expect(fails(&w, "aws iam create-usr --user-name x", nil).hasSuffix("Invalid choice: 'create-usr', maybe you meant:\n\n  * create-user"))
        // As the CLI does: arguments it requires are named first, then the options it does not know.
        #expect(fails(&w, "aws iam create-user --username x", nil) == "aws: error: the following arguments are required: --user-name")
        #expect(fails(&w, "aws iam create-user --user-name x --pth /a/", nil) == "Unknown options: --pth, /a/, did you mean --path?")
        // An option of the real command that the simulation does not take is not called unknown.
        #expect(fails(&w, "aws ec2 run-instances --image-id ami-1 --user-data x", nil).contains("the simulated world does not take --user-data"))
        #expect(fails(&w, "aws iam create-user", nil) == "aws: error: the following arguments are required: --user-name")
        #expect(fails(&w, "aws iam create-role --role-name R", nil) == "aws: error: the following arguments are required: --assume-role-policy-document")
        #expect(fails(&w, "iam list-users", nil).contains("commands start with aws"))
        #expect(fails(&w, "aws iam list-users --profile nobody", nil).contains("The config profile (nobody) could not be found"))
        #expect(fails(&w, "aws iam create-user --user-name 'unclosed", nil).contains("unclosed quote"))
        #expect(fails(&w, "aws iam list-users --output xml", nil).contains("argument --output: Invalid choice"))
    }

    @Test func fileParametersAreRead() {
        var w = World()
        let files = [
            "trust.json": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        ]
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document file://trust.json", files: files)
        let missing = fails(&w, "aws iam create-role --role-name S --assume-role-policy-document file://nope.json", nil)
        #expect(
            missing
                == "Error parsing parameter '--assume-role-policy-document': Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'"
        )
    }

    @Test func iamErrorsAreWordedAsAWSWordsThem() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        #expect(
            fails(&w, "aws iam create-user --user-name DANA", .entityAlreadyExists)
                == "An error occurred (EntityAlreadyExists) when calling the CreateUser operation: User with name DANA already exists.")
        #expect(
            fails(&w, "aws iam get-user --user-name eve", .noSuchEntity)
                == "An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name eve cannot be found.")
        fails(&w, "aws iam create-user --user-name 'bad name'", .validationError)
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        #expect(fails(&w, "aws iam create-access-key --user-name dana", .limitExceeded).contains("Cannot exceed quota for AccessKeysPerUser: 2"))
        #expect(fails(&w, "aws iam delete-user --user-name dana", .deleteConflict).contains("must delete access keys first"))
        let malformed = fails(
            &w, #"aws iam put-user-policy --user-name dana --policy-name P --policy-document '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}'"#,
            .malformedPolicyDocument)
        #expect(malformed.contains("Statement[0] (1:15): the statement has no Resource or NotResource"))
        fails(
            &w, #"aws iam create-role --role-name R --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}'"#,
            .malformedPolicyDocument)
        #expect(
            fails(&w, "aws iam attach-user-policy --user-name dana --policy-arn arn:aws:iam::aws:policy/NoSuchPolicy", .noSuchEntity).contains(
                "does not exist or is not attachable"))
    }

    @Test func groupsCannotBeNestedAndHoldOnlyUsers() {
        var w = World()
        ok(&w, "aws iam create-group --group-name Devs")
        ok(&w, "aws iam create-group --group-name AllStaff")
        ok(&w, "aws iam create-role --role-name Deployer --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        // IAM answers in its own words (IAM API Reference `API_AddUserToGroup.html`, NoSuchEntity);
        // why a group or a role is not what the call needs is the tutor's note, not part of the error.
        let nested = w.run("aws iam add-user-to-group --group-name AllStaff --user-name Devs")
        #expect(
            nested.error?.description == "An error occurred (NoSuchEntity) when calling the AddUserToGroup operation: The user with name Devs cannot be found.")
        #expect(nested.notice == "Devs is a group: groups cannot be nested")
        let role = w.run("aws iam add-user-to-group --group-name Deployer --user-name x")
        #expect(
            role.error?.description
                == "An error occurred (NoSuchEntity) when calling the AddUserToGroup operation: The group with name Deployer cannot be found.")
        #expect(role.notice == "Deployer is a role: a group holds users only, and a role cannot join a group")
        #expect(w.run("aws iam add-user-to-group --group-name AllStaff --user-name nobody").notice == nil)
        // A group is never a principal: a trust policy naming one is refused.
        let byGroup = fails(
            &w, "aws iam create-role --role-name ByGroup --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:group/Devs"}"#))",
            .malformedPolicyDocument)
        #expect(byGroup.hasSuffix(#"Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/Devs""#))
        #expect(
            w.run("aws iam create-role --role-name ByGroup2 --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:group/Devs"}"#))").notice?
                .contains("a group is never a principal") == true)
    }

    @Test func aUserIsInAtMostTenGroups() {
        var w = World()
        ok(&w, "aws iam create-user --user-name pat")
        for i in 1...11 { ok(&w, "aws iam create-group --group-name g\(i)") }
        for i in 1...10 { ok(&w, "aws iam add-user-to-group --group-name g\(i) --user-name pat") }
        #expect(fails(&w, "aws iam add-user-to-group --group-name g11 --user-name pat", .limitExceeded).contains("GroupsPerUser: 10"))
    }

    @Test func sessionDurationsFollowSTSRules() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#))")
        #expect(
            fails(
                &w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name s1 --duration-seconds 7200 --profile dana",
                .validationError
            ).contains("exceeds the MaxSessionDuration"))
        fails(
            &w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name s1 --duration-seconds 600 --profile dana", nil)
        ok(&w, "aws iam update-role --role-name R --max-session-duration 43200 --profile root")
        #expect(
            ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name s1 --duration-seconds 43200 --profile dana").contains(
                "2026-01-01T21:00:00Z"))
        // GetSessionToken: 12 hours by default.
        #expect(ok(&w, "aws sts get-session-token --profile dana").contains("\"Expiration\": \"2026-01-01T21:00:00Z\""))
        fails(&w, "aws sts get-session-token --duration-seconds 200000 --profile dana", .validationError)
        fails(&w, "aws sts get-session-token --profile dana-session", .accessDenied)
    }

    @Test("MFA conditions: BoolIfExists denies long-term keys; a session token with MFA satisfies them")
    func mfaConditions() {
        var w = World()
        ok(&w, "aws iam create-user --user-name kim")
        ok(&w, "aws iam create-access-key --user-name kim")
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name kim --outfile qr.png --bootstrap-method QRCodePNG")
        ok(
            &w,
            "aws iam enable-mfa-device --user-name kim --serial-number arn:aws:iam::111122223333:mfa/kim --authentication-code1 123456 --authentication-code2 234567"
        )
        let doc =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"},{"Effect":"Deny","NotAction":["iam:*MFA*","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}'"#
        ok(&w, "aws iam put-user-policy --user-name kim --policy-name RequireMFA --policy-document \(doc)")
        let denied = fails(&w, "aws ec2 describe-instances --profile kim", .unauthorizedOperation)
        #expect(denied.contains("with an explicit deny in an identity-based policy"))
        ok(&w, "aws sts get-session-token --serial-number arn:aws:iam::111122223333:mfa/kim --token-code 345678 --profile kim")
        ok(&w, "aws ec2 describe-instances")
        w.clock.advance(by: 13 * 3600)
        fails(&w, "aws ec2 describe-instances", .expiredToken)
    }

    /// STS API reference `API_GetSessionToken.html` (and UG `id_credentials_temp_control-access_getsessiontoken.html`):
    /// its credentials "cannot call any IAM API operations unless MFA authentication information is
    /// included in the request", and "cannot call any STS API except AssumeRole or GetCallerIdentity".
    @Test func sessionTokensWithoutMFACannotCallIAM() {
        var w = World()
        for name in ["dana", "kim"] {
            ok(&w, "aws iam create-user --user-name \(name)")
            ok(&w, "aws iam create-access-key --user-name \(name)")
            ok(&w, "aws iam put-user-policy --user-name \(name) --policy-name All --policy-document \(policy(#""*""#))")
        }
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#))")
        ok(&w, "aws sts get-session-token --profile dana")
        // Without MFA: no IAM call, whatever the policies allow; of STS, AssumeRole and GetCallerIdentity only.
        #expect(
            fails(&w, "aws iam list-users --profile dana-session", .invalidClientTokenId).contains("The security token included in the request is invalid"))
        fails(&w, "aws iam create-user --user-name mallory --profile dana-session", .invalidClientTokenId)
        fails(&w, "aws sts get-session-token --profile dana-session", .accessDenied)
        ok(&w, "aws sts get-caller-identity --profile dana-session")
        ok(&w, "aws s3 ls --profile dana-session")
        ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name s1 --profile dana-session")
        // With MFA the IAM API is open to the user's own permissions; other STS calls stay closed.
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name kim --outfile qr.png --bootstrap-method QRCodePNG --profile root")
        ok(
            &w,
            "aws iam enable-mfa-device --user-name kim --serial-number arn:aws:iam::111122223333:mfa/kim --authentication-code1 123456 --authentication-code2 234567 --profile root"
        )
        ok(&w, "aws sts get-session-token --serial-number arn:aws:iam::111122223333:mfa/kim --token-code 345678 --profile kim")
        ok(&w, "aws iam list-users --profile kim-session")
        fails(&w, "aws sts get-session-token --profile kim-session", .accessDenied)
    }

    /// UG `reference_sigv-troubleshooting.html`: AWS recalculates the request's signature with the
    /// key's secret; a request signed with another secret (or none) gets `SignatureDoesNotMatch`.
    @Test func theSecretAccessKeyIsChecked() {
        var w = World()
        ok(&w, "aws iam create-user --user-name svc")
        ok(&w, "aws iam put-user-policy --user-name svc --policy-name Read --policy-document \(policy(#""s3:ListAllMyBuckets""#))")
        let parts = [
            ok(&w, "aws iam create-access-key --user-name svc --query AccessKey.AccessKeyId --output text"),
            w.accounts[0].user("svc")?.accessKeys.last?.secret ?? "",
        ]
        ok(&w, "aws configure set aws_access_key_id \(parts[0]) --profile laptop")
        let missing = fails(&w, "aws s3 ls --profile laptop", .signatureDoesNotMatch)
        #expect(
            missing.hasSuffix(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
            ))
        ok(&w, "aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY --profile laptop")
        fails(&w, "aws s3 ls --profile laptop", .signatureDoesNotMatch)
        fails(&w, "aws sts get-caller-identity --profile laptop", .signatureDoesNotMatch)
        ok(&w, "aws configure set aws_secret_access_key \(parts[1]) --profile laptop")
        ok(&w, "aws s3 ls --profile laptop")
        // A new key id keeps the profile's secret, which is not the new key's.
        let other = ok(&w, "aws iam create-access-key --user-name svc --query AccessKey.AccessKeyId --output text")
        ok(&w, "aws configure set aws_access_key_id \(other) --profile laptop")
        fails(&w, "aws s3 ls --profile laptop", .signatureDoesNotMatch)
        // Temporary keys too: the session's own secret signs.
        ok(&w, "aws sts get-session-token --profile svc")
        let session = w.sessions.last!.accessKeyId
        ok(&w, "aws configure set aws_access_key_id \(session) --profile copied")
        ok(&w, "aws configure set aws_secret_access_key \(parts[1]) --profile copied")
        fails(&w, "aws s3 ls --profile copied", .signatureDoesNotMatch)
    }

    /// UG `id_credentials_temp_control-access_disable-perms.html` ("Permissions assigned to temporary
    /// security credentials are evaluated each time they are used") and UG `reference_identifiers.html`
    /// (unique IDs: a role deleted and re-created under the same name is another principal, with
    /// another AROA id): a session of a deleted role is denied everything, and never gains the
    /// permissions of a new role of the same name, nor what a policy naming that role grants.
    @Test func aSessionDiesWithItsRole() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws s3 mb s3://reports")
        func makeRole() {
            ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#)) --profile root")
            ok(&w, "aws iam put-role-policy --role-name R --policy-name P --policy-document \(policy(#""s3:ListAllMyBuckets""#)) --profile root")
        }
        makeRole()
        let assume = "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name old --profile dana"
        ok(&w, assume)
        ok(&w, "aws s3 ls --profile R")
        ok(&w, "aws iam delete-role-policy --role-name R --policy-name P --profile root")
        ok(&w, "aws iam delete-role --role-name R --profile root")
        #expect(fails(&w, "aws s3 ls --profile R", .accessDenied).contains("assumed-role/R/old is not authorized to perform: s3:ListAllMyBuckets"))
        // Re-created under the same name: another role, which the old session does not become.
        makeRole()
        fails(&w, "aws s3 ls --profile R", .accessDenied)
        let bucketPolicy =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports"}]}'"#
        ok(&w, "aws s3api put-bucket-policy --bucket reports --policy \(bucketPolicy) --profile root")
        fails(&w, "aws s3 ls s3://reports --profile R", .accessDenied)
        // A new session of the new role has its permissions.
        ok(&w, assume)
        ok(&w, "aws s3 ls --profile R")
        ok(&w, "aws s3 ls s3://reports --profile R")
    }

    /// UG `reference_policies_elements_principal.html` (IAM users and roles): a policy naming a user
    /// or role by ARN is stored with the principal's unique id; once the principal is deleted the
    /// policy shows that id, and a new principal of the same name is not named. A principal that does
    /// not exist is refused: IAM says `Invalid principal in policy: "AWS":"ARN"` (MalformedPolicyDocument),
    /// S3 `Invalid principal in policy` (MalformedPolicy; knowledge center `s3-invalid-principal-in-policy-error`).
    @Test func principalsAreNamedByTheirUniqueId() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana --path /eng/")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws s3 mb s3://reports")
        let dana = "arn:aws:iam::111122223333:user/eng/dana"
        // Who does not exist cannot be named; the path is part of the ARN.
        let nobody = fails(
            &w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/nobody"}"#))",
            .malformedPolicyDocument)
        #expect(nobody.hasSuffix(#"Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/nobody""#))
        fails(
            &w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#))",
            .malformedPolicyDocument)
        // Accounts outside the world and account roots are not checked.
        ok(
            &w,
            "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":[""# + dana + #"","arn:aws:iam::999988887777:user/anyone","arn:aws:iam::111122223333:root"]}"#))"
        )
        fails(
            &w, "aws iam update-assume-role-policy --role-name R --policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:role/Gone"}"#))",
            .malformedPolicyDocument)
        ok(&w, "aws iam put-role-policy --role-name R --policy-name P --policy-document \(policy(#""s3:ListAllMyBuckets""#))")
        func bucketPolicy(_ principal: String) -> String {
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":""# + principal
                + #""},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports"}]}'"#
        }
        #expect(
            fails(&w, "aws s3api put-bucket-policy --bucket reports --policy \(bucketPolicy("arn:aws:iam::111122223333:user/nobody"))", .malformedPolicy)
                .hasSuffix("Invalid principal in policy"))
        ok(&w, "aws s3api put-bucket-policy --bucket reports --policy \(bucketPolicy(dana))")
        ok(&w, "aws s3 ls s3://reports --profile dana")
        ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name d1 --profile dana")

        // Dana leaves: the policies show her unique id where her ARN was.
        let oldId = w.accounts[0].user("dana")?.id ?? ""
        #expect(oldId.hasPrefix("AIDA"))
        let oldKey = w.accounts[0].user("dana")?.accessKeys.first?.id ?? ""
        ok(&w, "aws iam delete-access-key --user-name dana --access-key-id \(oldKey) --profile root")
        ok(&w, "aws iam delete-user --user-name dana --profile root")
        let role = ok(&w, "aws iam get-role --role-name R --profile root")
        #expect(role.contains("\"\(oldId)\"") && !role.contains(dana))
        let bucket = ok(&w, "aws s3api get-bucket-policy --bucket reports --profile root")
        #expect(bucket.contains(oldId) && !bucket.contains(dana))

        // A new dana, same name and path, is another principal: neither policy names her.
        ok(&w, "aws iam create-user --user-name dana --path /eng/ --profile root")
        let key = ok(&w, "aws iam create-access-key --user-name dana --query AccessKey.AccessKeyId --output text --profile root")
        ok(&w, "aws configure set aws_access_key_id \(key) --profile dana")
        ok(&w, "aws configure set aws_secret_access_key \(w.accounts[0].user("dana")?.accessKeys.first?.secret ?? "") --profile dana")
        fails(&w, "aws s3 ls s3://reports --profile dana", .accessDenied)
        fails(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name d2 --profile dana", .accessDenied)
        // Named again, she is in.
        ok(&w, "aws iam update-assume-role-policy --role-name R --policy-document \(trust(#"{"AWS":""# + dana + #""}"#)) --profile root")
        ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name d2 --profile dana")

        // A role, too: deleted, a bucket policy naming it shows its AROA id.
        ok(&w, "aws s3api put-bucket-policy --bucket reports --policy \(bucketPolicy("arn:aws:iam::111122223333:role/R")) --profile root")
        let roleId = w.accounts[0].role("R")?.id ?? ""
        ok(&w, "aws iam delete-role-policy --role-name R --policy-name P --profile root")
        ok(&w, "aws iam delete-role --role-name R --profile root")
        #expect(ok(&w, "aws s3api get-bucket-policy --bucket reports --profile root").contains(roleId))
    }

    @Test func keyRotationAndDeactivation() {
        var w = World()
        ok(&w, "aws iam create-user --user-name svc")
        ok(&w, "aws iam put-user-policy --user-name svc --policy-name Read --policy-document \(policy(#""s3:ListAllMyBuckets""#))")
        let old = ok(&w, "aws iam create-access-key --user-name svc --query AccessKey.AccessKeyId --output text")
        let new = ok(&w, "aws iam create-access-key --user-name svc --query AccessKey.AccessKeyId --output text")
        ok(&w, "aws configure set aws_access_key_id \(new) --profile svc-new")
        ok(&w, "aws configure set aws_secret_access_key \(w.accounts[0].user("svc")!.accessKeys[1].secret) --profile svc-new")
        ok(&w, "aws iam update-access-key --user-name svc --access-key-id \(old) --status Inactive")
        fails(&w, "aws s3 ls --profile svc", .invalidClientTokenId)
        ok(&w, "aws s3 ls --profile svc-new")
        ok(&w, "aws iam delete-access-key --user-name svc --access-key-id \(old)")
        #expect(ok(&w, "aws iam list-access-keys --user-name svc --query AccessKeyMetadata[].AccessKeyId --output text") == new)
    }

    @Test("IAM and S3 calls name their user, group, role, bucket or object in the trail, refused or not")
    func trailNamesTheEntity() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam create-group --group-name devs")
        fails(&w, "aws iam get-user-policy --user-name root-of-all --policy-name p --profile dana", .accessDenied)
        ok(&w, "aws iam attach-group-policy --group-name devs --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess")
        ok(&w, "aws iam list-group-policies --group-name devs")
        let refused = w.trail.first { $0.name == "GetUserPolicy" }
        #expect(refused?.errorCode == "AccessDenied")
        #expect(refused?.resources == ["arn:aws:iam::111122223333:user/root-of-all"])
        #expect(
            w.trail.first { $0.name == "AttachGroupPolicy" }?.resources
                == ["arn:aws:iam::111122223333:group/devs", "arn:aws:iam::aws:policy/ReadOnlyAccess"])
        #expect(w.trail.first { $0.name == "ListGroupPolicies" }?.resources == ["arn:aws:iam::111122223333:group/devs"])
        // S3 calls name their bucket, and a missing bucket is only news to a caller allowed to ask.
        ok(&w, "aws s3 mb s3://reports-1")
        fails(&w, "aws s3api get-bucket-policy --bucket reports-1", .noSuchBucketPolicy)
        fails(&w, "aws s3api get-bucket-policy --bucket nowhere-1 --profile dana", .accessDenied)
        fails(&w, "aws s3api get-bucket-policy --bucket nowhere-1", .noSuchBucket)
        #expect(
            w.trail.filter { $0.name == "GetBucketPolicy" }.map(\.resources)
                == [["arn:aws:s3:::reports-1"], ["arn:aws:s3:::nowhere-1"], ["arn:aws:s3:::nowhere-1"]])
        // Object calls are data events, which the event history does not hold.
        ok(&w, "aws s3api list-objects-v2 --bucket reports-1")
        fails(&w, "aws s3api delete-object --bucket reports-1 --key a.csv --profile dana", .accessDenied)
        #expect(!w.trail.contains { $0.name == "ListObjectsV2" || $0.name == "DeleteObject" })
    }

    @Test("the same commands give the same transcript; the world is a value")
    func deterministicAndValue() {
        func script() -> [String] {
            var w = World()
            return [
                "aws iam create-user --user-name dana", "aws iam create-access-key --user-name dana",
                "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#))",
                "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name s1 --profile dana",
                "aws ec2 run-instances --image-id ami-1",
            ].map { w.run($0).output }
        }
        #expect(script() == script())
        var w = World()
        let before = w
        ok(&w, "aws iam create-user --user-name dana")
        #expect(w.account(account)?.users.count == 1)
        #expect(before.account(account)?.users.isEmpty == true)
    }

    @Test func managedPoliciesAreCarriedFaithfully() {
        var w = World()
        let admin = ok(&w, "aws iam get-policy-version --policy-arn arn:aws:iam::aws:policy/AdministratorAccess --version-id v1")
        #expect(admin.contains("\"Action\": \"*\""))
        #expect(!admin.contains("abbreviated"))
        let readOnly = ok(&w, "aws iam get-policy-version --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess --version-id v1")
        #expect(readOnly.contains("abbreviated by iam-tutor"))
        #expect(ok(&w, "aws iam list-policies --scope AWS --query length(Policies)") == "15")
    }

    @Test func outputFormatsAndQueries() {
        var w = World()
        ok(&w, "aws iam create-user --user-name b")
        ok(&w, "aws iam create-user --user-name a")
        #expect(ok(&w, "aws iam list-users --query Users[].UserName --output text") == "a\tb")
        #expect(ok(&w, "aws iam list-users --query Users[0].UserName") == "\"a\"")
        #expect(ok(&w, "aws iam list-users --query length(Users)") == "2")
    }

    /// The CLI refuses before sending what its command table and botocore's service model refuse,
    /// in their words: arguments it requires, unknown options, numbers Python's int() cannot
    /// read, and botocore's `Parameter validation failed:` (required members, minimum lengths and
    /// values). Each case was run through aws-cli 1.45.11 (botocore 1.43.11) against a dead endpoint.
    /// Docs: AWS CLI Command Reference `iam/create-virtual-mfa-device.html` (--outfile and
    /// --bootstrap-method are required), `lambda/create-function.html` (--code or --zip-file);
    /// IAM API Reference `API_CreateUser.html` (UserName: minimum length 1), STS API Reference
    /// `API_AssumeRole.html` (RoleSessionName: minimum length 2; DurationSeconds: minimum 900).
    @Test func theCLIRefusesWhatTheRealCLIRefusesBeforeSending() {
        var w = World()
        #expect(
            fails(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name kim", nil)
                == "aws: error: the following arguments are required: --outfile, --bootstrap-method")
        #expect(fails(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name kim --outfile qr.png", nil).hasSuffix("required: --bootstrap-method"))
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name kim --outfile qr.png --bootstrap-method QRCodePNG")
        ok(&w, "aws iam create-role --role-name Fn --assume-role-policy-document \(trust(#"{"Service":"lambda.amazonaws.com"}"#))")
        #expect(
            fails(&w, "aws lambda create-function --function-name f --role arn:aws:iam::\(account):role/Fn", nil)
                == "Parameter validation failed:\nMissing required parameter in input: \"Code\"")
        ok(&w, "aws lambda create-function --function-name f --role arn:aws:iam::\(account):role/Fn --zip-file fileb://function.zip")
        #expect(
            fails(&w, "aws iam create-user --user-name ''", nil)
                == "Parameter validation failed:\nInvalid length for parameter UserName, value: 0, valid min length: 1")
        #expect(
            fails(&w, "aws sts assume-role --role-arn arn:aws:iam::\(account):role/Fn --role-session-name s", nil)
                == "Parameter validation failed:\nInvalid length for parameter RoleSessionName, value: 1, valid min length: 2")
        #expect(
            fails(&w, "aws iam create-role --role-name R --assume-role-policy-document '{}' --max-session-duration 10", nil)
                == "Parameter validation failed:\nInvalid value for parameter MaxSessionDuration, value: 10, valid min value: 3600")
        #expect(
            fails(&w, "aws iam create-role --role-name R --assume-role-policy-document '{}' --max-session-duration abc", nil)
                == "invalid literal for int() with base 10: 'abc'")
        // Two members wrong at once: botocore says both.
        #expect(
            fails(&w, "aws iam enable-mfa-device --user-name kim --serial-number short", nil)
                == "Parameter validation failed:\nMissing required parameter in input: \"AuthenticationCode1\"\nMissing required parameter in input: \"AuthenticationCode2\"\nInvalid length for parameter SerialNumber, value: 5, valid min length: 9"
        )
        // Each item of a list written in shorthand, as botocore checks it; in the order of the arguments.
        #expect(
            fails(&w, "aws iam create-user --user-name x --tags Key=a Key=,Value=b Key=c,Value=d", nil)
                == "Parameter validation failed:\nMissing required parameter in Tags[0]: \"Value\"\nInvalid length for parameter Tags[1].Key, value: 0, valid min length: 1"
        )
        #expect(
            fails(&w, "aws iam create-user --user-name '' --tags Key=a", nil)
                == "Parameter validation failed:\nInvalid length for parameter UserName, value: 0, valid min length: 1\nMissing required parameter in Tags[0]: \"Value\""
        )
        // Nothing refused before sending reaches the trail.
        #expect(!w.trail.contains { $0.name == "CreateUser" || $0.name == "EnableMFADevice" })
    }

    /// IAM and STS check each value against their model once they know the caller: maximum
    /// lengths and values, patterns matched whole (`\w` is ASCII), the values an enum allows; all
    /// that fail are said in one ValidationError.
    /// Docs: IAM API Reference `API_CreateUser.html` (UserName: length 1–64, pattern `[\w+=,.@-]+`;
    /// Path: pattern `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`), `API_UpdateAccessKey.html` (Status:
    /// Active | Inactive | Expired), `API_PutUserPolicy.html` (PolicyDocument's pattern), `CommonErrors.html`;
    /// STS API Reference `API_GetSessionToken.html` (TokenCode: 6 characters, `[\d]*`), and STS's own
    /// answer for a longer code, quoted in boto/botocore issue 1567.
    @Test func iamAndSTSCheckValuesAgainstTheirModels() {
        var w = World()
        let at = "An error occurred (ValidationError) when calling the CreateUser operation: 1 validation error detected: Value"
        #expect(
            fails(&w, "aws iam create-user --user-name 'a b'", .validationError)
                == "\(at) 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")
        #expect(fails(&w, "aws iam create-user --user-name dänä", .validationError).hasSuffix("pattern: [\\w+=,.@-]+"))
        let long = String(repeating: "a", count: 65)
        #expect(
            fails(&w, "aws iam create-user --user-name \(long)", .validationError)
                == "\(at) '\(long)' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64")
        #expect(
            fails(&w, "aws iam create-user --user-name 'a b' --path x", .validationError).hasPrefix(
                "An error occurred (ValidationError) when calling the CreateUser operation: 2 validation errors detected: Value 'x' at 'path'"))
        ok(&w, "aws iam create-user --user-name \(String(repeating: "a", count: 64)) --path /eng/")
        ok(&w, "aws iam create-user --user-name dana")
        let key = ok(&w, "aws iam create-access-key --user-name dana --query AccessKey.AccessKeyId --output text")
        #expect(
            fails(&w, "aws iam update-access-key --user-name dana --access-key-id \(key) --status Off", .validationError).hasSuffix(
                "Value 'Off' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]"))
        let arrow = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Sid":"→"}]}'"#
        #expect(
            fails(&w, "aws iam put-user-policy --user-name dana --policy-name P --policy-document \(arrow)", .validationError).contains(
                "at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"))
        // Two constraints of one value: its pattern, then its length, as STS says them for a token code.
        #expect(
            fails(&w, "aws sts get-session-token --serial-number arn:aws:iam::111122223333:mfa/dana --token-code 12345x7", .validationError)
                == "An error occurred (ValidationError) when calling the GetSessionToken operation: 2 validation errors detected: Value '12345x7' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*; Value '12345x7' at 'tokenCode' failed to satisfy constraint: Member must have length less than or equal to 6"
        )
        #expect(
            fails(&w, "aws iam update-role --role-name R --max-session-duration 43201", .validationError).hasSuffix(
                "Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200"))
        // Refused values change nothing.
        #expect(w.account(account)?.users.count == 2)
    }
}
