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
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name dana")
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
                fails(&w, "aws iam delete-user --user-name dana", "DeleteConflict")
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
            fails(&w, "aws iam get-login-profile --user-name dana", "NoSuchEntity")
                == "An error occurred (NoSuchEntity) when calling the GetLoginProfile operation: Login Profile for User dana cannot be found.")
        fails(&w, "aws iam update-login-profile --user-name dana --password 'N3w-pass!'", "NoSuchEntity")
        fails(&w, "aws iam delete-login-profile --user-name dana", "NoSuchEntity")
        fails(&w, "aws iam get-login-profile --user-name eve", "NoSuchEntity")

        let created = ok(&w, "aws iam create-login-profile --user-name dana --password 'Tr0ub4dor&3' --password-reset-required")
        #expect(created.contains("\"PasswordResetRequired\": true") && !created.contains("Tr0ub4dor"))
        fails(&w, "aws iam create-login-profile --user-name dana --password 'again-1A!'", "EntityAlreadyExists")
        let shown = ok(&w, "aws iam get-login-profile --user-name dana")
        #expect(shown.contains("\"UserName\": \"dana\"") && shown.contains("\"PasswordResetRequired\": true") && !shown.contains("Tr0ub4dor"))
        ok(&w, "aws iam update-login-profile --user-name dana --password 'N3w-pass!' --no-password-reset-required")
        #expect(ok(&w, "aws iam get-login-profile --user-name dana").contains("\"PasswordResetRequired\": false"))
        ok(&w, "aws iam delete-login-profile --user-name dana")
        fails(&w, "aws iam get-login-profile --user-name dana", "NoSuchEntity")
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
                fails(&w, "aws iam delete-role --role-name R", "DeleteConflict")
                    == "An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, \(step.conflict).")
            ok(&w, step.removal)
        }
        ok(&w, "aws iam delete-role --role-name R")
    }
}
