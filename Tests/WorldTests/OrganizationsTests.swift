import Policy
import Testing
import World

/// Service control policies made at the prompt: Organizations API reference (CreateOrganization,
/// InviteAccountToOrganization, AcceptHandshake, EnablePolicyType, CreatePolicy, AttachPolicy,
/// DetachPolicy, ListPolicies, DeletePolicy) and Organizations UG `orgs_manage_policies_scps.html`
/// (SCPs limit every principal of a member account, its root user included, never the management
/// account; every level must allow; FullAWSAccess is attached when SCPs are enabled, and a target
/// keeps at least one SCP).
@Suite("aws organizations: service control policies")
struct OrganizationsTests {
    func organization() -> (World, root: String) {
        var w = World(accounts: [("111122223333", "company"), ("444455556666", "prod"), ("777788889999", "vendor")])
        let org = ok(&w, "aws organizations create-organization --feature-set ALL")
        #expect(org.contains("\"MasterAccountId\": \"111122223333\""))
        let root = ok(&w, "aws organizations list-roots --query Roots[0].Id --output text")
        #expect(root.hasPrefix("r-"))
        let handshake = ok(&w, "aws organizations invite-account-to-organization --target Id=444455556666,Type=ACCOUNT --query Handshake.Id --output text")
        ok(&w, "aws organizations accept-handshake --handshake-id \(handshake) --profile root@prod")
        return (w, root)
    }

    @Test func anSCPLimitsAMemberAccountEvenItsRootButNeverTheManagementAccount() {
        var (w, root) = organization()
        let deny = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}'"#
        let id = ok(
            &w,
            "aws organizations create-policy --name NoUsers --description 'No IAM users' --type SERVICE_CONTROL_POLICY --content \(deny) --query Policy.PolicySummary.Id --output text"
        )
        #expect(
            fails(&w, "aws organizations attach-policy --policy-id \(id) --target-id 444455556666", .policyTypeNotEnabledException)
                == "An error occurred (PolicyTypeNotEnabledException) when calling the AttachPolicy operation: This operation can be performed only for enabled policy types."
        )
        ok(&w, "aws organizations enable-policy-type --root-id \(root) --policy-type SERVICE_CONTROL_POLICY")
        ok(&w, "aws iam create-user --user-name before --profile root@prod")
        ok(&w, "aws organizations attach-policy --policy-id \(id) --target-id \(root)")
        let denied = fails(&w, "aws iam create-user --user-name after --profile root@prod", .accessDenied)
        #expect(denied.contains("arn:aws:iam::444455556666:root"))
        ok(&w, "aws iam create-user --user-name mine")
        // An account outside the organization is not governed by it.
        ok(&w, "aws iam create-user --user-name theirs --profile root@vendor")
        fails(&w, "aws organizations attach-policy --policy-id \(id) --target-id \(root)", .duplicatePolicyAttachmentException)
        #expect(
            fails(&w, "aws organizations delete-policy --policy-id \(id)", .policyInUseException).contains(
                "You must detach it from all roots, OUs, and accounts before performing this operation."))
        ok(&w, "aws organizations detach-policy --policy-id \(id) --target-id \(root)")
        ok(&w, "aws iam create-user --user-name after --profile root@prod")
        ok(&w, "aws organizations delete-policy --policy-id \(id)")
        #expect(w.trail.last?.source == "organizations.amazonaws.com" && w.trail.last?.readOnly == false)
    }

    /// Every level must allow: an allow-list SCP on the account, with FullAWSAccess taken off it,
    /// leaves only what it lists; the last SCP of a target cannot be detached.
    @Test func anAllowListReplacesFullAWSAccess() {
        var (w, root) = organization()
        ok(&w, "aws organizations enable-policy-type --root-id \(root) --policy-type SERVICE_CONTROL_POLICY")
        let s3 = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'"#
        let id = ok(
            &w,
            "aws organizations create-policy --name S3Only --description 'Only S3' --type SERVICE_CONTROL_POLICY --content \(s3) --query Policy.PolicySummary.Id --output text"
        )
        ok(&w, "aws organizations attach-policy --policy-id \(id) --target-id 444455556666")
        ok(&w, "aws iam list-users --profile root@prod")
        ok(&w, "aws organizations detach-policy --policy-id p-FullAWSAccess --target-id 444455556666")
        fails(&w, "aws iam list-users --profile root@prod", .accessDenied)
        ok(&w, "aws s3 ls --profile root@prod")
        #expect(
            fails(&w, "aws organizations detach-policy --policy-id \(id) --target-id 444455556666", .constraintViolationException).contains(
                "You cannot remove the last policy attached to the specified target"))
        #expect(
            ok(&w, "aws organizations list-policies-for-target --target-id 444455556666 --filter SERVICE_CONTROL_POLICY --query Policies[].Name --output text")
                == "S3Only")
        #expect(ok(&w, "aws organizations list-policies --filter SERVICE_CONTROL_POLICY --query Policies[].Name --output text") == "FullAWSAccess\tS3Only")
    }

    @Test func onlyTheManagementAccountGovernsAndOnlyMembersMayAsk() {
        var (w, _) = organization()
        let allow = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'"#
        #expect(
            fails(
                &w, "aws organizations create-policy --name X --description x --type SERVICE_CONTROL_POLICY --content \(allow) --profile root@prod",
                .accessDeniedException)
                == "An error occurred (AccessDeniedException) when calling the CreatePolicy operation: You don't have permissions to access this resource.")
        ok(&w, "aws organizations describe-organization --profile root@prod")
        fails(&w, "aws organizations describe-organization --profile root@vendor", .awsOrganizationsNotInUseException)
        fails(&w, "aws organizations create-organization --profile root@prod", .alreadyInOrganizationException)
        fails(
            &w, "aws organizations create-policy --name Bad --description x --type SERVICE_CONTROL_POLICY --content '{\"Statement\":[]'",
            .malformedPolicyDocumentException)
        #expect(ok(&w, "aws organizations list-accounts --query Accounts[].Id --output text") == "111122223333\t444455556666")
        #expect(fails(&w, "aws organizations list-policies", nil).contains("--filter"))
        // Consolidated billing only: no SCPs.
        var billing = World()
        ok(&billing, "aws organizations create-organization --feature-set CONSOLIDATED_BILLING")
        let root = ok(&billing, "aws organizations list-roots --query Roots[0].Id --output text")
        fails(
            &billing, "aws organizations enable-policy-type --root-id \(root) --policy-type SERVICE_CONTROL_POLICY",
            .policyTypeNotAvailableForOrganizationException)
    }
}
