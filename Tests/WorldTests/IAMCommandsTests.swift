import Policy
import Testing
import World

/// The IAM commands a learner types next, each as its IAM API reference page describes it.
@Suite("more IAM commands")
struct IAMCommandsTests {
    /// IAM API reference `API_DeleteUserPermissionsBoundary.html` and
    /// `API_DeleteRolePermissionsBoundary.html`: the boundary goes, the entity's own policies then
    /// decide alone; UG `access_policies_boundaries.html`.
    @Test func deletingABoundaryLetsTheEntitysOwnPoliciesDecide() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam attach-user-policy --user-name dana --policy-arn arn:aws:iam::aws:policy/AdministratorAccess")
        ok(&w, "aws iam put-user-permissions-boundary --user-name dana --permissions-boundary arn:aws:iam::aws:policy/ReadOnlyAccess")
        fails(&w, "aws iam create-user --user-name eve --profile dana", .accessDenied)
        ok(&w, "aws iam delete-user-permissions-boundary --user-name dana")
        #expect(ok(&w, "aws iam get-user --user-name dana").contains("PermissionsBoundary") == false)
        ok(&w, "aws iam create-user --user-name eve --profile dana")
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(&w, "aws iam put-role-permissions-boundary --role-name R --permissions-boundary arn:aws:iam::aws:policy/ReadOnlyAccess")
        ok(&w, "aws iam delete-role-permissions-boundary --role-name R")
        #expect(w.accounts[0].role("R")?.permissionsBoundary == nil)
        #expect(
            fails(&w, "aws iam delete-role-permissions-boundary --role-name Nope", .noSuchEntity)
                == "An error occurred (NoSuchEntity) when calling the DeleteRolePermissionsBoundary operation: The role with name Nope cannot be found.")
        // Who may remove a boundary is itself decided by policy.
        ok(&w, "aws iam put-user-permissions-boundary --user-name dana --permissions-boundary arn:aws:iam::aws:policy/ReadOnlyAccess")
        fails(&w, "aws iam delete-user-permissions-boundary --user-name dana --profile dana", .accessDenied)
        #expect(w.trail.last?.name == "DeleteUserPermissionsBoundary" && w.trail.last?.readOnly == false)
    }

    /// IAM API reference `API_ListInstanceProfiles.html`, `API_ListInstanceProfilesForRole.html`,
    /// `API_DeleteInstanceProfile.html` ("you must first remove all roles": DeleteConflict).
    @Test func instanceProfilesAreListedAndDeletedOnceEmpty() {
        var w = World()
        ok(&w, "aws iam create-role --role-name Web --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(&w, "aws iam create-instance-profile --instance-profile-name web")
        ok(&w, "aws iam create-instance-profile --instance-profile-name batch --path /jobs/")
        ok(&w, "aws iam add-role-to-instance-profile --instance-profile-name web --role-name Web")
        #expect(ok(&w, "aws iam list-instance-profiles --query InstanceProfiles[].InstanceProfileName --output text") == "batch\tweb")
        #expect(ok(&w, "aws iam list-instance-profiles --path-prefix /jobs/ --query InstanceProfiles[].InstanceProfileName --output text") == "batch")
        let forRole = ok(&w, "aws iam list-instance-profiles-for-role --role-name Web")
        #expect(forRole.contains("\"InstanceProfileName\": \"web\"") && !forRole.contains("batch") && !forRole.contains("IsTruncated"))
        fails(&w, "aws iam list-instance-profiles-for-role --role-name Nope", .noSuchEntity)
        #expect(
            fails(&w, "aws iam delete-instance-profile --instance-profile-name web", .deleteConflict)
                == "An error occurred (DeleteConflict) when calling the DeleteInstanceProfile operation: Cannot delete entity, must remove roles from instance profile first."
        )
        ok(&w, "aws iam remove-role-from-instance-profile --instance-profile-name web --role-name Web")
        ok(&w, "aws iam delete-instance-profile --instance-profile-name web")
        fails(&w, "aws iam get-instance-profile --instance-profile-name web", .noSuchEntity)
        ok(&w, "aws iam delete-role --role-name Web")
        #expect(w.trail.last(where: { $0.name == "DeleteInstanceProfile" })?.resources == ["arn:aws:iam::111122223333:instance-profile/web"])
    }
}

