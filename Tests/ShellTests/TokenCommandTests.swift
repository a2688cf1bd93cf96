import Shell
import Testing
import World

/// `token` signs a learner in at a simulated identity provider with the claims they choose; the
/// token works with `aws sts assume-role-with-web-identity` when the trust policy's conditions
/// hold, and not for another repository.
/// Docs: IAM UG `id_roles_create_for-idp_oidc.html` (GitHub Actions: `token.actions.githubusercontent.com:aud`
/// and `:sub`), STS API Reference `API_AssumeRoleWithWebIdentity.html`.
@Suite("the token command")
struct TokenCommandTests {
    @Test func aMintedGitHubTokenAssumesTheRoleItsRepositoryIsTrustedFor() {
        let now = World.sandbox().clock.now
        let claims = [("aud", "sts.amazonaws.com"), ("sub", "repo:octo-org/octo-repo:ref:refs/heads/main")]
        let token = FederationToken.webIdentityToken(issuer: "token.actions.githubusercontent.com", claims: claims, now: now)
        let other = FederationToken.webIdentityToken(
            issuer: "token.actions.githubusercontent.com", claims: [("aud", "sts.amazonaws.com"), ("sub", "repo:else/where:ref:refs/heads/main")], now: now)
        let trust =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:*"}}}]}"#
        let assume = "aws sts assume-role-with-web-identity --role-arn arn:aws:iam::111122223333:role/Deploy --role-session-name gh --web-identity-token"
        let script = [
            "aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com --thumbprint-list 6938fd4d98bab03faadb97b34396831e3780aea1",
            "aws iam create-role --role-name Deploy --assume-role-policy-document '\(trust)'",
            "token oidc token.actions.githubusercontent.com aud=sts.amazonaws.com sub=repo:octo-org/octo-repo:ref:refs/heads/main",
            "\(assume) \(other)",
            "\(assume) \(token)",
            "token saml CorpIdP sub=priya",
            "token oidc",
        ].joined(separator: "\n")
        var repl = REPL(world: .sandbox(), style: Style(color: false))
        var input = ScriptInput(script + "\n")
        var out = ""
        _ = repl.run(input: &input, output: { out += $0 + "\n" })
        #expect(out.contains("\n\(token)\n"), "the token command prints the token")
        #expect(out.contains("Not authorized to perform sts:AssumeRoleWithWebIdentity"), "another repository's token is refused")
        #expect(out.contains("\"SubjectFromWebIdentityToken\": \"repo:octo-org/octo-repo:ref:refs/heads/main\""), "\(out)")
        #expect(out.contains("No SAML provider named CorpIdP."))
        #expect(out.contains("Usage: token oidc|saml PROVIDER NAME=VALUE…"))
    }
}
