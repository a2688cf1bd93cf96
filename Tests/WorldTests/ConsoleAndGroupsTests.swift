import Policy
import Testing
import World

/// Console access and groups, as AWS answers them: the account password policy, passwords checked
/// against it, groups that never nest, never exceed ten per user and are never principals.
@Suite("console access and groups, in AWS's words")
struct ConsoleAndGroupsTests {
    // MARK: the account password policy

    /// No partial updates: what an update leaves out takes its default; Get shows the policy in
    /// AWS's shape; without one, Get and Delete answer NoSuchEntity.
    /// Docs: IAM API Reference `API_UpdateAccountPasswordPolicy.html` ("if you do not specify a
    /// parameter, that parameter's value reverts to its default value"),
    /// `API_GetAccountPasswordPolicy.html`, `API_DeleteAccountPasswordPolicy.html`, `API_PasswordPolicy.html`.
    @Test func thePasswordPolicyIsSetAsAWhole() {
        var w = World()
        #expect(
            fails(&w, "aws iam get-account-password-policy", .noSuchEntity)
                == "An error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name \(account) cannot be found."
        )
        fails(&w, "aws iam delete-account-password-policy", .noSuchEntity)
        ok(&w, "aws iam update-account-password-policy --minimum-password-length 14 --require-symbols --max-password-age 90 --password-reuse-prevention 24")
        let shown = ok(&w, "aws iam get-account-password-policy")
        for field in [
            #""MinimumPasswordLength": 14"#, #""RequireSymbols": true"#, #""RequireNumbers": false"#, #""ExpirePasswords": true"#,
            #""MaxPasswordAge": 90"#, #""PasswordReusePrevention": 24"#, #""AllowUsersToChangePassword": false"#, #""HardExpiry": false"#,
        ] {
            #expect(shown.contains(field), "\(field) in \(shown)")
        }
        // A second update without --max-password-age: passwords no longer expire.
        ok(&w, "aws iam update-account-password-policy --require-numbers")
        let again = ok(&w, "aws iam get-account-password-policy")
        #expect(again.contains(#""MinimumPasswordLength": 6"#) && again.contains(#""ExpirePasswords": false"#) && !again.contains("MaxPasswordAge"))
        #expect(again.contains(#""RequireSymbols": false"#) && again.contains(#""RequireNumbers": true"#))
        ok(&w, "aws iam delete-account-password-policy")
        fails(&w, "aws iam get-account-password-policy", .noSuchEntity)
    }

    /// The ranges: below the minimum botocore refuses before sending; above the maximum IAM
    /// answers ValidationError. Docs: `API_UpdateAccountPasswordPolicy.html` (MinimumPasswordLength
    /// 6–128, MaxPasswordAge 1–1095, PasswordReusePrevention 1–24).
    @Test func thePasswordPolicyKeepsAWSRanges() {
        var w = World()
        #expect(
            fails(&w, "aws iam update-account-password-policy --minimum-password-length 5", nil)
                == "Parameter validation failed:\nInvalid value for parameter MinimumPasswordLength, value: 5, valid min value: 6")
        #expect(
            fails(&w, "aws iam update-account-password-policy --minimum-password-length 129", .validationError).hasSuffix(
                "Value '129' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128"))
        fails(&w, "aws iam update-account-password-policy --max-password-age 0", nil)
        #expect(fails(&w, "aws iam update-account-password-policy --max-password-age 1096", .validationError).contains("'maxPasswordAge'"))
        fails(&w, "aws iam update-account-password-policy --password-reuse-prevention 0", nil)
        #expect(fails(&w, "aws iam update-account-password-policy --password-reuse-prevention 25", .validationError).contains("equal to 24"))
        ok(&w, "aws iam update-account-password-policy --minimum-password-length 128 --max-password-age 1095 --password-reuse-prevention 24")
        ok(&w, "aws iam update-account-password-policy --minimum-password-length 6 --max-password-age 1 --password-reuse-prevention 1")
        // A refused update leaves the policy as it was.
        #expect(ok(&w, "aws iam get-account-password-policy").contains(#""MaxPasswordAge": 1"#))
    }

    /// A console password must follow the account's policy (or, without one, AWS's default: 8
    /// characters, three of the four kinds), at create-login-profile and update-login-profile.
    /// Docs: `API_CreateLoginProfile.html`, `API_UpdateLoginProfile.html` (PasswordPolicyViolation);
    /// UG `id_credentials_passwords_account-policy.html` (the default policy, the symbols counted).
    @Test func passwordsFollowThePolicy() {
        var w = World()
        ok(&w, "aws iam create-user --user-name lee")
        #expect(fails(&w, "aws iam create-login-profile --user-name lee --password 'Ab1!xyz'", .passwordPolicyViolation).hasSuffix("minimum length of 8"))
        fails(&w, "aws iam create-login-profile --user-name lee --password 'abcdefgh12'", .passwordPolicyViolation)
        ok(&w, "aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-symbols")
        #expect(
            fails(&w, "aws iam create-login-profile --user-name lee --password 'Welcome1!' --password-reset-required", .passwordPolicyViolation)
                == "An error occurred (PasswordPolicyViolation) when calling the CreateLoginProfile operation: Password should have a minimum length of 14"
        )
        #expect(
            fails(&w, "aws iam create-login-profile --user-name lee --password 'correct-horse-battery'", .passwordPolicyViolation).hasSuffix(
                "at least one uppercase letter"))
        #expect(
            fails(&w, "aws iam create-login-profile --user-name lee --password 'CorrectHorseBattery'", .passwordPolicyViolation).hasSuffix(
                "at least one symbol"))
        fails(&w, "aws iam get-login-profile --user-name lee", .noSuchEntity)
        ok(&w, "aws iam create-login-profile --user-name lee --password 'Correct-Horse-Battery' --password-reset-required")
        fails(&w, "aws iam update-login-profile --user-name lee --password 'Short-1'", .passwordPolicyViolation)
        ok(&w, "aws iam update-login-profile --user-name lee --password 'Another-Long-Passw0rd'")
        #expect(
            fails(&w, "aws iam update-login-profile --user-name lee --password 'A1-\(String(repeating: "x", count: 126))'", .validationError).hasSuffix(
                "Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128"))
    }

    // MARK: groups

    /// A user is in ten groups at most; the eleventh add-user-to-group is refused, and leaving one
    /// makes room. Docs: UG `reference_iam-quotas.html` (groups an IAM user can be a member of: 10);
    /// `API_GetAccountSummary.html` (GroupsPerUserQuota).
    @Test func aUserIsInTenGroupsAtMost() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dev1")
        for n in 1...11 { ok(&w, "aws iam create-group --group-name g\(n)") }
        for n in 1...10 { ok(&w, "aws iam add-user-to-group --group-name g\(n) --user-name dev1") }
        #expect(
            fails(&w, "aws iam add-user-to-group --group-name g11 --user-name dev1", .limitExceeded)
                == "An error occurred (LimitExceeded) when calling the AddUserToGroup operation: Cannot exceed quota for GroupsPerUser: 10")
        // Adding her to a group she is in already is no new membership.
        ok(&w, "aws iam add-user-to-group --group-name g3 --user-name dev1")
        ok(&w, "aws iam remove-user-from-group --group-name g1 --user-name dev1")
        ok(&w, "aws iam add-user-to-group --group-name g11 --user-name dev1")
    }

    /// Groups do not nest: the CLI has no add-group-to-group, and answers as argparse answers an
    /// unknown operation — the usage block, the choices two to a line padded to 40 columns, then
    /// the close ones. Docs: UG `id_groups.html` ("User groups can't be nested"); awscli
    /// `argparser.py` (`CLIArgParser._check_value`, `USAGE`); exit status 252.
    @Test func theCLIHasNoAddGroupToGroup() throws {
        var w = World()
        let outcome = w.run("aws iam add-group-to-group --group-name Leads --user-name Developers")
        let error = try #require(outcome.error)
        #expect(error.exitStatus == 252)
        let text = error.description
        #expect(text.hasPrefix("usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n"))
        #expect(text.contains("\n\naws: error: argument operation: Invalid choice, valid choices are:\n\nadd-role-to-instance-profile"))
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("add-role-to-instance-profile") })
        #expect(row == "add-role-to-instance-profile" + String(repeating: " ", count: 12) + " | add-user-to-group" + String(repeating: " ", count: 23))
        #expect(text.hasSuffix("\n\n\nInvalid choice: 'add-group-to-group', maybe you meant:\n\n  * add-user-to-group"))
        // A word close to nothing gets the list without suggestions.
        #expect(!(w.run("aws iam qqq").error?.description.contains("maybe you meant") ?? true))
        #expect(w.run("aws iamm list-users").error?.description.hasSuffix("maybe you meant:\n\n  * iam") == true)
        // As Python's difflib.get_close_matches ranks them (ratio 0.82, then 0.80; cutoff 0.8).
        #expect(w.run("aws iam nest-groups").error?.description.hasSuffix("maybe you meant:\n\n  * list-groups\n  * get-group") == true)
    }

    /// A group is never a principal: a trust policy naming one is refused by IAM, a bucket policy
    /// naming one by S3, each in its own words, with a note on why.
    /// Docs: UG `id_groups.html` ("You can't identify a user group as a Principal in a policy");
    /// knowledge center `s3-invalid-principal-in-policy-error` (MalformedPolicy).
    @Test func aGroupIsNeverAPrincipal() {
        var w = World()
        ok(&w, "aws iam create-group --group-name Leads")
        let group = #"{"AWS":"arn:aws:iam::111122223333:group/Leads"}"#
        #expect(
            fails(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(group))", .malformedPolicyDocument)
                == #"An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/Leads""#
        )
        #expect(
            w.run("aws iam create-role --role-name ByGroup2 --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:group/Leads"}"#))")
                .notice?.contains("a group is never a principal") == true)
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"AWS":"111122223333"}"#))")
        fails(&w, "aws iam update-assume-role-policy --role-name R --policy-document \(trust(group))", .malformedPolicyDocument)
        ok(&w, "aws s3 mb s3://team-share")
        let bucketPolicy =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/Leads"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::team-share/*"}]}'"#
        #expect(
            fails(&w, "aws s3api put-bucket-policy --bucket team-share --policy \(bucketPolicy)", .malformedPolicy)
                == "An error occurred (MalformedPolicy) when calling the PutBucketPolicy operation: Invalid principal in policy")
        fails(&w, "aws s3api get-bucket-policy --bucket team-share", .noSuchBucketPolicy)
    }
}