/// The policy simulator at the prompt: IAM API reference `API_SimulateCustomPolicy.html` and
/// `API_SimulatePrincipalPolicy.html` (the principal's policies, with its groups', its boundary and
/// the SCPs; `PolicyInputList` adds policies; CallerArn is needed with a resource policy unless the
/// source is a user), `API_EvaluationResult.html` for the shape; the CLI gathers every page, so
/// `IsTruncated` and `Marker` are not printed.
@Suite("the policy simulator at the prompt")
struct SimulatorCommandTests {
    @Test func simulateCustomPolicyAnswersAsTheOfflineSimulatorDoes() throws {
        var w = World()
        let doc = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#
        let out = ok(
            &w,
            "aws iam simulate-custom-policy --policy-input-list file://p.json --action-names s3:GetObject s3:PutObject --resource-arns arn:aws:s3:::reports/q1.csv",
            files: ["p.json": doc])
        #expect(!out.contains("IsTruncated"))
        let decisions = ok(
            &w,
            "aws iam simulate-custom-policy --policy-input-list file://p.json --action-names s3:GetObject s3:PutObject --resource-arns arn:aws:s3:::reports/q1.csv --query EvaluationResults[].EvalDecision --output text",
            files: ["p.json": doc])
        #expect(decisions == "allowed\timplicitDeny")
        // The same request through the offline simulator's JSON input gives the same results.
        let json = #"{"PolicyInputList":[DOC],"ActionNames":["s3:GetObject","s3:PutObject"],"ResourceArns":["arn:aws:s3:::reports/q1.csv"]}"#
            .replacingAll("DOC", with: JSONOutput.string(doc).compact)
        let offline = try PolicySimulator(try SimulationRequest(json: json)).response()
        guard case .object(let members) = offline else { Issue.record("not an object"); return }
        #expect(out == JSONOutput.object(members.filter { $0.0 == "EvaluationResults" }).pretty())
        #expect(w.trail.last?.name == "SimulateCustomPolicy" && w.trail.last?.readOnly == true)
    }

    @Test func contextEntriesAndMissingKeys() {
        var w = World()
        let mfa = policy(#""iam:ListUsers""#).replacingAll(
            #""Resource":"*"}"#, with: #""Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#)
        let without = ok(&w, "aws iam simulate-custom-policy --policy-input-list \(mfa) --action-names iam:ListUsers")
        #expect(without.contains("\"EvalDecision\": \"implicitDeny\"") && without.contains("\"aws:MultiFactorAuthPresent\""))
        let with = ok(
            &w,
            "aws iam simulate-custom-policy --policy-input-list \(mfa) --action-names iam:ListUsers --context-entries ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean --query EvaluationResults[0].EvalDecision --output text"
        )
        #expect(with == "allowed")
        fails(&w, "aws iam simulate-custom-policy --policy-input-list \(mfa) --action-names 'iam:*'", .invalidInput)
        #expect(fails(&w, "aws iam simulate-custom-policy --policy-input-list \(mfa)", nil).contains("--action-names"))
        fails(&w, "aws iam simulate-custom-policy --policy-input-list '{\"Statement\":[]' --action-names iam:ListUsers", .malformedPolicyDocument)
    }

    @Test func simulatePrincipalPolicyReadsTheEntitysPoliciesGroupsBoundaryAndSCPs() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-group --group-name Devs")
        ok(&w, "aws iam add-user-to-group --group-name Devs --user-name dana")
        ok(&w, "aws iam put-group-policy --group-name Devs --policy-name S3 --policy-document \(policy(#"["s3:GetObject","s3:PutObject","s3:DeleteObject"]"#))")
        ok(&w, "aws iam create-policy --policy-name NoDelete --policy-document \(policy(#"["s3:GetObject","s3:PutObject"]"#))")
        ok(&w, "aws iam put-user-permissions-boundary --user-name dana --permissions-boundary arn:aws:iam::111122223333:policy/NoDelete")
        let arn = "arn:aws:iam::111122223333:user/dana"
        let line = "aws iam simulate-principal-policy --policy-source-arn \(arn) --action-names s3:GetObject s3:DeleteObject iam:ListUsers"
        #expect(ok(&w, line + " --query EvaluationResults[].EvalDecision --output text") == "allowed\timplicitDeny\timplicitDeny")
        let boundary = ok(&w, line + " --query EvaluationResults[1].PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary --output text")
        #expect(boundary == "False")
        // A policy given in the request is added to the user's own, still within the boundary; a
        // boundary given in the request replaces the user's.
        let added = line + " --policy-input-list \(policy(#""iam:ListUsers""#)) --query EvaluationResults[2].EvalDecision --output text"
        #expect(ok(&w, added) == "implicitDeny")
        #expect(ok(&w, added + " --permissions-boundary-policy-input-list \(policy(#""iam:List*""#))") == "allowed")
        // SCPs of the account apply.
        w.accounts[0].serviceControlPolicies = [
            [#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#]
        ]
        let put = ok(&w, "aws iam simulate-principal-policy --policy-source-arn \(arn) --action-names s3:PutObject")
        #expect(put.contains("\"EvalDecision\": \"explicitDeny\"") && put.contains("\"AllowedByOrganizations\": false"))
        #expect(w.trail.last?.resources == [arn] && w.trail.last?.readOnly == true)
        // A role's own policies; a resource policy then needs a caller.
        ok(&w, "aws iam create-role --role-name App --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(&w, "aws iam put-role-policy --role-name App --policy-name Read --policy-document \(policy(#""s3:GetObject""#))")
        let role = "arn:aws:iam::111122223333:role/App"
        #expect(
            ok(
                &w,
                "aws iam simulate-principal-policy --policy-source-arn \(role) --action-names s3:GetObject --query EvaluationResults[0].EvalDecision --output text"
            ) == "allowed")
        let bucket = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}'"#
        fails(&w, "aws iam simulate-principal-policy --policy-source-arn \(role) --action-names s3:GetObject --resource-policy \(bucket)", .invalidInput)
        #expect(
            fails(&w, "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:user/nobody --action-names s3:GetObject", .noSuchEntity)
                .contains("The user with name nobody cannot be found."))
    }

    @Test func simulatingNeedsPermission() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        let denied = fails(
            &w, "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:user/dana --action-names s3:GetObject --profile dana",
            .accessDenied)
        #expect(denied.contains("iam:SimulatePrincipalPolicy on resource: arn:aws:iam::111122223333:user/dana"))
        ok(
            &w,
            "aws iam put-user-policy --user-name dana --policy-name Sim --policy-document \(policy(#""iam:SimulatePrincipalPolicy""#, "arn:aws:iam::111122223333:user/dana"))"
        )
        ok(&w, "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:user/dana --action-names s3:GetObject --profile dana")
        fails(&w, "aws iam simulate-custom-policy --policy-input-list \(policy(#""s3:*""#)) --action-names s3:GetObject --profile dana", .accessDenied)
    }
}

