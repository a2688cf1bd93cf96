import Testing
import World

/// Lessons name principals as text; each form is read into its case once, and written back as it was.
@Suite("principal specs")
struct PrincipalSpecTests {
    @Test(
        "each form a lesson writes is read into its own case",
        arguments: [
            ("root", PrincipalSpec.root),
            ("*", .anyone),
            ("user/dana", .user("dana")),
            ("role/Helper", .role("Helper")),
            ("group/Developers", .group("Developers")),
            ("session/ProjectEC2", .session(role: "ProjectEC2")),
            ("instance/i-0abc123", .instance("i-0abc123")),
            ("instance/*", .instance("*")),
            ("function/save-order", .function("save-order")),
            ("saml/CorpIdP", .provider(IdentityProvider(kind: .saml, name: "CorpIdP"))),
            ("oidc/token.actions.githubusercontent.com", .provider(IdentityProvider(kind: .oidc, name: "token.actions.githubusercontent.com"))),
            ("account/444455556666", .account("444455556666")),
            ("service/ec2.amazonaws.com", .service("ec2.amazonaws.com")),
            ("arn:aws:iam::999988887777:root", .arn(local: .root, account: "999988887777", written: "arn:aws:iam::999988887777:root")),
            (
                "arn:aws:iam::999988887777:user/auditor",
                .arn(local: .user("auditor"), account: "999988887777", written: "arn:aws:iam::999988887777:user/auditor")
            ),
            (
                "arn:aws:iam::111122223333:role/Deployer",
                .arn(local: .role("Deployer"), account: "111122223333", written: "arn:aws:iam::111122223333:role/Deployer")
            ),
            // A path before the name: the name is the last part, the ARN is kept as written.
            (
                "arn:aws:iam::111122223333:role/teams/Deployer",
                .arn(local: .role("Deployer"), account: "111122223333", written: "arn:aws:iam::111122223333:role/teams/Deployer")
            ),
        ])
    func parses(text: String, spec: PrincipalSpec) {
        #expect(PrincipalSpec(text) == spec)
        #expect(PrincipalSpec(text)?.description == text, "written back exactly as written")
        #expect(spec.description == text)
    }

    @Test(
        "text that names no principal is refused",
        arguments: [
            "", "dana", "user/", "role", "bucket/reports", "policy/Ops", "users/dana", "anonymous",
            // ARNs that are no IAM user, role or root.
            "arn:aws:s3:::reports", "arn:aws:iam::111122223333:group/Developers", "arn:aws:iam::111122223333:policy/Ops",
            "arn:aws:sts::111122223333:assumed-role/Deployer/s", "arn:aws:iam::111122223333:user/", "arn:aws:iam:::user/dana", "arn:aws:iam::1:user",
        ])
    func refuses(text: String) {
        #expect(PrincipalSpec(text) == nil)
    }

    @Test("an ARN names its own account; a role is a role however it is written")
    func accountsAndRoles() {
        let prod = PrincipalSpec("arn:aws:iam::111122223333:role/Deployer")!
        #expect(prod.account == "111122223333" && prod.roleName == "Deployer" && prod.local == .role("Deployer"))
        #expect(PrincipalSpec.role("Deployer").account == nil)
        #expect(PrincipalSpec.account("444455556666").account == "444455556666")
        #expect(PrincipalSpec.user("dana").roleName == nil && !PrincipalSpec.user("dana").isRole)
        // Role names are unique in an account without case (IAM API Reference, CreateRole, RoleName:
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
        #expect(PrincipalSpec.role("deployer").sameRole(.role("Deployer")))
        #expect(!prod.sameRole(.role("Deployer")), "a role of another account is another role")
        #expect(prod.sameRole(PrincipalSpec("arn:aws:iam::111122223333:role/deployer")!))
        #expect(!PrincipalSpec.user("Deployer").sameRole(.role("Deployer")))
    }

    @Test("an ARN's user acts in the ARN's account; an instance acts as its role only while running")
    func actors() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        #expect(w.actor(for: .user("dana")) != nil)
        #expect(w.actor(for: .user("nobody")) == nil)
        #expect(w.actor(for: PrincipalSpec("arn:aws:iam::\(w.homeAccount):user/dana")!) != nil)
        #expect(w.actor(for: .group("Developers")) == nil, "a group is no actor")
        #expect(w.actor(for: .service("ec2.amazonaws.com")) == nil, "a service acts only through a role it assumes")
    }
}
