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
        fails(&w, "aws iam create-user --user-name eve --profile dana", "AccessDenied")
        ok(&w, "aws iam delete-user-permissions-boundary --user-name dana")
        #expect(ok(&w, "aws iam get-user --user-name dana").contains("PermissionsBoundary") == false)
        ok(&w, "aws iam create-user --user-name eve --profile dana")
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        ok(&w, "aws iam put-role-permissions-boundary --role-name R --permissions-boundary arn:aws:iam::aws:policy/ReadOnlyAccess")
        ok(&w, "aws iam delete-role-permissions-boundary --role-name R")
        #expect(w.accounts[0].role("R")?.permissionsBoundary == nil)
        #expect(
            fails(&w, "aws iam delete-role-permissions-boundary --role-name Nope", "NoSuchEntity")
                == "An error occurred (NoSuchEntity) when calling the DeleteRolePermissionsBoundary operation: The role with name Nope cannot be found.")
        // Who may remove a boundary is itself decided by policy.
        ok(&w, "aws iam put-user-permissions-boundary --user-name dana --permissions-boundary arn:aws:iam::aws:policy/ReadOnlyAccess")
        fails(&w, "aws iam delete-user-permissions-boundary --user-name dana --profile dana", "AccessDenied")
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
        fails(&w, "aws iam list-instance-profiles-for-role --role-name Nope", "NoSuchEntity")
        #expect(
            fails(&w, "aws iam delete-instance-profile --instance-profile-name web", "DeleteConflict")
                == "An error occurred (DeleteConflict) when calling the DeleteInstanceProfile operation: Cannot delete entity, must remove roles from instance profile first."
        )
        ok(&w, "aws iam remove-role-from-instance-profile --instance-profile-name web --role-name Web")
        ok(&w, "aws iam delete-instance-profile --instance-profile-name web")
        fails(&w, "aws iam get-instance-profile --instance-profile-name web", "NoSuchEntity")
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
        fails(&w, "aws iam simulate-custom-policy --policy-input-list \(mfa) --action-names 'iam:*'", "InvalidInput")
        #expect(fails(&w, "aws iam simulate-custom-policy --policy-input-list \(mfa)", nil).contains("--action-names"))
        fails(&w, "aws iam simulate-custom-policy --policy-input-list '{\"Statement\":[]' --action-names iam:ListUsers", "MalformedPolicyDocument")
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
        fails(&w, "aws iam simulate-principal-policy --policy-source-arn \(role) --action-names s3:GetObject --resource-policy \(bucket)", "InvalidInput")
        #expect(
            fails(&w, "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:user/nobody --action-names s3:GetObject", "NoSuchEntity")
                .contains("The user with name nobody cannot be found."))
    }

    @Test func simulatingNeedsPermission() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        let denied = fails(
            &w, "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:user/dana --action-names s3:GetObject --profile dana",
            "AccessDenied")
        #expect(denied.contains("iam:SimulatePrincipalPolicy on resource: arn:aws:iam::111122223333:user/dana"))
        ok(
            &w,
            "aws iam put-user-policy --user-name dana --policy-name Sim --policy-document \(policy(#""iam:SimulatePrincipalPolicy""#, "arn:aws:iam::111122223333:user/dana"))"
        )
        ok(&w, "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:user/dana --action-names s3:GetObject --profile dana")
        fails(&w, "aws iam simulate-custom-policy --policy-input-list \(policy(#""s3:*""#)) --action-names s3:GetObject --profile dana", "AccessDenied")
    }
}