/// What auditors and careful teams ask of an account.
@Suite("audit commands: policy versions, who uses a policy, key use, reports")
struct AuditCommandTests {
    /// UG `access_policies_managed-versioning.html` (five versions at most, the default cannot be
    /// deleted, rolling back is setting an older default); IAM API reference
    /// `API_ListPolicyVersions.html`, `API_SetDefaultPolicyVersion.html`, `API_DeletePolicyVersion.html`.
    @Test func policyVersionsRollBackAndAreLimitedToFive() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam create-policy --policy-name Ops --policy-document \(policy(#""iam:ListUsers""#))")
        ok(&w, "aws iam attach-user-policy --user-name dana --policy-arn arn:aws:iam::111122223333:policy/Ops")
        let arn = "arn:aws:iam::111122223333:policy/Ops"
        ok(&w, "aws iam create-policy-version --policy-arn \(arn) --policy-document \(policy(#""iam:ListRoles""#)) --set-as-default")
        fails(&w, "aws iam list-users --profile dana", .accessDenied)
        #expect(ok(&w, "aws iam list-policy-versions --policy-arn \(arn) --query Versions[].VersionId --output text") == "v2\tv1")
        #expect(ok(&w, "aws iam list-policy-versions --policy-arn \(arn) --query Versions[0].IsDefaultVersion --output text") == "True")
        ok(&w, "aws iam set-default-policy-version --policy-arn \(arn) --version-id v1")
        ok(&w, "aws iam list-users --profile dana")
        #expect(
            fails(&w, "aws iam delete-policy-version --policy-arn \(arn) --version-id v1", .deleteConflict)
                == "An error occurred (DeleteConflict) when calling the DeletePolicyVersion operation: Cannot delete the default version of a policy.")
        fails(&w, "aws iam set-default-policy-version --policy-arn \(arn) --version-id v9", .noSuchEntity)
        for _ in 3...5 { ok(&w, "aws iam create-policy-version --policy-arn \(arn) --policy-document \(policy(#""iam:ListGroups""#))") }
        #expect(
            fails(&w, "aws iam create-policy-version --policy-arn \(arn) --policy-document \(policy(#""iam:ListGroups""#))", .limitExceeded).contains(
                "A managed policy can have up to 5 versions"))
        ok(&w, "aws iam delete-policy-version --policy-arn \(arn) --version-id v2")
        ok(&w, "aws iam create-policy-version --policy-arn \(arn) --policy-document \(policy(#""iam:ListGroups""#))")
        #expect(ok(&w, "aws iam list-policy-versions --policy-arn \(arn) --query Versions[0].VersionId --output text") == "v6")
        #expect(ok(&w, "aws iam get-policy-version --policy-arn \(arn) --version-id v1 --query PolicyVersion.IsDefaultVersion --output text") == "True")
    }

    /// IAM API reference `API_ListEntitiesForPolicy.html`: attachments and boundaries, filtered.
    @Test func listEntitiesForPolicyNamesWhoUsesIt() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-user --user-name sam")
        ok(&w, "aws iam create-group --group-name Devs")
        ok(&w, "aws iam create-role --role-name App --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        let ro = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        ok(&w, "aws iam attach-user-policy --user-name dana --policy-arn \(ro)")
        ok(&w, "aws iam attach-group-policy --group-name Devs --policy-arn \(ro)")
        ok(&w, "aws iam put-role-permissions-boundary --role-name App --permissions-boundary \(ro)")
        let all = ok(&w, "aws iam list-entities-for-policy --policy-arn \(ro)")
        #expect(all.contains("\"GroupName\": \"Devs\"") && all.contains("\"UserName\": \"dana\"") && all.contains("\"RoleName\": \"App\""))
        #expect(!all.contains("sam") && !all.contains("IsTruncated"))
        #expect(
            ok(&w, "aws iam list-entities-for-policy --policy-arn \(ro) --policy-usage-filter PermissionsBoundary --query PolicyRoles[].RoleName --output text")
                == "App")
        #expect(ok(&w, "aws iam list-entities-for-policy --policy-arn \(ro) --entity-filter User --query PolicyGroups --output text") == "")
        fails(&w, "aws iam list-entities-for-policy --policy-arn \(ro) --entity-filter Users", .validationError)
        fails(&w, "aws iam list-entities-for-policy --policy-arn arn:aws:iam::111122223333:policy/Nope", .noSuchEntity)
    }

    /// IAM API reference `API_GetAccessKeyLastUsed.html`: N/A until used, then the date, service
    /// and region of the last request the key signed.
    @Test func accessKeyLastUseIsRecorded() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        let key = ok(&w, "aws iam create-access-key --user-name dana --query AccessKey.AccessKeyId --output text")
        #expect(
            ok(&w, "aws iam get-access-key-last-used --access-key-id \(key)")
                == #"{"UserName":"dana","AccessKeyLastUsed":{"ServiceName":"N/A","Region":"N/A"}}"#.prettyJSON)
        w.clock.advance(by: 3600)
        ok(&w, "aws sts get-caller-identity --profile dana --region eu-west-1")
        let used = ok(&w, "aws iam get-access-key-last-used --access-key-id \(key) --query AccessKeyLastUsed --output text")
        #expect(used == "\(w.clock.iso8601)\tsts\teu-west-1")
        fails(&w, "aws iam get-access-key-last-used --access-key-id AKIAEXAMPLEEXAMPLE12", .noSuchEntity)
    }

    /// UG `id_credentials_getting-report.html`: the report's columns, base64 CSV content, and
    /// `ReportNotPresent` before one is generated; IAM API reference `API_GetCredentialReport.html`.
    @Test func theCredentialReportIsBase64CSV() throws {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-login-profile --user-name dana --password 'Str0ng!Passw0rd'")
        ok(&w, "aws iam create-access-key --user-name dana")
        fails(&w, "aws iam get-credential-report", .reportNotPresent)
        #expect(ok(&w, "aws iam generate-credential-report --query State --output text") == "STARTED")
        #expect(ok(&w, "aws iam generate-credential-report --query State --output text") == "COMPLETE")
        let content = ok(&w, "aws iam get-credential-report --query Content --output text")
        let csv = try #require(decodeBase64(content))
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"))
        #expect(lines[0].split(separator: ",").count == 22)
        #expect(lines[1].hasPrefix("<root_account>,arn:aws:iam::111122223333:root,"))
        let dana = lines[2].split(separator: ",").map(String.init)
        #expect(dana[0] == "dana" && dana[3] == "true" && dana[6] == "N/A" && dana[7] == "false" && dana[8] == "true" && dana[13] == "false")
        #expect(ok(&w, "aws iam get-credential-report --query ReportFormat --output text") == "text/csv")
        w.clock.advance(by: 5 * 3600)
        fails(&w, "aws iam get-credential-report", .reportExpired)
        // With a maximum password age, the report says when the password must next change.
        ok(&w, "aws iam update-account-password-policy --max-password-age 90")
        ok(&w, "aws iam generate-credential-report")
        let rotated = try #require(decodeBase64(ok(&w, "aws iam get-credential-report --query Content --output text")))
        let row = rotated.split(separator: "\n")[2].split(separator: ",").map(String.init)
        #expect(row[6] == SimulatedClock.iso8601(SimulatedClock.start + 90 * 86400).replacingAll("Z", with: "+00:00"))
        #expect(w.trail.last(where: { $0.name == "GenerateCredentialReport" })?.readOnly == true)
    }

    /// IAM API reference `API_GetAccountAuthorizationDetails.html`: every entity with its policies,
    /// in the model's member order; `--filter` keeps some lists.
    @Test func accountAuthorizationDetails() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-group --group-name Devs")
        ok(&w, "aws iam add-user-to-group --group-name Devs --user-name dana")
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name Own --policy-document \(policy(#""s3:ListBucket""#))")
        ok(&w, "aws iam create-role --role-name App --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(&w, "aws iam attach-role-policy --role-name App --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess")
        ok(&w, "aws iam create-policy --policy-name Ops --policy-document \(policy(#""iam:ListUsers""#))")
        let user = ok(&w, "aws iam get-account-authorization-details --query UserDetailList[0].GroupList[0] --output text")
        #expect(user == "Devs")
        #expect(
            ok(&w, "aws iam get-account-authorization-details --query UserDetailList[0].UserPolicyList[0].PolicyName --output text") == "Own")
        #expect(
            ok(&w, "aws iam get-account-authorization-details --query Policies[].PolicyName --output text") == "ReadOnlyAccess\tOps")
        #expect(ok(&w, "aws iam get-account-authorization-details --filter Role --query UserDetailList --output text") == "")
        #expect(ok(&w, "aws iam get-account-authorization-details --filter Role --query RoleDetailList[0].RoleName --output text") == "App")
        fails(&w, "aws iam get-account-authorization-details --filter Users", .validationError)
    }

    /// IAM API reference `API_DeleteVirtualMFADevice.html` (deactivate first) and `API_ListVirtualMFADevices.html`.
    @Test func virtualMFADevicesAreListedAndDeletedOnceUnassigned() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name dana --outfile qr.png --bootstrap-method QRCodePNG")
        let serial = "arn:aws:iam::111122223333:mfa/dana"
        #expect(ok(&w, "aws iam list-virtual-mfa-devices --assignment-status Unassigned --query VirtualMFADevices[].SerialNumber --output text") == serial)
        ok(&w, "aws iam enable-mfa-device --user-name dana --serial-number \(serial) --authentication-code1 123456 --authentication-code2 654321")
        #expect(ok(&w, "aws iam list-virtual-mfa-devices --query VirtualMFADevices[0].User.UserName --output text") == "dana")
        #expect(
            fails(&w, "aws iam delete-virtual-mfa-device --serial-number \(serial)", .deleteConflict)
                == "An error occurred (DeleteConflict) when calling the DeleteVirtualMFADevice operation: MFA VirtualDevice in use. Must deactivate first.")
        ok(&w, "aws iam deactivate-mfa-device --user-name dana --serial-number \(serial)")
        ok(&w, "aws iam delete-virtual-mfa-device --serial-number \(serial)")
        #expect(ok(&w, "aws iam list-virtual-mfa-devices --query VirtualMFADevices --output text") == "")
        fails(&w, "aws iam delete-virtual-mfa-device --serial-number \(serial)", .noSuchEntity)
        ok(&w, "aws iam delete-user --user-name dana")
    }
}

/// Standard base64, decoded (for reading the credential report back).
func decodeBase64(_ text: String) -> String? {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var bits = 0
    var count = 0
    var bytes: [UInt8] = []
    for c in text where c != "=" {
        guard let v = alphabet.firstIndex(of: c) else { return nil }
        bits = bits << 6 | v
        count += 6
        if count >= 8 {
            count -= 8
            bytes.append(UInt8((bits >> count) & 0xFF))
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
