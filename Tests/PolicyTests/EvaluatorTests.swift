import Policy
import Testing

let alice = Caller.user(account: "111122223333", path: "/", name: "alice")
let workerSession = Caller.roleSession(account: "111122223333", roleName: "Worker", sessionName: "job-7")

func identity(_ json: String, id: String = "p") throws -> CompiledPolicy {
    try CompiledPolicy(json: json, kind: .identity, id: id)
}

func request(_ caller: Caller = alice, _ action: String, _ resource: String = "*", owner: String? = nil, context: RequestContext = RequestContext())
    -> AuthorizationRequest
{
    AuthorizationRequest(caller: caller, action: action, resource: resource, resourceAccount: owner, context: context)
}

let allowS3 = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#

@Suite("the evaluation engine")
struct EvaluatorTests {
    @Test func defaultIsImplicitDeny() {
        #expect(Evaluator.decide(request(alice, "s3:GetObject"), PolicySet()) == .noIdentityAllow)
    }

    @Test func rootIsAllowedUnlessDenied() throws {
        let root = Caller.root(account: "111122223333")
        #expect(Evaluator.decide(request(root, "iam:CreateUser"), PolicySet()) == .rootUser)
        let scp = try identity(#"{"Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#)
        #expect(Evaluator.decide(request(root, "iam:CreateUser"), PolicySet(serviceControlPolicies: [[scp]])) == .explicitDeny(.serviceControlPolicy))
    }

    @Test func getCallerIdentityCannotBeDenied() throws {
        let denyAll = try identity(#"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#)
        #expect(Evaluator.decide(request(alice, "sts:GetCallerIdentity"), PolicySet(identity: [denyAll])) == .callerIdentityNeedsNoPermission)
    }

    @Test func serviceControlPoliciesMustAllowAtEveryLevel() throws {
        let all = try identity(#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        let onlyEC2 = try identity(#"{"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#)
        let set = PolicySet(identity: [try identity(allowS3)], serviceControlPolicies: [[all], [onlyEC2]])
        #expect(Evaluator.decide(request(alice, "s3:GetObject"), set) == .notAllowedBySCP)
        let explained = Evaluator.explain(request(alice, "s3:GetObject"), set)
        #expect(explained.allowedByOrganizations == false)
    }

    @Test func sessionPoliciesIntersectWithTheRole() throws {
        let session = try identity(#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
        let set = PolicySet(identity: [try identity(allowS3)], sessionPolicies: [session])
        #expect(Evaluator.decide(request(workerSession, "s3:GetObject"), set) == .allowedByIdentity)
        #expect(Evaluator.decide(request(workerSession, "s3:PutObject"), set) == .notAllowedBySessionPolicy)
        // Session policies that apply but allow nothing (a federated user with none) deny.
        let none = PolicySet(identity: [try identity(allowS3)], sessionPolicies: [])
        #expect(Evaluator.decide(request(workerSession, "s3:GetObject"), none) == .notAllowedBySessionPolicy)
    }

    @Test func denyWithNotPrincipalAlwaysDeniesACallerWithABoundary() throws {
        let bucket = try CompiledPolicy(
            json:
                #"{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:root"]},"Action":"s3:*","Resource":"*"}]}"#,
            kind: .resource, id: "bucket")
        let plain = PolicySet(identity: [try identity(allowS3)], resourcePolicy: bucket)
        #expect(Evaluator.decide(request(alice, "s3:GetObject", "arn:aws:s3:::b/k"), plain) == .allowedByIdentity)
        var bounded = plain
        bounded.boundary = try identity(allowS3)
        bounded.callerHasBoundary = true
        #expect(Evaluator.decide(request(alice, "s3:GetObject", "arn:aws:s3:::b/k"), bounded) == .explicitDeny(.resourceBased))
    }

    /// UG `reference_policies_elements_notprincipal.html`: an Allow with NotPrincipal "allows all
    /// principals except the one named in the NotPrincipal element" (and is no longer supported).
    @Test func allowWithNotPrincipalLeavesOutTheCallersItNames() throws {
        func bucket(_ named: String) throws -> PolicySet {
            let policy = try CompiledPolicy(
                json: #"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"# + named + #"},"Action":"s3:GetObject","Resource":"*"}]}"#,
                kind: .resource, id: "bucket")
            return PolicySet(resourcePolicy: policy)
        }
        let bob = Caller.user(account: "111122223333", path: "/", name: "bob")
        let read = { (caller: Caller) in request(caller, "s3:GetObject", "arn:aws:s3:::b/k", owner: "111122223333") }
        let namesAlice = try bucket(#""arn:aws:iam::111122223333:user/alice""#)
        #expect(Evaluator.decide(read(alice), namesAlice) == .noIdentityAllow)
        #expect(Evaluator.decide(read(bob), namesAlice) == .allowedByResourcePolicy(.everyone))
        #expect(Evaluator.decide(read(.anonymous), namesAlice) == .allowedByResourcePolicy(.everyone))
        // The account, the role and "*" name the callers they would name in Principal.
        #expect(Evaluator.decide(read(bob), try bucket(#""111122223333""#)) == .noIdentityAllow)
        #expect(Evaluator.decide(read(workerSession), try bucket(#""arn:aws:iam::111122223333:role/Worker""#)) == .noIdentityAllow)
        #expect(Evaluator.decide(read(.anonymous), try bucket(#""*""#)) == .noIdentityAllow)
        let why = Evaluator.explain(read(alice), namesAlice).explanation(for: read(alice))
        #expect(why.contains("does not match: its NotPrincipal names the caller, whom an Allow with NotPrincipal leaves out"))
    }

    /// UG `reference_policies_elements_condition_operators.html` does not say how a negated operator
    /// treats a value it cannot parse, nor UG `reference_policies_condition-single-vs-multi-valued-context-keys.html`
    /// how an operator without ForAnyValue/ForAllValues treats several values: an Allow resting on
    /// either does not grant, a Deny does deny, and `why` says the case is undocumented.
    @Test func undocumentedConditionsNeverGrant() throws {
        func decide(_ effect: String, _ condition: String, _ context: RequestContext) throws -> Decision {
            let policy = try identity(
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":""# + effect
                    + #"","Action":"s3:*","Resource":"*","Condition":"# + condition + "}]}")
            let allowOnly = try identity(
                #"{"Version":"2012-10-17","Statement":[{"Effect":""# + effect + #"","Action":"s3:*","Resource":"*","Condition":"# + condition + "}]}")
            return Evaluator.explain(request(alice, "s3:GetObject", context: context), PolicySet(identity: [effect == "Deny" ? policy : allowOnly]))
        }
        func context(_ key: String, _ values: [String], _ type: ContextKeyType) -> RequestContext {
            var c = RequestContext()
            c[key] = ContextValue(values, type: type)
            return c
        }
        let cases: [(String, RequestContext)] = [
            (#"{"NumericNotEquals":{"s3:max-keys":"ten"}}"#, ["s3:max-keys": "5"]),
            (#"{"NumericNotEquals":{"s3:max-keys":"10"}}"#, ["s3:max-keys": "five"]),
            (#"{"DateNotEquals":{"aws:CurrentTime":"soon"}}"#, ["aws:CurrentTime": "2024-06-01T00:00:00Z"]),
            (#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#, context("aws:SourceIp", ["not-an-ip"], .ip)),
            (#"{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns"}}"#, ["aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"]),
            (#"{"StringEquals":{"aws:TagKeys":"team"}}"#, context("aws:TagKeys", ["team", "cost"], .stringList)),
            (#"{"StringNotEquals":{"aws:TagKeys":"owner"}}"#, context("aws:TagKeys", ["team", "cost"], .stringList)),
        ]
        for (condition, context) in cases {
            let allow = try decide("Allow", condition, context)
            #expect(allow.decision == .implicitDeny, "\(condition)")
            #expect(allow.undocumentedCases.count == 1, "\(condition)")
            #expect(allow.explanation(for: request(alice, "s3:GetObject")).contains("  undocumented: "), "\(condition)")
            let deny = try decide("Deny", condition, context)
            #expect(deny.decision == .explicitDeny, "\(condition)")
            #expect(deny.undocumentedCases.count == 1, "\(condition)")
        }
        // Documented neighbours say nothing: a value that matches decides a negated operator, and a
        // set operator over a multivalued key is the documented form.
        let matched = try decide("Allow", #"{"NumericNotEquals":{"s3:max-keys":["ten","5"]}}"#, ["s3:max-keys": "5"])
        #expect(matched.decision == .implicitDeny && matched.undocumentedCases.isEmpty)
        let set = try decide(
            "Allow", #"{"ForAllValues:StringEquals":{"aws:TagKeys":["team","cost"]}}"#,
            context("aws:TagKeys", ["team", "cost"], .stringList))
        #expect(set.decision == .allowed && set.undocumentedCases.isEmpty)
    }

    /// UG `reference_identifiers.html` (IAM ARNs): a user's path is part of its ARN, so a policy
    /// naming `user/alice` does not name the alice whose path is `/eng/`.
    @Test func aUsersPathIsPartOfItsARN() throws {
        let bucket = try CompiledPolicy(
            json: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"*"}]}"#,
            kind: .resource, id: "bucket")
        let set = PolicySet(resourcePolicy: bucket)
        let engineer = Caller.user(account: "111122223333", path: "/eng/", name: "alice")
        #expect(Evaluator.decide(request(alice, "s3:GetObject", "arn:aws:s3:::b/k"), set) == .allowedByResourcePolicy(.user))
        #expect(Evaluator.decide(request(engineer, "s3:GetObject", "arn:aws:s3:::b/k"), set) == .noIdentityAllow)
    }

    @Test func conditionFamilies() throws {
        func decide(_ condition: String, _ context: RequestContext) throws -> EvalDecision {
            let policy = try identity(
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":"# + condition + "}]}")
            return Evaluator.decide(request(alice, "s3:GetObject", context: context), PolicySet(identity: [policy])).decision
        }
        #expect(try decide(#"{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}"#, ["aws:SourceIp": "2001:db8:1::7"]) == .allowed)
        #expect(try decide(#"{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}"#, ["aws:SourceIp": "2001:db9::7"]) == .implicitDeny)
        #expect(try decide(#"{"DateGreaterThan":{"aws:CurrentTime":"2024-06-01T00:00:00+02:00"}}"#, ["aws:CurrentTime": "2024-05-31T23:00:00Z"]) == .allowed)
        #expect(try decide(#"{"DateGreaterThan":{"aws:CurrentTime":"2024-06-01"}}"#, ["aws:CurrentTime": "1717200000"]) == .implicitDeny)
        #expect(try decide(#"{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}"#, ["aws:MultiFactorAuthAge": "59.5"]) == .allowed)
        #expect(try decide(#"{"Bool":{"aws:SecureTransport":true}}"#, ["aws:SecureTransport": "TRUE"]) == .allowed)
        #expect(try decide(#"{"StringEquals":{"aws:PrincipalTag/team":"${aws:PrincipalTag/dept, 'ops'}"}}"#, ["aws:principaltag/TEAM": "ops"]) == .allowed)
        #expect(try decide(#"{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}"#, ["aws:username": "a*", "s3:prefix": "home/ab/x"]) == .implicitDeny)
        #expect(
            try decide(#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}"#, ["aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"])
                == .allowed)
        #expect(
            try decide(#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-*:111122223333:t"}}"#, ["aws:SourceArn": "arn:aws:sns:us-east-1:x:111122223333:t"])
                == .implicitDeny)
        #expect(try decide(#"{"StringNotEquals":{"aws:PrincipalTag/team":["a","b"]}}"#, ["aws:PrincipalTag/team": "b"]) == .implicitDeny)
        #expect(try decide(#"{"StringNotEquals":{"aws:PrincipalTag/team":["a","b"]}}"#, RequestContext()) == .allowed)
    }

    @Test func explainNamesTheFailingElement() throws {
        let policy = try identity(
            #"{"Version":"2012-10-17","Statement":[{"Sid":"Tagged","Effect":"Allow","Action":"ec2:StopInstances","Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/Owner":"${aws:username}"}}}]}"#,
            id: "DevPolicy")
        let r = request(alice, "ec2:StopInstances", context: ["aws:username": "alice", "ec2:ResourceTag/Owner": "bob"])
        let d = Evaluator.explain(r, PolicySet(identity: [policy]))
        #expect(d.decision == .implicitDeny)
        #expect(d.trace.count == 1)
        #expect(d.trace[0].outcome == .conditionNotMet(clause: 0))
        #expect(d.trace[0].contextValues == ["bob"])
        let text = d.explanation(for: r)
        #expect(text.contains("because no identity-based policy allows the ec2:StopInstances action"))
        #expect(
            text.contains(
                #"statement 1 "Tagged" (Allow, line 1): condition not met: StringEquals ec2:ResourceTag/Owner ["${aws:username}"], but the request has "bob""#))
    }

    @Test("the index finds what a plain scan finds", arguments: 0..<20)
    func indexAgreesWithScan(seed: Int) throws {
        var g = SplitMix(seed: UInt64(seed))
        let actions = ["s3:GetObject", "s3:PutObject", "ec2:StopInstances", "iam:CreateUser", "sqs:SendMessage"]
        let patterns = ["s3:Get*", "s3:*", "ec2:Stop*", "iam:Create*", "*", "sqs:SendMessage", "s?:PutObject"]
        let resources = [
            "*", "arn:aws:s3:::b1/*", "arn:aws:s3:::b2*", "arn:aws:ec2:*:111122223333:instance/*", "arn:aws:iam::111122223333:user/${aws:username}",
        ]
        var policies: [CompiledPolicy] = []
        for p in 0..<30 {
            var statements: [String] = []
            for _ in 0..<3 {
                let effect = g.next() % 4 == 0 ? "Deny" : "Allow"
                let action = patterns[Int(g.next() % UInt64(patterns.count))]
                let resource = resources[Int(g.next() % UInt64(resources.count))]
                let key = g.next() % 5 == 0 ? "NotAction" : "Action"
                statements.append(#"{"Effect":"\#(effect)","\#(key)":"\#(action)","Resource":"\#(resource)"}"#)
            }
            policies.append(try identity(#"{"Version":"2012-10-17","Statement":[\#(statements.joined(separator: ","))]}"#, id: "p\(p)"))
        }
        let indexed = PolicySet(identity: policies)
        for _ in 0..<50 {
            let action = actions[Int(g.next() % UInt64(actions.count))]
            let resource = [
                "arn:aws:s3:::b1/k", "arn:aws:s3:::b2x/k", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "arn:aws:iam::111122223333:user/alice", "*",
            ][Int(g.next() % 5)]
            let r = request(alice, action, resource, context: ["aws:username": "alice"])
            #expect(Evaluator.decide(r, indexed) == Evaluator.explain(r, indexed).reason, "\(action) \(resource)")
        }
    }
}

@Suite("policy variables")
struct PolicyVariableTests {
    func decide(_ resource: String, _ context: RequestContext, version: String = "2012-10-17", pattern: String) throws -> EvalDecision {
        let policy = try identity(#"{"Version":"\#(version)","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"\#(pattern)"}]}"#)
        return Evaluator.decide(request(alice, "s3:GetObject", resource, context: context), PolicySet(identity: [policy])).decision
    }

    @Test func multivaluedKeysNeverSubstitute() throws {
        var context = RequestContext()
        context["aws:TagKeys"] = ContextValue(["team"], type: .stringList)
        #expect(try decide("arn:aws:s3:::b/team", context, pattern: "arn:aws:s3:::b/${aws:TagKeys}") == .implicitDeny)
        #expect(try decide("arn:aws:s3:::b/team", ["aws:TagKeys": "team"], pattern: "arn:aws:s3:::b/${aws:TagKeys}") == .allowed)
    }

    @Test func variablesOnlyInTheResourcePart() throws {
        // Before the fifth colon `${…}` is literal text.
        #expect(try decide("arn:aws:s3:::b/x", ["aws:username": "s3"], pattern: "arn:aws:${aws:username}:::b/x") == .implicitDeny)
        #expect(try decide("arn:aws:${aws:username}:::b/x", ["aws:username": "s3"], pattern: "arn:aws:${aws:username}:::b/x") == .allowed)
    }

    @Test func defaultsAndEscapes() throws {
        #expect(
            try decide("arn:aws:s3:::home/company-wide/a", RequestContext(), pattern: "arn:aws:s3:::home/${aws:PrincipalTag/team, 'company-wide'}/*")
                == .allowed)
        #expect(try decide("arn:aws:s3:::price$5", RequestContext(), pattern: "arn:aws:s3:::price${$}5") == .allowed)
        #expect(try decide("arn:aws:s3:::ab", RequestContext(), pattern: "arn:aws:s3:::a${?}") == .implicitDeny)
        #expect(try decide("arn:aws:s3:::a?", RequestContext(), pattern: "arn:aws:s3:::a${?}") == .allowed)
        #expect(
            try decide("arn:aws:s3:::home/bob/x", ["aws:username": "bob"], version: "2008-10-17", pattern: "arn:aws:s3:::home/${aws:username}/*")
                == .implicitDeny)
    }
}

@Suite("ARNs")
struct ARNTests {
    @Test("six fields; the resource keeps its colons; fewer fields is no ARN")
    func fields() throws {
        let log = try #require(ARN("arn:aws:logs:eu-west-1:111122223333:log-group:/app:*"))
        #expect([log.scheme, log.partition, log.service, log.region, log.account] == ["arn", "aws", "logs", "eu-west-1", "111122223333"])
        #expect(log.resource == "log-group:/app:*")
        let bucket = try #require(ARN("arn:aws:s3:::reports/2026/q1.csv"))
        #expect(bucket.region.isEmpty && bucket.account.isEmpty)
        #expect(bucket.resourceName == "q1.csv")
        #expect(ARN("arn:aws:iam::111122223333") == nil)
        #expect(ARN("*") == nil)
        #expect(accountOfResource("arn:aws:iam::aws:policy/ReadOnlyAccess", fallback: "x") == "x")
        #expect(accountOfResource("arn:aws:sqs:us-east-1:444455556666:q", fallback: nil) == "444455556666")
    }
}
