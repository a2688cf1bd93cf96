import Policy
import Testing
import World

/// Tags on IAM entities and on sessions, and the attribute-based access they drive: IAM API
/// reference `API_TagUser.html`, `API_UntagUser.html`, `API_ListUserTags.html` (and the Role,
/// Policy and InstanceProfile variants); UG `id_tags.html` ("Rules for tagging": 50 tags, keys of
/// 128 characters, values of 256, case-insensitive keys, `aws:` reserved); UG `access_iam-tags.html`
/// (`aws:ResourceTag`, `iam:ResourceTag`, `aws:RequestTag`, `aws:TagKeys`); UG `id_session-tags.html`
/// (session tags override role tags, need `sts:TagSession`, transitive tags pass down a role chain
/// and cannot be passed again); UG `access_policies.html#policies_session` (the session may do what
/// both the role's policies and its session policies allow, managed ones included: STS API
/// reference `API_AssumeRole.html`, PolicyArns).
@Suite("tags and attribute-based access")
struct TaggingTests {
    @Test func usersRolesPoliciesAndInstanceProfilesAreTaggedListedAndUntagged() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam tag-user --user-name dana --tags Key=team,Value=blue Key=cost,Value=42")
        #expect(ok(&w, "aws iam list-user-tags --user-name dana --query Tags[].Key --output text") == "team\tcost")
        // A key already there takes the new value whatever its case.
        ok(&w, "aws iam tag-user --user-name dana --tags Key=TEAM,Value=red")
        #expect(ok(&w, "aws iam list-user-tags --user-name dana") == #"{"Tags":[{"Key":"TEAM","Value":"red"},{"Key":"cost","Value":"42"}]}"#.prettyJSON)
        ok(&w, "aws iam untag-user --user-name dana --tag-keys team nothing")
        #expect(ok(&w, "aws iam list-user-tags --user-name dana --query Tags[].Key --output text") == "cost")
        ok(&w, "aws iam create-role --role-name R --assume-role-policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#)) --tags Key=env,Value=prod")
        #expect(ok(&w, "aws iam list-role-tags --role-name R --query Tags[0].Value --output text") == "prod")
        ok(&w, "aws iam create-policy --policy-name P --policy-document \(policy(#""s3:ListBucket""#))")
        ok(&w, "aws iam tag-policy --policy-arn arn:aws:iam::111122223333:policy/P --tags Key=owner,Value=sec")
        #expect(ok(&w, "aws iam list-policy-tags --policy-arn arn:aws:iam::111122223333:policy/P --query Tags[0].Key --output text") == "owner")
        ok(&w, "aws iam create-instance-profile --instance-profile-name web")
        ok(&w, "aws iam tag-instance-profile --instance-profile-name web --tags Key=app,Value=web")
        #expect(ok(&w, "aws iam get-instance-profile --instance-profile-name web --query InstanceProfile.Tags[0].Value --output text") == "web")
        #expect(
            fails(&w, "aws iam list-user-tags --user-name eve", .noSuchEntity)
                == "An error occurred (NoSuchEntity) when calling the ListUserTags operation: The user with name eve cannot be found.")
        #expect(w.trail.last(where: { $0.name == "TagUser" })?.readOnly == false)
        #expect(w.trail.last(where: { $0.name == "ListUserTags" })?.readOnly == true)
    }

    @Test func tagQuotasAndReservedKeysAreRefused() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        let many = (1...51).map { "Key=k\($0),Value=v" }.joined(separator: " ")
        #expect(fails(&w, "aws iam tag-user --user-name dana --tags \(many)", .validationError).contains("Member must have length less than or equal to 50"))
        let longKey = String(repeating: "k", count: 129)
        #expect(
            fails(&w, "aws iam tag-user --user-name dana --tags Key=\(longKey),Value=v", .validationError).contains(
                "at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128"))
        let longValue = String(repeating: "v", count: 257)
        #expect(
            fails(&w, "aws iam tag-user --user-name dana --tags Key=k,Value=\(longValue)", .validationError).contains(
                "at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256"))
        fails(&w, "aws iam tag-user --user-name dana --tags Key=k!,Value=v", .validationError)
        fails(&w, "aws iam tag-user --user-name dana --tags Key=aws:team,Value=v", .invalidInput)
        // The CLI checks each tag's members before sending (the model's Tag shape needs Key and Value).
        #expect(
            fails(&w, "aws iam tag-user --user-name dana --tags team=blue", nil)
                == "Parameter validation failed:\nMissing required parameter in Tags[0]: \"Key\"\nMissing required parameter in Tags[0]: \"Value\"\nUnknown parameter in Tags[0]: \"team\", must be one of: Key, Value"
        )
        fails(&w, "aws iam tag-user --user-name dana --tags Key=Team,Value=a Key=team,Value=b", .invalidInput)
        ok(&w, "aws iam tag-user --user-name dana --tags \((1...50).map { "Key=k\($0),Value=v" }.joined(separator: " "))")
        ok(&w, "aws iam tag-user --user-name dana --tags Key=K1,Value=again")
        #expect(fails(&w, "aws iam tag-user --user-name dana --tags Key=k51,Value=v", .limitExceeded).contains("TagsPerUser: 50"))
        #expect(w.accounts[0].user("dana")?.tags.count == 50)
    }

    /// ABAC with IAM's own tags: a user may read the roles of its team only.
    @Test func principalAndResourceTagsDecide() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana --tags Key=team,Value=blue")
        ok(&w, "aws iam create-access-key --user-name dana")
        let abac =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*","Condition":{"StringEquals":{"iam:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}'"#
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name Team --policy-document \(abac)")
        let ec2 = trust(#"{"Service":"ec2.amazonaws.com"}"#)
        ok(&w, "aws iam create-role --role-name Blue --assume-role-policy-document \(ec2) --tags Key=team,Value=blue")
        ok(&w, "aws iam create-role --role-name Red --assume-role-policy-document \(ec2) --tags Key=team,Value=red")
        ok(&w, "aws iam get-role --role-name Blue --profile dana")
        fails(&w, "aws iam get-role --role-name Red --profile dana", .accessDenied)
        ok(&w, "aws iam tag-role --role-name Red --tags Key=team,Value=blue")
        ok(&w, "aws iam get-role --role-name Red --profile dana")
        ok(&w, "aws iam tag-user --user-name dana --tags Key=team,Value=green")
        fails(&w, "aws iam get-role --role-name Blue --profile dana", .accessDenied)
    }

    /// `aws:RequestTag` and `aws:TagKeys`: who may set which tags.
    @Test func requestTagsAndTagKeysDecideWhoMayTag() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam create-user --user-name sam")
        let onlyProject =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:TagUser","iam:UntagUser"],"Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["project"]}}}]}'"#
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name Tagger --policy-document \(onlyProject)")
        ok(&w, "aws iam tag-user --user-name sam --tags Key=project,Value=apollo --profile dana")
        let denied = fails(&w, "aws iam tag-user --user-name sam --tags Key=team,Value=admins --profile dana", .accessDenied)
        #expect(denied.contains("iam:TagUser on resource: arn:aws:iam::111122223333:user/sam"))
        fails(&w, "aws iam untag-user --user-name sam --tag-keys team --profile dana", .accessDenied)
        ok(&w, "aws iam untag-user --user-name sam --tag-keys project --profile dana")
    }

    func sessionWorld(trustTagSession: Bool = true) -> World {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name Assume --policy-document \(policy(#"["sts:AssumeRole","sts:TagSession"]"#))")
        let actions = trustTagSession ? #"["sts:AssumeRole","sts:TagSession"]"# : #""sts:AssumeRole""#
        let trustDoc = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":ACTIONS}]}'"#
            .replacingAll("ACTIONS", with: actions)
        ok(&w, "aws iam create-role --role-name Work --assume-role-policy-document \(trustDoc) --tags Key=team,Value=blue")
        let abac =
            #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetRole","sts:AssumeRole","sts:TagSession"],"Resource":"*","Condition":{"StringEquals":{"iam:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}'"#
        ok(&w, "aws iam put-role-policy --role-name Work --policy-name Team --policy-document \(abac)")
        ok(&w, "aws iam create-role --role-name Red --assume-role-policy-document \(trustDoc) --tags Key=team,Value=red")
        ok(&w, "aws iam put-role-policy --role-name Red --policy-name Team --policy-document \(abac)")
        return w
    }

    @Test func sessionTagsOverrideRoleTagsAndNeedTagSession() {
        var w = sessionWorld()
        ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Work --role-session-name work --profile dana")
        ok(&w, "aws iam get-role --role-name Work")
        fails(&w, "aws iam get-role --role-name Red", .accessDenied)
        let out = ok(
            &w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Work --role-session-name work --tags Key=Team,Value=red --profile dana")
        #expect(out.contains("\"PackedPolicySize\""))
        // The session's tag (any case) replaces the role's: now red, not blue.
        ok(&w, "aws iam get-role --role-name Red")
        fails(&w, "aws iam get-role --role-name Work", .accessDenied)

        var strict = sessionWorld(trustTagSession: false)
        ok(&strict, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Work --role-session-name work --profile dana")
        let denied = fails(
            &strict, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Work --role-session-name work --tags Key=team,Value=red --profile dana",
            .accessDenied)
        #expect(denied.contains("sts:TagSession on resource: arn:aws:iam::111122223333:role/Work"))
        let tooMany = (1...51).map { "Key=k\($0),Value=v" }.joined(separator: " ")
        fails(
            &strict, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Work --role-session-name work --tags \(tooMany) --profile dana",
            .validationError)
    }

    @Test func transitiveTagsPassDownARoleChainAndCannotBePassedAgain() {
        var w = sessionWorld()
        ok(&w, "aws iam put-role-policy --role-name Red --policy-name Hop --policy-document \(policy(#"["sts:AssumeRole","sts:TagSession"]"#))")
        ok(
            &w,
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Red --role-session-name work --tags Key=team,Value=red Key=project,Value=x --transitive-tag-keys team --profile dana"
        )
        // From the Red session into Work: the transitive team=red comes along and overrides Work's blue.
        ok(&w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Work --role-session-name hop --profile Red")
        ok(&w, "aws iam get-role --role-name Red")
        #expect(w.sessions.last?.tags.map(\.key) == ["team"], "only the transitive key passes")
        fails(
            &w, "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Work --role-session-name hop --tags Key=team,Value=blue --profile Red",
            .invalidParameterValue)
        fails(
            &w,
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Work --role-session-name work --tags Key=a,Value=b --transitive-tag-keys c --profile dana",
            .invalidParameterValue)
    }

    @Test func managedSessionPoliciesLimitTheSessionToTheIntersection() {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        ok(&w, "aws iam put-user-policy --user-name dana --policy-name Assume --policy-document \(policy(#""sts:AssumeRole""#))")
        ok(&w, "aws iam create-role --role-name Admin --assume-role-policy-document \(trust(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#))")
        ok(&w, "aws iam attach-role-policy --role-name Admin --policy-arn arn:aws:iam::aws:policy/AdministratorAccess")
        ok(
            &w,
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Admin --role-session-name ro --policy-arns arn=arn:aws:iam::aws:policy/ReadOnlyAccess --profile dana"
        )
        ok(&w, "aws iam list-users")
        fails(&w, "aws iam create-user --user-name eve", .accessDenied)
        // An inline session policy adds to what the managed ones allow, still within the role's.
        ok(
            &w,
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Admin --role-session-name ro2 --policy-arns arn=arn:aws:iam::aws:policy/ReadOnlyAccess --policy \(policy(#""iam:CreateUser""#)) --profile dana"
        )
        ok(&w, "aws iam create-user --user-name eve")
        fails(&w, "aws iam delete-user --user-name eve", .accessDenied)
        // An ARN that names no policy allows nothing.
        ok(
            &w,
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Admin --role-session-name none --policy-arns arn=arn:aws:iam::111122223333:policy/Nope --profile dana"
        )
        fails(&w, "aws iam list-users", .accessDenied)
    }
}

extension String {
    /// Compact JSON as the CLI prints it (four-space indents).
    var prettyJSON: String { (try? JSONParser.parse(self)).map { JSONOutput($0).pretty() } ?? self }
}
