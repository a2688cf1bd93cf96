import Policy
import Testing
import World

/// Profiles that assume a role, as the AWS CLI reads them: CLI UG `cli-configure-role.html`
/// ("Use an IAM role in the AWS CLI": role_arn, source_profile, mfa_serial, external_id,
/// duration_seconds, role_session_name; "the CLI caches the temporary credentials"), and botocore's
/// AssumeRoleProvider for its errors and its cache (credentials reused until 15 minutes before they
/// expire).
@Suite("aws configure: profiles that assume a role")
struct ProfileTests {
    /// dana (with a key and an MFA device) may assume ReadOnly, and Admin only with MFA; Vendor
    /// wants an external id.
    func world() -> World {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name Assume --policy-document \(policy(#""sts:AssumeRole""#))")
        ok(&w, "aws iam create-virtual-mfa-device --virtual-mfa-device-name dana --outfile qr.png --bootstrap-method QRCodePNG")
        ok(
            &w,
            "aws iam enable-mfa-device --user-name dana --serial-number arn:aws:iam::111122223333:mfa/dana --authentication-code1 123456 --authentication-code2 654321"
        )
        let dana = #"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#
        ok(&w, "aws iam create-role --role-name ReadOnly --assume-role-policy-document \(trust(dana))")
        ok(&w, "aws iam attach-role-policy --role-name ReadOnly --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess")
        ok(
            &w,
            "aws iam create-role --role-name Admin --assume-role-policy-document \(trust(dana, condition: #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#))"
        )
        ok(&w, "aws iam attach-role-policy --role-name Admin --policy-arn arn:aws:iam::aws:policy/AdministratorAccess")
        ok(
            &w,
            "aws iam create-role --role-name Vendor --assume-role-policy-document \(trust(dana, condition: #"{"StringEquals":{"sts:ExternalId":"acme-7"}}"#))"
        )
        return w
    }

    @Test func aRoleProfileAssumesTheRoleWithItsSourceProfileAndTheTrailShowsIt() {
        var w = world()
        ok(&w, "aws configure set profile.ro.role_arn arn:aws:iam::111122223333:role/ReadOnly")
        ok(&w, "aws configure set profile.ro.source_profile dana")
        let before = w.trail.count
        let arn = ok(&w, "aws sts get-caller-identity --profile ro --query Arn --output text")
        #expect(arn == "arn:aws:sts::111122223333:assumed-role/ReadOnly/botocore-session-\(w.clock.now)")
        // The AssumeRole is dana's own call, before the call made with the role.
        let events = Array(w.trail.suffix(w.trail.count - before))
        #expect(events.map(\.name) == ["AssumeRole", "GetCallerIdentity"])
        #expect(events[0].identity.type == "IAMUser" && events[0].identity.userName == "dana")
        #expect(events[0].resources == ["arn:aws:iam::111122223333:role/ReadOnly"])
        #expect(events[1].identity.type == "AssumedRole")
        // The role's permissions apply: it reads, it does not write.
        ok(&w, "aws iam list-users --profile ro")
        fails(&w, "aws iam create-user --user-name eve --profile ro", .accessDenied)
        // The prompt stays where it was: a role profile is used with --profile, not switched to.
        #expect(w.currentProfile == "root")
    }

    @Test func theSessionIsCachedUntilFifteenMinutesBeforeItExpires() {
        var w = world()
        ok(&w, "aws configure set profile.ro.role_arn arn:aws:iam::111122223333:role/ReadOnly")
        ok(&w, "aws configure set profile.ro.source_profile dana")
        ok(&w, "aws iam list-roles --profile ro")
        let sessions = w.sessions.count
        w.clock.advance(by: 44 * 60)
        ok(&w, "aws iam list-roles --profile ro")
        #expect(w.sessions.count == sessions, "16 minutes left: the cached session is used")
        w.clock.advance(by: 2 * 60)
        ok(&w, "aws iam list-roles --profile ro")
        #expect(w.sessions.count == sessions + 1, "14 minutes left: the role is assumed again")
        #expect(w.trail.filter { $0.name == "AssumeRole" }.count == 2)
    }

    @Test func mfaSerialAsksForACodeAndTheSimulatedDeviceGivesIt() {
        var w = world()
        ok(&w, "aws configure set profile.admin.role_arn arn:aws:iam::111122223333:role/Admin")
        ok(&w, "aws configure set profile.admin.source_profile dana")
        // Without mfa_serial the trust's MFA condition fails, and the error is AssumeRole's.
        let denied = fails(&w, "aws iam create-user --user-name x --profile admin", .accessDenied)
        #expect(denied.hasPrefix("An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/dana"))
        #expect(w.trail.last?.name == "AssumeRole" && w.trail.last?.errorCode == "AccessDenied")
        ok(&w, "aws configure set profile.admin.mfa_serial arn:aws:iam::111122223333:mfa/dana")
        let outcome = w.run("aws iam create-user --user-name x --profile admin")
        #expect(outcome.error == nil)
        #expect(outcome.prompts.count == 1 && outcome.prompts[0].hasPrefix("Enter MFA code for arn:aws:iam::111122223333:mfa/dana: "))
        #expect(outcome.prompts[0].suffix(6).allSatisfy { $0.isNumber })
        #expect(w.trail.suffix(2).map(\.name) == ["AssumeRole", "CreateUser"])
        #expect(w.trail.last?.identity.mfaAuthenticated == true)
        // Cached: no second prompt.
        #expect(w.run("aws iam list-users --profile admin").prompts.isEmpty)
    }

    @Test func externalIdDurationAndSessionNameAreSent() {
        var w = world()
        ok(&w, "aws configure set profile.vendor.role_arn arn:aws:iam::111122223333:role/Vendor")
        ok(&w, "aws configure set profile.vendor.source_profile dana")
        fails(&w, "aws sts get-caller-identity --profile vendor", .accessDenied)
        ok(&w, "aws configure set profile.vendor.external_id acme-7")
        ok(&w, "aws configure set profile.vendor.role_session_name dana-at-acme")
        #expect(ok(&w, "aws sts get-caller-identity --profile vendor --query Arn --output text").hasSuffix("assumed-role/Vendor/dana-at-acme"))
        // A longer session than the role allows is refused by STS.
        ok(&w, "aws configure set profile.vendor.duration_seconds 7200")
        let long = fails(&w, "aws sts get-caller-identity --profile vendor", .validationError)
        #expect(long.contains("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."))
        ok(&w, "aws iam update-role --role-name Vendor --max-session-duration 7200")
        ok(&w, "aws sts get-caller-identity --profile vendor")
        #expect(w.sessions.last.map { $0.expiration - $0.issued } == 7200)
    }

    @Test func brokenProfilesAreRefusedInBotocoresWords() {
        var w = world()
        ok(&w, "aws configure set profile.r.role_arn arn:aws:iam::111122223333:role/ReadOnly")
        let partial = w.run("aws sts get-caller-identity --profile r").error
        #expect(partial?.description == "Partial credentials found in assume-role, missing: source_profile or credential_source")
        #expect(partial?.exitStatus == 255)
        ok(&w, "aws configure set profile.r.source_profile nope")
        #expect(
            w.run("aws sts get-caller-identity --profile r").error?.description
                == #"The source_profile "nope" referenced in the profile "r" does not exist."#)
        ok(&w, "aws configure set profile.r.source_profile r")
        #expect(
            w.run("aws sts get-caller-identity --profile r").error?.description
                == "Infinite loop in credential configuration detected. Attempting to load from profile r which has already been visited. Visited profiles: ['r']"
        )
        ok(&w, "aws configure set profile.x.role_arn arn:aws:iam::111122223333:role/ReadOnly")
        ok(&w, "aws configure set profile.x.source_profile y")
        ok(&w, "aws configure set profile.y.role_arn arn:aws:iam::111122223333:role/ReadOnly")
        ok(&w, "aws configure set profile.y.source_profile x")
        #expect(
            w.run("aws sts get-caller-identity --profile y").error?.description
                == "Infinite loop in credential configuration detected. Attempting to load from profile y which has already been visited. Visited profiles: ['y', 'x']"
        )
        ok(&w, "aws configure set region eu-west-1 --profile empty")
        ok(&w, "aws configure set profile.x.source_profile empty")
        #expect(w.run("aws sts get-caller-identity --profile x").error?.description == #"The source profile "empty" must have credentials."#)
        #expect(
            w.run("aws sts get-caller-identity --profile empty").error?.description
                == #"Unable to locate credentials. You can configure credentials by running "aws configure"."#)
    }

