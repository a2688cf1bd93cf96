import Policy

/// How trust and resource policies refer to IAM users and roles: by unique id, as AWS stores them.
///
/// UG `reference_policies_elements_principal.html`: when a policy names a user or role by its ARN,
/// AWS turns the ARN into the principal's unique id (`AIDA…`, `AROA…`) when the policy is saved.
/// If the user or role is deleted, the policy shows that id instead of the ARN, and a new user or
/// role of the same name is another principal, which the policy does not name. A principal that
/// does not exist cannot be named at all: AWS refuses the policy with "Invalid principal in policy".
///
/// The world keeps the ARN in the text while the principal exists (it is the same principal), and
/// writes its unique id in place of the ARN, in every trust and bucket policy, when it is deleted.
extension World {
    /// The `"AWS"` entries of a policy's `Principal` and `NotPrincipal` elements, each with the
    /// byte range of its JSON string (quotes included) in `text`.
    static func awsPrincipalEntries(in text: String) -> [(value: String, range: Range<Int>)] {
        guard let root = try? JSONParser.parse(text), let statements = root["Statement"] else { return [] }
        var list: [JSONNode] = []
        switch statements.kind {
        case .array(let items): list = items
        case .object: list = [statements]
        default: break
        }
        var entries: [(value: String, range: Range<Int>)] = []
        for statement in list {
            for element in ["Principal", "NotPrincipal"] {
                guard let aws = statement[element]?["AWS"] else { continue }
                let nodes: [JSONNode]
                if case .array(let items) = aws.kind { nodes = items } else { nodes = [aws] }
                for node in nodes {
                    if let value = node.string { entries.append((value, node.start..<node.end)) }
                }
            }
        }
        return entries
    }

    /// The first `"AWS"` principal of `text` that names a user or role of an account in the world
    /// that does not exist (paths are part of the ARN); accounts outside the world, account roots,
    /// sessions and wildcards are never refused.
    func invalidPrincipal(in text: String) -> String? {
        for (value, _) in Self.awsPrincipalEntries(in: text) {
            guard !value.contains("*"), let arn = ARN(value), arn.service == "iam", let account = account(arn.account) else { continue }
            if arn.resource.hasPrefix("user/") {
                if !account.users.contains(where: { $0.arn(account.id).sameIgnoringCase(value) }) { return value }
            } else if arn.resource.hasPrefix("role/") {
                if !account.roles.contains(where: { $0.arn(account.id).sameIgnoringCase(value) }) { return value }
            }
        }
        return nil
    }

    /// Refuses a policy that names a group as a principal, in the service's words — IAM
    /// `MalformedPolicyDocument: Invalid principal in policy: "AWS":"ARN"`, S3 `MalformedPolicy:
    /// Invalid principal in policy` — with a note on why (UG `id_groups.html`: "You can't identify
    /// a user group as a Principal in a policy … because groups relate to permissions, not
    /// authentication, and principals are authenticated IAM entities"). Checked before the rest of
    /// the document, as the group is what a learner meant to try.
    mutating func refuseGroupPrincipal(_ text: String, s3: Bool, operation: String) throws(AWSError) {
        guard let group = Self.awsPrincipalEntries(in: text).first(where: { ARN($0.value)?.resource.hasPrefix("group/") == true })?.value else { return }
        notice =
            "a group is never a principal: it is not an identity that signs requests, only a way to attach policies to users. Name the users, the account, or a role they assume."
        if s3 { throw AWSError(.malformedPolicy, "Invalid principal in policy", operation: operation) }
        throw AWSError(.malformedPolicyDocument, "Invalid principal in policy: \"AWS\":\"\(group)\"", operation: operation)
    }

    /// Refuses a trust policy (IAM's words) that names a user or role that does not exist.
    func checkTrustPrincipals(_ text: String, operation: String) throws(AWSError) {
        if let bad = invalidPrincipal(in: text) {
            throw AWSError(.malformedPolicyDocument, "Invalid principal in policy: \"AWS\":\"\(bad)\"", operation: operation)
        }
    }

    /// Refuses a bucket policy (S3's words) that names a user or role that does not exist.
    func checkBucketPolicyPrincipals(_ text: String, operation: String) throws(AWSError) {
        if invalidPrincipal(in: text) != nil {
            throw AWSError(.malformedPolicy, "Invalid principal in policy", operation: operation)
        }
    }

    /// After a user or role is deleted: every trust and bucket policy that named its ARN names its
    /// unique id instead, which no principal has any more.
    mutating func replacePrincipal(arn: String, withId id: String) {
        func rewritten(_ text: String) -> String? {
            let hits = Self.awsPrincipalEntries(in: text).filter { $0.value.sameIgnoringCase(arn) }
            guard !hits.isEmpty else { return nil }
            var bytes = Array(text.utf8)
            var quoted = ""
            JSONOutput.writeString(id, into: &quoted)
            for hit in hits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                bytes.replaceSubrange(hit.range, with: Array(quoted.utf8))
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        for a in accounts.indices {
            for r in accounts[a].roles.indices {
                if let text = rewritten(accounts[a].roles[r].trustPolicy) { accounts[a].roles[r].trustPolicy = text }
            }
        }
        for b in buckets.indices {
            if let policy = buckets[b].policy, let text = rewritten(policy) { buckets[b].policy = text }
        }
    }
}
