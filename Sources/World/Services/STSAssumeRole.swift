import Policy

extension World {
    /// AssumeRole as STS carries it out, for `aws sts assume-role` and for a profile with a
    /// `role_arn` (STS API reference `API_AssumeRole.html`): the session name, duration and session
    /// tags checked, the caller's MFA, `sts:AssumeRole` (and `sts:TagSession` when tags pass)
    /// authorized against the caller's policies and the role's trust policy, and the session made.
    /// The call's resources name the role; the session is not adopted here.
    mutating func assumeRole(_ actor: Actor, _ call: inout Call) throws(AWSError) -> (session: Session, role: String, response: JSONOutput) {
        let roleArn = try call.required("--role-arn")
        let sessionName = try call.required("--role-session-name")
        call.resources = [roleArn]
        guard (2...64).contains(sessionName.count), sessionName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0)) })
        else {
            throw AWSError(
                .validationError,
                "1 validation error detected: Value '\(sessionName)' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
                operation: call.api)
        }
        if case .root = actor.caller(in: self) {
            throw AWSError(.accessDenied, "Roles may not be assumed by root accounts.", operation: call.api)
        }
        let chained = actor.session.map { if case .role = $0.kind { true } else { false } } ?? false
        let requested = try Self.duration(call, within: Self.roleDurations)
        let tags = try Self.sessionTags(call)
        let transitive = call.list("--transitive-tag-keys")
        try Self.checkTransitiveKeys(transitive, tags: tags, operation: call.api)
        // A chained session inherits the calling session's transitive tags, which cannot be passed again.
        let inherited = actor.session?.transitiveTags ?? []
        if let clash = tags.first(where: { t in inherited.contains { $0.key.sameIgnoringCase(t.key) } }) {
            throw AWSError(
                .invalidParameterValue, "Cannot override the inherited transitive session tag \(clash.key).", operation: call.api)
        }
        let mfa = try checkMFA(call, user: mfaUser(actor))
        var context: [String: String] = ["sts:RoleSessionName": sessionName]
        if let e = call.string("--external-id") { context["sts:ExternalId"] = e }
        if let s = call.string("--source-identity") { context["sts:SourceIdentity"] = s }
        if mfa {
            context["aws:MultiFactorAuthPresent"] = "true"
            context["aws:MultiFactorAuthAge"] = "0"
        }
        let sessionTags = inherited + tags
        for tag in sessionTags { context["aws:RequestTag/\(tag.key)"] = tag.value }
        // The role: its ARN names its account and name (the path is not part of matching).
        let arn = ARN(roleArn)
        let role = arn.flatMap { account($0.account)?.role($0.resourceName) }
        guard let arn, arn.resource.hasPrefix("role/") else {
            // An ARN that names no role is, to STS, a role the caller may not assume.
            throw AWSError(
                .accessDenied, "User: \(actor.arn(in: self)) is not authorized to perform: sts:AssumeRole on resource: \(roleArn)", operation: call.api)
        }
        let roleAccount = arn.account
        guard let role else {
            throw AWSError(
                .accessDenied, "User: \(actor.arn(in: self)) is not authorized to perform: sts:AssumeRole on resource: \(roleArn)", operation: call.api)
        }
        for action in sessionTags.isEmpty ? ["sts:AssumeRole"] : ["sts:AssumeRole", "sts:TagSession"] {
            var access = self.access(action, on: roleArn)
            for (k, v) in context { access.context[k] = v }
            if !sessionTags.isEmpty { access.contextLists["aws:TagKeys"] = sessionTags.map(\.key) }
            if !transitive.isEmpty { access.contextLists["sts:TransitiveTagKeys"] = transitive }
            try authorize(actor, access, operation: call.api)
        }
        let duration = requested ?? 3600
        if chained && duration > 3600 {
            throw AWSError(
                .validationError, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", operation: call.api)
        }
        guard duration <= role.maxSessionDuration else {
            throw AWSError(.validationError, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", operation: call.api)
        }
        // Session policies: the inline one and the managed ones named by ARN. The session may do
        // only what both the role's policies and a session policy allow (UG
        // `access_policies.html#policies_session`); an ARN that names no policy allows nothing.
        let policyArns = Self.policyArns(call.list("--policy-arns"))
        var sessionPolicies: [String]?
        var packed = 0
        if let p = call.string("--policy") {
            sessionPolicies = [try Self.checkedPolicy(p, kind: .identity, operation: call.api, limit: 2048, what: "PackedPolicySize")]
            packed += p.filter { !$0.isWhitespace }.count
        }
        if !policyArns.isEmpty {
            guard policyArns.count <= 10 else {
                throw AWSError(
                    .validationError,
                    "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10",
                    operation: call.api)
            }
            let none = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"*","NotResource":"*"}]}"#
            sessionPolicies = (sessionPolicies ?? []) + policyArns.map { managedPolicyDocument($0) ?? none }
            packed += policyArns.reduce(0) { $0 + $1.count }
        }
        packed += sessionTags.reduce(0) { $0 + $1.key.count + $1.value.count }
        let packedPercent = packed * 100 / 2048
        if sessionPolicies != nil || !sessionTags.isEmpty, packedPercent > 100 {
            throw AWSError(
                .packedPolicyTooLarge, "Packed size of consumed claims exceeds 100% of limit (\(packedPercent)% of the packed size limit).",
                operation: call.api)
        }
        let transitiveTags = inherited + tags.filter { t in transitive.contains { $0.sameIgnoringCase(t.key) } }
        let session = Session(
            kind: .role(account: roleAccount, roleName: role.name, sessionName: sessionName),
            accessKeyId: ids.id("ASIA"), secret: ids.secret(), token: "IQoJb3JpZ2luX2VjE" + ids.secret(length: 60),
            issued: clock.now, expiration: clock.now + duration,
            mfaAuthenticated: mfa ? clock.now : actor.session?.mfaAuthenticated, sessionPolicies: sessionPolicies, chained: chained,
            issuedBy: actor.arn(in: self), sourceIdentity: call.string("--source-identity") ?? actor.session?.sourceIdentity, tags: sessionTags,
            roleId: role.id)
        var stored = session
        stored.transitiveTags = transitiveTags
        sessions.append(stored)
        var out: [(String, JSONOutput)] = [
            ("Credentials", credentialsJSON(session)),
            (
                "AssumedRoleUser",
                .object([
                    ("AssumedRoleId", .string("\(role.id):\(sessionName)")),
                    ("Arn", .string("arn:aws:sts::\(roleAccount):assumed-role/\(role.name)/\(sessionName)")),
                ])
            ),
        ]
        if sessionPolicies != nil || !sessionTags.isEmpty { out.append(("PackedPolicySize", .integer(max(1, packedPercent)))) }
        if let s = session.sourceIdentity { out.append(("SourceIdentity", .string(s))) }
        return (stored, role.name, .object(out))
    }

    /// `--tags Key=K,Value=V …` for a session, refused as STS refuses them: at most 50, keys of 1
    /// to 128 characters, values of at most 256, one key per spelling whatever its case
    /// (STS API reference `API_AssumeRole.html`, Tags).
    static func sessionTags(_ call: Call) throws(AWSError) -> [Tag] {
        let tags = try requestTags(call)
        if let error = tagProblem(tags, field: "tags", operation: call.api) { throw error }
        for (i, t) in tags.enumerated() where tags[..<i].contains(where: { $0.key.sameIgnoringCase(t.key) }) {
            throw AWSError(.invalidParameterValue, "Duplicate tag keys found. Please note that Tag keys are case insensitive.", operation: call.api)
        }
        return tags
    }

    /// The first quota or pattern a list of tags breaks, in AWS's validation words, or nil.
    static func tagProblem(_ tags: [Tag], field: String, operation: String, limit: Int = 50) -> AWSError? {
        if tags.count > limit {
            return AWSError(
                .validationError,
                "1 validation error detected: Value at '\(field)' failed to satisfy constraint: Member must have length less than or equal to \(limit)",
                operation: operation)
        }
        for (i, tag) in tags.enumerated() {
            let at = "\(field).\(i + 1).member"
            if tag.key.isEmpty || tag.key.count > 128 {
                let constraint = tag.key.isEmpty ? "greater than or equal to 1" : "less than or equal to 128"
                return AWSError(
                    .validationError,
                    "1 validation error detected: Value '\(tag.key)' at '\(at).key' failed to satisfy constraint: Member must have length \(constraint)",
                    operation: operation)
            }
            if tag.value.count > 256 {
                return AWSError(
                    .validationError,
                    "1 validation error detected: Value '\(tag.value)' at '\(at).value' failed to satisfy constraint: Member must have length less than or equal to 256",
                    operation: operation)
            }
            let allowed: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == " " || "_.:/=+-@".contains($0) }
            if !tag.key.allSatisfy(allowed) {
                return AWSError(
                    .validationError,
                    "1 validation error detected: Value '\(tag.key)' at '\(at).key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
                    operation: operation)
            }
            if !tag.value.allSatisfy(allowed) {
                return AWSError(
                    .validationError,
                    "1 validation error detected: Value '\(tag.value)' at '\(at).value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
                    operation: operation)
            }
        }
        return nil
    }

    /// `--transitive-tag-keys`: each must name a session tag passed in the same call.
    static func checkTransitiveKeys(_ keys: [String], tags: [Tag], operation: String) throws(AWSError) {
        if keys.count > 50 {
            throw AWSError(
                .validationError,
                "1 validation error detected: Value at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to 50",
                operation: operation)
        }
        for key in keys where !tags.contains(where: { $0.key.sameIgnoringCase(key) }) {
            throw AWSError(.invalidParameterValue, "The specified transitive tag key must be included in the requested tags.", operation: operation)
        }
    }

    /// `--policy-arns arn=ARN …` (the CLI's shorthand) or its JSON form, as ARNs.
    static func policyArns(_ items: [String]) -> [String] {
        var out: [String] = []
        for item in items {
            let text = item.trimmed { $0 == " " }
            if text.hasPrefix("["), let json = try? JSONParser.parse(text), case .array(let list) = json.kind {
                for element in list {
                    if let members = element.members, let arn = members.first(where: { $0.key == "arn" })?.value.string { out.append(arn) }
                }
                continue
            }
            for pair in text.split(separator: ",") where pair.hasPrefix("arn=") { out.append(String(pair.dropFirst(4))) }
        }
        return out
    }
}
