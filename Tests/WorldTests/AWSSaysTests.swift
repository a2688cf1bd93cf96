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
            fails(&w, "aws iam create-role --role-name R --assume-role-policy-document \(s3)", "MalformedPolicyDocument")
                == "An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: \(message)")
        // The action's name is compared as written when the policy is saved.
        let lower = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:assumerole"}]}'"#
        #expect(fails(&w, "aws iam create-role --role-name R --assume-role-policy-document \(lower)", "MalformedPolicyDocument").hasSuffix(message))
        let not = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"NotAction":"s3:*"}]}'"#
        #expect(fails(&w, "aws iam create-role --role-name R --assume-role-policy-document \(not)", "MalformedPolicyDocument").hasSuffix(message))

        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        let tagging =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}'"#
        ok(&w, "aws iam update-assume-role-policy --role-name R --policy-document \(tagging)")
        let wildcard = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole*"}]}'"#
        ok(&w, "aws iam update-assume-role-policy --role-name R --policy-document \(wildcard)")
        let ec2 = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"ec2:*"}]}'"#
        #expect(
            fails(&w, "aws iam update-assume-role-policy --role-name R --policy-document \(ec2)", "MalformedPolicyDocument")
                == "An error occurred (MalformedPolicyDocument) when calling the UpdateAssumeRolePolicy operation: \(message)")
        // The role keeps the trust policy it had.
        #expect(ok(&w, "aws iam get-role --role-name R").contains("sts:AssumeRole*"))
    }
}
