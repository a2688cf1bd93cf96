import Policy
import Testing
import World

/// Each kind of attack finds its hole in a small world and is silent on the secure version.
@Suite("attacks on a design")
struct AttackTests {
    /// A world with dana (a user with no policies) and a bucket.
    func base() -> World {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws s3 mb s3://reports")
        return w
    }

    func attack(_ start: World, _ commands: [String], _ configure: (inout Intent) -> Void = { _ in }) -> AttackReport {
        var w = start
        for c in commands { ok(&w, c) }
        var intent = Intent()
        configure(&intent)
        return Attack(before: start, after: w, intent: intent).run()
    }

    func role(_ trustPrincipal: String, condition: String = "") -> [String] {
        [
            "aws iam create-role --role-name Job --assume-role-policy-document \(trust(trustPrincipal, condition: condition))",
            "aws iam put-role-policy --role-name Job --policy-name P --policy-document \(policy("\"ec2:StopInstances\""))",
        ]
    }

    @Test("trust to everyone lets an outside account in; trust to one user does not")
    func outsider() {
        let open = attack(base(), role(#"{"AWS":"*"}"#)) {
            $0.trusted = ["user/dana"]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(open.breaches.contains { $0.who.contains("another AWS account") && $0.kind == .trust })
        let shut = attack(base(), role(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#)) {
            $0.trusted = ["user/dana"]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(shut.breaches.isEmpty, "\(shut.breaches.map(\.who))")
        #expect(shut.probes.contains { $0.verdict == .intended && $0.who == "user/dana" })
    }

    @Test("trust to the account's root lets any user allowed sts:AssumeRole in")
    func wholeAccount() {
        let r = attack(base(), role(#"{"AWS":"arn:aws:iam::111122223333:root"}"#)) {
            $0.trusted = ["user/dana"]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(r.breaches.contains { $0.who.contains("new hire") })
        // Read the engine's own record of the attack: the trust statement named the account.
        let hire = r.breaches.first { $0.who.contains("new hire") }!
        #expect(hire.record.decision.decision == .allowed)
        #expect(hire.record.request.action == "sts:AssumeRole")
    }

    @Test("a dropped MFA condition or ExternalId is found; kept, it holds")
    func conditions() {
        let mfa = #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#
        let without = attack(base(), role(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#)) {
            $0.trusted = ["user/dana"]; $0.mfa = [("user/dana", "role/Job")]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(without.breaches.contains { $0.who.hasPrefix("user/dana without MFA") })
        let with = attack(base(), role(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#, condition: mfa)) {
            $0.trusted = ["user/dana"]; $0.mfa = [("user/dana", "role/Job")]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(with.breaches.isEmpty, "\(with.breaches.map(\.who))")
        let noId = attack(base(), role(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#)) {
            $0.trusted = ["user/dana"]; $0.externalId = [("user/dana", "role/Job", "x-1")]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(noId.breaches.contains { $0.who.contains("without the ExternalId") })
        // Any ExternalId at all is no ExternalId: a wrong guess gets in (UG id_roles_common-scenarios_third-party.html).
        let anyId = attack(base(), role(#"{"AWS":"arn:aws:iam::111122223333:user/dana"}"#, condition: #"{"StringLike":{"sts:ExternalId":"*"}}"#)) {
            $0.trusted = ["user/dana"]; $0.externalId = [("user/dana", "role/Job", "x-1")]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(anyId.breaches.contains { $0.who.contains("without the ExternalId, or with another one") })
    }

    @Test("a service principal that is not meant is found; the meant one is let in")
    func services() {
        let r = attack(base(), role(#"{"Service":"lambda.amazonaws.com"}"#)) {
            $0.trusted = ["service/ec2.amazonaws.com"]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(r.breaches.contains { $0.who == "the AWS service lambda.amazonaws.com" })
        let ok = attack(base(), role(#"{"Service":"ec2.amazonaws.com"}"#)) {
            $0.trusted = ["service/ec2.amazonaws.com"]; $0.needs = [("ec2:StopInstances", "*")]
        }
        #expect(ok.breaches.isEmpty)
    }

    @Test("a web-identity trust without a subject condition lets any repository's token in")
    func webIdentity() {
        var w = base()
        ok(
            &w,
            "aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com --thumbprint-list 0000000000000000000000000000000000000000"
        )
        let federated = #"{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}"#
        func make(_ condition: String) -> [String] {
            let cond = condition.isEmpty ? "" : #","Condition":"# + condition
            return [
                "aws iam create-role --role-name Deploy --assume-role-policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\(federated),\"Action\":\"sts:AssumeRoleWithWebIdentity\"\(cond)}]}'"
            ]
        }
        let loose = attack(w, make(""))
        #expect(loose.breaches.contains { $0.who.contains("issued to someone else") })
        let tight = attack(
            w,
            make(
                #"{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:org/app:ref:refs/heads/main"}}"#
            ))
        #expect(!tight.breaches.contains { $0.who.contains("issued to someone else") })
    }

    @Test("a bucket policy open to everyone is read anonymously; one naming a user is not")
    func bucketPolicy() {
        let open = attack(
            base(),
            [
                #"aws s3api put-bucket-policy --bucket reports --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}'"#
            ])
        #expect(open.breaches.contains { $0.who == "anyone, unauthenticated" && $0.action == "s3:GetObject" })
        let named = attack(
            base(),
            [
                #"aws s3api put-bucket-policy --bucket reports --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dana"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}'"#
            ])
        #expect(named.breaches.isEmpty, "\(named.breaches.map(\.who))")
    }

    @Test("the sweep: administrator is dangerous, an extra read is only extra, the exact grant is clean")
    func sweep() {
        let needs: (inout Intent) -> Void = { $0.needs = [("s3:GetObject", "arn:aws:s3:::reports/*")] }
        let admin = attack(base(), ["aws iam attach-user-policy --user-name dana --policy-arn arn:aws:iam::aws:policy/AdministratorAccess"], needs)
        #expect(admin.breaches.contains { $0.kind == .sweep && $0.action == "iam:CreateUser" })
        #expect(admin.breaches.contains { $0.kind == .sweep && $0.action == "kms:ScheduleKeyDeletion" })
        let wide = attack(
            base(), ["aws iam put-user-policy --user-name dana --policy-name R --policy-document \(policy("\"s3:Get*\"", "arn:aws:s3:::reports/*"))"], needs)
        #expect(wide.breaches.isEmpty)
        #expect(wide.extras.contains { $0.action == "s3:GetObjectAcl" })
        let exact = attack(
            base(), ["aws iam put-user-policy --user-name dana --policy-name R --policy-document \(policy("\"s3:GetObject\"", "arn:aws:s3:::reports/*"))"],
            needs)
        #expect(exact.probes.filter { $0.kind == .sweep }.isEmpty)
        #expect(exact.swept > 50)
    }

    /// A role session has no `aws:username` (UG `reference_policies_condition-keys.html`, "This
    /// key is not present for … assumed roles"), so a condition that holds when the key is absent
    /// (`StringEqualsIfExists`, `ForAllValues`) lets any role of the account in.
    @Test("a trust condition on aws:username that holds when the key is absent lets a role session of the account in")
    func absentUsername() {
        let allow = { (condition: String) in
            self.attack(self.base(), self.role(#"{"AWS":"arn:aws:iam::111122223333:root"}"#, condition: condition)) {
                $0.trusted = ["user/dana"]; $0.needs = [("ec2:StopInstances", "*")]
            }
        }
        for condition in [#"{"StringEqualsIfExists":{"aws:username":"dana"}}"#, #"{"ForAllValues:StringEquals":{"aws:username":["dana"]}}"#] {
            #expect(allow(condition).breaches.contains { $0.kind == .trust && $0.who.contains("any role of your account") }, "\(condition)")
        }
        let exact = allow(#"{"StringEquals":{"aws:username":"dana"}}"#)
        #expect(!exact.breaches.contains { $0.who.contains("role of your account") }, "\(exact.breaches.map(\.who))")
    }

    /// Grants by pattern reach buckets and tables made later under names the pattern matches, and
    /// other buckets' folders of the same name; reading or writing data the task never touches is
    /// dangerous, an extra folder of the task's own bucket is only extra.
    @Test("look-alike buckets, folders and tables are tried; data of a bucket or table the task does not use is dangerous")
    func lookAlikes() {
        let upload: (inout Intent) -> Void = { $0.needs = [("s3:PutObject", "arn:aws:s3:::reports/incoming/*")] }
        func grant(_ action: String, _ resource: String) -> [String] {
            ["aws iam put-user-policy --user-name dana --policy-name W --policy-document \(policy("\"\(action)\"", resource))"]
        }
        for wide in ["arn:aws:s3:::*/incoming/*", "arn:aws:s3:::reports*/incoming/*"] {
            let r = attack(base(), grant("s3:PutObject", wide), upload)
            #expect(r.breaches.contains { $0.kind == .sweep && $0.action == "s3:PutObject" && !$0.resource.hasPrefix("arn:aws:s3:::reports/") }, "\(wide)")
        }
        #expect(attack(base(), grant("s3:PutObject", "arn:aws:s3:::reports/incoming/*"), upload).probes.filter { $0.kind == .sweep }.isEmpty)
        // Another folder of the same bucket: more than needed, not another bucket's data.
        let folder = attack(base(), grant("s3:PutObject", "arn:aws:s3:::reports/*"), upload)
        #expect(folder.breaches.isEmpty && folder.extras.contains { $0.action == "s3:PutObject" }, "\(folder.breaches.map(\.resource))")
        // Reading a bucket whose data the task never touches.
        let reads = attack(base(), grant("s3:GetObject", "arn:aws:s3:::*"), { $0.needs = [("s3:GetBucketPolicy", "arn:aws:s3:::reports")] })
        #expect(reads.breaches.contains { $0.action == "s3:GetObject" && ($0.note ?? "").contains("reads the data") })

        var tables = base()
        ok(
            &tables,
            "aws dynamodb create-table --table-name Orders --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST"
        )
        let orders: (inout Intent) -> Void = { $0.needs = [("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111122223333:table/Orders")] }
        for wide in ["arn:aws:dynamodb:us-east-1:111122223333:table/Orders*", "arn:aws:dynamodb:*:*:table/Orders"] {
            let r = attack(tables, grant("dynamodb:PutItem", wide), orders)
            #expect(
                r.breaches.contains { $0.action == "dynamodb:PutItem" && $0.resource != "arn:aws:dynamodb:us-east-1:111122223333:table/Orders" },
                "\(wide): \(r.probes.map { "\($0.action) \($0.resource) \($0.verdict)" })")
        }
        #expect(attack(tables, grant("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111122223333:table/Orders"), orders).breaches.isEmpty)
        // A function pattern reaches functions made later: more than needed.
        let invoke: (inout Intent) -> Void = { $0.needs = [("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:thumb")] }
        let functions = attack(base(), grant("lambda:InvokeFunction", "arn:aws:lambda:*:111122223333:function:thumb*"), invoke)
        #expect(functions.extras.contains { $0.resource == "arn:aws:lambda:x:111122223333:function:thumbx" }, "\(functions.probes.map(\.resource))")
    }

    /// UG `id_roles_use_switch-role-ec2.html`: the role of an instance profile must trust
    /// `ec2.amazonaws.com`, or the instance gets no credentials for it.
    @Test("an instance gets its role's credentials only if the role trusts EC2")
    func instanceTrust() {
        var w = base()
        ok(&w, "aws iam create-role --role-name App --assume-role-policy-document \(trust(#"{"Service":"lambda.amazonaws.com"}"#))")
        ok(&w, "aws iam create-instance-profile --instance-profile-name App")
        ok(&w, "aws iam add-role-to-instance-profile --instance-profile-name App --role-name App")
        let launched = w.run("aws ec2 run-instances --image-id ami-1 --iam-instance-profile Name=App")
        let out = launched.output
        #expect(launched.error == nil)
        #expect(launched.notice?.contains("does not trust ec2.amazonaws.com: the instance gets no credentials") == true, "the launch says so at once")
        let id = out.split(separator: "\"").first { $0.hasPrefix("i-") }.map(String.init) ?? ""
        // On the instance the CLI finds no credentials and says it in botocore's words
        // (NoCredentialsError, exit status 255); the reason is the tutor's note.
        let none = w.run("aws sts get-caller-identity --profile \(id)")
        #expect(none.error?.description == #"Unable to locate credentials. You can configure credentials by running "aws configure"."#)
        #expect(none.exitStatus == 255)
        #expect(none.notice == "the role App does not trust ec2.amazonaws.com, so the instance gets no credentials for it")
        #expect(w.actor(for: "instance/\(id)") == nil)
        ok(&w, "aws iam update-assume-role-policy --role-name App --policy-document \(trust(#"{"Service":"ec2.amazonaws.com"}"#))")
        #expect(ok(&w, "aws sts get-caller-identity --profile \(id)").contains("assumed-role/App/\(id)"))
        #expect(w.actor(for: "instance/\(id)") != nil)
    }
}
