import Policy

extension World {
    /// The error a service answers a denied call with, in that service's words (its code, its
    /// message), never the tutor's: the tutor's explanation is what `why` shows.
    ///
    /// - IAM and STS: `AccessDenied`, "User: ARN is not authorized to perform: ACTION on resource:
    ///   RESOURCE because …" (IAM UG `troubleshoot_access-denied.html`).
    /// - EC2: `UnauthorizedOperation`, "You are not authorized to perform this operation. …", with
    ///   an encoded authorization failure message except on Describe calls (STS API Reference
    ///   `API_DecodeAuthorizationMessage.html`).
    /// - Lambda, DynamoDB, CloudTrail: `AccessDeniedException` with the IAM sentence.
    /// - S3: `AccessDenied`; the sentence (the resource quoted) only within the bucket owner's
    ///   account, else only "Access Denied" (S3 UG `troubleshoot-403-errors.html`).
    ///
    /// An action on no particular resource (`*`) is named without "on resource:".
    mutating func denial(
        _ actor: Actor, _ access: Access, reason: DecisionReason, request: AuthorizationRequest, policies: PolicySet, service: String,
        operation: String
    ) -> AWSError {
        let who = actor.arn(in: self)
        let because = reason.phrase(action: access.action)
        let on = access.resource == "*" ? "" : " on resource: \(access.resource)"
        let sentence = "User: \(who) is not authorized to perform: \(access.action)\(on) \(because)"
        switch service {
        case "ec2":
            var message = "You are not authorized to perform this operation. \(sentence)"
            if !operation.hasPrefix("Describe") {
                message +=
                    ". Encoded authorization failure message: \(encodeAuthorizationMessage(request: request, policies: policies, account: actor.account))"
            }
            return AWSError(.unauthorizedOperation, message, operation: operation)
        case "lambda", "dynamodb", "cloudtrail", "organizations", "access-analyzer":
            return AWSError(.accessDeniedException, sentence, operation: operation)
        case "s3":
            guard (access.resourceAccount ?? actor.account) == actor.account else { return AWSError(.accessDenied, "Access Denied", operation: operation) }
            return AWSError(
                .accessDenied, "User: \(who) is not authorized to perform: \(access.action) on resource: \"\(access.resource)\" \(because)",
                operation: operation)
        default:
            return AWSError(.accessDenied, sentence, operation: operation)
        }
    }

    /// Files the decision as the JSON `sts decode-authorization-message` returns, and gives out
    /// an opaque text that names it (made from the message, so other ids are not disturbed).
    mutating func encodeAuthorizationMessage(request: AuthorizationRequest, policies: PolicySet, account: String) -> String {
        let decision = Evaluator.explain(request, policies)
        let context = request.context
        func items(_ values: [JSONOutput]) -> JSONOutput { .object([("items", .array(values))]) }
        let principal: [(String, JSONOutput)] = [
            ("id", .string(context["aws:userid"]?.values.first ?? request.caller.arn)),
            ("name", .string(context["aws:username"]?.values.first ?? String(request.caller.arn.split(separator: "/").last ?? ""))),
            ("arn", .string(request.caller.arn)),
        ]
        let statements: [JSONOutput] =
            decision.decision == .explicitDeny
            ? decision.matchedStatements.map { s in
                .object([("statementId", .string(s.sid ?? "")), ("effect", .string(s.effect == .deny ? "DENY" : "ALLOW"))])
            } : []
        let conditions: [JSONOutput] = context.keys.sorted().compactMap { key in
            context[key].map { value in
                .object([("key", .string(key)), ("values", items(value.values.map { .object([("value", .string($0))]) }))])
            }
        }
        let decoded = JSONOutput.object([
            ("allowed", .bool(false)),
            ("explicitDeny", .bool(decision.decision == .explicitDeny)),
            ("matchedStatements", items(statements)),
            ("failures", items([])),
            (
                "context",
                .object([
                    ("principal", .object(principal)), ("action", .string(request.action)), ("resource", .string(request.resource)),
                    ("conditions", items(conditions)),
                ])
            ),
        ]).compact
        // FNV-1a over the message and its number, spread into the base64 alphabet.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (decoded + "#\(authorizationMessages.count)").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var token = ""
        for _ in 0..<96 {
            hash ^= hash >> 29
            hash = hash &* 0xBF58_476D_1CE4_E5B9
            token.append(alphabet[Int(hash >> 58)])
        }
        authorizationMessages[token] = (account, decoded)
        return token
    }
}
