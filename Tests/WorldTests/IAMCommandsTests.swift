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