    /// A role profile may take its source from another role profile (role chaining): the chained
    /// session is held to one hour.
    @Test func aSourceProfileThatAssumesARoleChains() {
        var w = world()
        ok(&w, "aws iam put-role-policy --role-name ReadOnly --policy-name Hop --policy-document \(policy(#""sts:AssumeRole""#))")
        ok(&w, "aws iam update-assume-role-policy --role-name Vendor --policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:role/ReadOnly"}"#))")
        ok(&w, "aws configure set profile.ro.role_arn arn:aws:iam::111122223333:role/ReadOnly")
        ok(&w, "aws configure set profile.ro.source_profile dana")
        ok(&w, "aws configure set profile.hop.role_arn arn:aws:iam::111122223333:role/Vendor")
        ok(&w, "aws configure set profile.hop.source_profile ro")
        #expect(ok(&w, "aws sts get-caller-identity --profile hop --query Arn --output text").contains("assumed-role/Vendor/"))
        let assumes = w.trail.filter { $0.name == "AssumeRole" }
        #expect(assumes.map(\.identity.type) == ["IAMUser", "AssumedRole"])
        #expect(w.sessions.last?.chained == true)
    }

    @Test func configureGetAndListReadTheProfile() {
        var w = world()
        ok(&w, "aws configure set profile.ro.role_arn arn:aws:iam::111122223333:role/ReadOnly")
        ok(&w, "aws configure set source_profile dana --profile ro")
        ok(&w, "aws configure set region eu-west-1 --profile ro")
        #expect(ok(&w, "aws configure get role_arn --profile ro") == "arn:aws:iam::111122223333:role/ReadOnly")
        #expect(ok(&w, "aws configure get profile.ro.source_profile") == "dana")
        #expect(ok(&w, "aws configure get ro.region") == "eu-west-1")
        #expect(ok(&w, "aws configure get mfa_serial --profile ro") == "")
        let key = w.accounts[0].user("dana")!.accessKeys[0].id
        #expect(ok(&w, "aws configure get aws_access_key_id --profile dana") == key)
        let list = ok(&w, "aws configure list --profile dana")
        #expect(
            list == """
                      Name                    Value             Type    Location
                      ----                    -----             ----    --------
                   profile                     dana           manual    --profile
                access_key     ****************\(key.suffix(4)) shared-credentials-file    
                secret_key     ****************\(w.accounts[0].user("dana")!.accessKeys[0].secret.suffix(4)) shared-credentials-file    
                    region                us-east-1      config-file    ~/.aws/config
                """)
        // A role profile shows the role's temporary key, which it assumes to show it.
        let role = ok(&w, "aws configure list --profile ro")
        #expect(role.contains("assume-role") && w.trail.last?.name == "AssumeRole")
        #expect(ok(&w, "aws configure list-profiles").split(separator: "\n").contains("ro"))
    }
}
