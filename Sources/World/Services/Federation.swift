import Policy

/// The tokens the simulated identity providers issue: an OpenID Connect ID token (a JWT) and a
/// SAML response, each carrying the claims the learner chose and the provider's signature.
/// Editing a claim by hand breaks the signature, and STS refuses the token, as AWS refuses a
/// token its provider did not sign.
public enum FederationToken {
    /// The simulated providers' signing secret: what a provider signs with, never shown.
    static let signingKey = "simulated-identity-provider"

    /// Mints an OIDC ID token for `issuer` (a host such as `token.actions.githubusercontent.com`,
    /// or an `https://` URL) with the given claims (`aud`, `sub`, …), valid an hour from `now`.
    public static func webIdentityToken(issuer: String, claims: [(String, String)], now: Int) -> String {
        let iss = issuer.hasPrefix("https://") ? issuer : "https://" + issuer
        var members: [(String, JSONOutput)] = [("iss", .string(iss))]
        for (k, v) in claims where !["iss", "iat", "exp"].contains(k) { members.append((k, .string(v))) }
        members += [("iat", .integer(now)), ("exp", .integer(now + 3600))]
        let header = base64URL(Array(#"{"alg":"RS256","typ":"JWT","kid":"simulated"}"#.utf8))
        let payload = base64URL(Array(JSONOutput.object(members).compact.utf8))
        return header + "." + payload + "." + signature(header + "." + payload)
    }

    /// An OIDC token's claims, once its shape and signature are checked; nil when it is not one.
    public static func readWebIdentityToken(_ token: String) -> [String: JSONNode]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, signature(parts[0] + "." + parts[1]) == parts[2],
            let bytes = ScalarValues.base64(parts[1]), let text = String(validating: bytes, as: UTF8.self),
            let members = (try? JSONParser.parse(text))?.members
        else { return nil }
        var claims: [String: JSONNode] = [:]
        for member in members { claims[member.key] = member.value }
        return claims
    }

    /// Mints a SAML response from the provider `issuer` for `subject`, with the audience and
    /// attributes given (`https://aws.amazon.com/SAML/Attributes/RoleSessionName`, …).
    public static func samlAssertion(issuer: String, subject: String, audience: String, attributes: [(String, String)]) -> String {
        var xml =
            #"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">"#
            + "<saml:Issuer>\(escape(issuer))</saml:Issuer><saml:Assertion><saml:Subject>"
            + #"<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">\#(escape(subject))</saml:NameID></saml:Subject>"#
            + "<saml:Conditions><saml:AudienceRestriction><saml:Audience>\(escape(audience))</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
            + "<saml:AttributeStatement>"
        for (name, value) in attributes {
            xml += #"<saml:Attribute Name="\#(escape(name))"><saml:AttributeValue>\#(escape(value))</saml:AttributeValue></saml:Attribute>"#
        }
        xml += "</saml:AttributeStatement></saml:Assertion></samlp:Response>"
        return base64(Array((xml + "<!--" + signature(xml) + "-->").utf8))
    }

    /// What a SAML response says, once its signature is checked.
    public struct SAMLClaims: Sendable, Equatable {
        public var issuer: String
        public var subject: String
        public var audience: String
        public var attributes: [(String, String)]

        public static func == (a: Self, b: Self) -> Bool {
            a.issuer == b.issuer && a.subject == b.subject && a.audience == b.audience && a.attributes.elementsEqual(b.attributes, by: ==)
        }
    }

    public static func readSAMLAssertion(_ assertion: String) -> SAMLClaims? {
        guard let bytes = ScalarValues.base64(assertion), let text = String(validating: bytes, as: UTF8.self),
            let open = text.firstRange(of: "<!--"), text.hasSuffix("-->")
        else { return nil }
        let xml = String(text[..<open.lowerBound])
        guard signature(xml) == String(text[open.upperBound...].dropLast(3)) else { return nil }
        guard let issuer = element("saml:Issuer", in: xml), let subject = element("saml:NameID", in: xml),
            let audience = element("saml:Audience", in: xml)
        else { return nil }
        var attributes: [(String, String)] = []
        var rest = Substring(xml)
        while let start = rest.firstRange(of: #"<saml:Attribute Name=""#) {
            rest = rest[start.upperBound...]
            guard let quote = rest.firstIndex(of: "\""), let value = element("saml:AttributeValue", in: String(rest)) else { break }
            attributes.append((unescape(String(rest[..<quote])), value))
            rest = rest[quote...]
        }
        return SAMLClaims(issuer: issuer, subject: subject, audience: audience, attributes: attributes)
    }

    /// The text of the first `<tag …>text</tag>` in `xml`, unescaped.
    static func element(_ tag: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(tag)>") ?? xml.firstRange(of: "<\(tag) ") else { return nil }
        let after = xml[xml.index(before: open.upperBound)...]
        guard let gt = after.firstIndex(of: ">") else { return nil }
        let body = after[after.index(after: gt)...]
        guard let close = body.firstRange(of: "</\(tag)>") else { return nil }
        return unescape(String(body[..<close.lowerBound]))
    }

    static func escape(_ s: String) -> String {
        s.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;").replacingAll("\"", with: "&quot;")
    }

    static func unescape(_ s: String) -> String {
        s.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&quot;", with: "\"").replacingAll("&amp;", with: "&")
    }

    static func signature(_ text: String) -> String {
        base64URL(SHA1.digest(Array((signingKey + "\n" + text).utf8)))
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// Standard base64, padded.
    public static func base64(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = UInt32(bytes[i]) << 16
            if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { v |= UInt32(bytes[i + 2]) }
            for k in 0..<4 { out.append(k <= n ? alphabet[Int((v >> UInt32(18 - 6 * k)) & 63)] : "=") }
            i += 3
        }
        return out
    }

    /// URL-safe base64 without padding, as JWTs write it.
    static func base64URL(_ bytes: [UInt8]) -> String {
        String(base64(bytes).compactMap { $0 == "=" ? nil : $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }
}

/// SHA-1 (FIPS 180-4), for the SAML NameQualifier AWS computes and the simulated signatures.
enum SHA1 {
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var m = message
        let bitLength = UInt64(message.count) &* 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for k in (0..<8).reversed() { m.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * k))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: m.count, by: 64) {
            for t in 0..<16 {
                w[t] = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(m[chunk + 4 * t + $1]) }
            }
            for t in 16..<80 {
                let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
                w[t] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch t {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, temp)
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> UInt32(24 - 8 * $0)) } }
    }
}

extension World {
    /// The audience AWS expects in SAML responses for console and API sign-in.
    static let samlAudience = "https://signin.aws.amazon.com/saml"

    /// The eduPerson and eduOrg attributes (and `cn`) AWS maps to `saml:` condition keys, by
    /// their friendly names (UG `reference_policies_iam-condition-keys.html`, "Available keys for
    /// SAML-based AWS STS federation").
    static let samlMappedAttributes = [
        "edupersonaffiliation", "edupersonassurance", "edupersonentitlement", "edupersonnickname", "edupersonorgdn", "edupersonorgunitdn",
        "edupersonprimaryaffiliation", "edupersonprimaryorgunitdn", "edupersonprincipalname", "edupersonscopedaffiliation",
        "edupersontargetedid", "eduorghomepageuri", "eduorgidentityauthnpolicyuri", "eduorglegalname", "eduorgsuperioruri",
        "eduorgwhitepagesuri", "cn",
    ]

    /// What STS says of a token or assertion it cannot validate (STS API Reference,
    /// `API_AssumeRoleWithWebIdentity.html` and `API_AssumeRoleWithSAML.html`, InvalidIdentityToken).
    static func invalidIdentityToken(_ operation: String) -> AWSError {
        AWSError(
            .invalidIdentityToken,
            "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.",
            operation: operation)
    }

    /// AssumeRoleWithWebIdentity: the token must come from an OIDC provider registered in the
    /// role's account, signed by it, unexpired, for one of the provider's audiences (client ids);
    /// then the role's trust policy decides, with the token's `aud` and `sub` as
    /// `HOST:aud` and `HOST:sub` (UG `id_roles_providers_oidc.html`,
    /// `reference_policies_iam-condition-keys.html` "Available keys for OIDC federation").
    /// The simulated providers' tokens are minted by `token oidc …` at the prompt; `HOST/SUBJECT`
    /// is the simulated provider signing SUBJECT in for the provider's first audience.
    mutating func assumeRoleWithWebIdentity(_ call: Call) throws(AWSError) -> JSONOutput {
        let token = try call.required("--web-identity-token")
        let roleArn = try call.required("--role-arn")
        let roleAccount = ARN(roleArn)?.account ?? ""
        let issuer: String
        var claims: [String: String] = [:]
        if let read = FederationToken.readWebIdentityToken(token) {
            guard let iss = read["iss"]?.string, let sub = read["sub"]?.string else { throw Self.invalidIdentityToken(call.api) }
            issuer = iss
            for (k, v) in read { if let text = v.scalarText { claims[k] = text } }
            claims["sub"] = sub
            if let exp = read["exp"]?.scalarText.flatMap({ Int($0) }), clock.now >= exp + 300 {
                throw AWSError(
                    .expiredTokenException, "Token expired: current date/time \(clock.now) must be before the expiration date/time\(exp)",
                    operation: call.api)
            }
        } else {
            let bits = token.split(separator: "/", maxSplits: 1).map(String.init)
            guard bits.count == 2, !bits[0].isEmpty, !bits[1].isEmpty else { throw Self.invalidIdentityToken(call.api) }
            issuer = "https://" + bits[0]
            claims["sub"] = bits[1]
            claims["aud"] = account(roleAccount)?.oidcClientIds[bits[0]]?.first ?? "sts.amazonaws.com"
        }
        let host = String(issuer.dropFirst(issuer.hasPrefix("https://") ? 8 : 0))
        let provider = IdentityProvider(kind: .oidc, name: host)
        guard let a = accountIndex(roleAccount), accounts[a].identityProviders.contains(provider) else {
            throw AWSError(.invalidIdentityToken, "No OpenIDConnect provider found in your account for \(issuer)", operation: call.api)
        }
        let audience = claims["aud"] ?? ""
        guard accounts[a].oidcClientIds[host, default: []].contains(audience) else {
            throw AWSError(.invalidIdentityToken, "Incorrect token audience", operation: call.api)
        }
        var keys = ["\(host):aud": audience, "\(host):sub": claims["sub"] ?? ""]
        if let azp = claims["azp"] {
            keys["\(host):aud"] = azp
            keys["\(host):oaud"] = audience
        }
        if let amr = claims["amr"] { keys["\(host):amr"] = amr }
        let subject = claims["sub"] ?? ""
        let (session, role) = try federate(
            call, provider: provider.arn(roleAccount), subject: subject, sessionName: try call.required("--role-session-name"), keys: keys)
        return .object([
            ("Credentials", credentialsJSON(session)),
            ("SubjectFromWebIdentityToken", .string(subject)),
            ("AssumedRoleUser", assumedRoleUser(session, role: role)),
            ("Provider", .string(issuer)),
            ("Audience", .string(audience)),
        ])
    }

    /// AssumeRoleWithSAML: the assertion must be signed by the SAML provider `--principal-arn`
    /// names, registered in the role's account, and issued by it; the role's trust policy then
    /// decides, with the `saml:` keys AWS fills from the assertion (UG `id_roles_providers_saml.html`,
    /// `reference_policies_iam-condition-keys.html` "Available keys for SAML-based AWS STS
    /// federation"). The simulated provider's assertions are minted by `token saml …` at the
    /// prompt; a plain name is the simulated provider signing that person in.
    mutating func assumeRoleWithSAML(_ call: Call) throws(AWSError) -> JSONOutput {
        let providerArn = try call.required("--principal-arn")
        let assertion = try call.required("--saml-assertion")
        let name = String(providerArn.split(separator: "/", maxSplits: 1).dropFirst().first ?? "")
        let provider = IdentityProvider(kind: .saml, name: name)
        let providerAccount = ARN(providerArn)?.account ?? ""
        guard let a = accountIndex(providerAccount), accounts[a].identityProviders.contains(provider),
            let registeredIssuer = accounts[a].samlIssuers[name]
        else {
            throw AWSError(.invalidIdentityToken, "Specified provider doesn't exist.", operation: call.api)
        }
        let claims: FederationToken.SAMLClaims
        if let read = FederationToken.readSAMLAssertion(assertion) {
            claims = read
        } else if !assertion.isEmpty, assertion.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) }) {
            claims = FederationToken.SAMLClaims(issuer: registeredIssuer, subject: assertion, audience: Self.samlAudience, attributes: [])
        } else {
            throw Self.invalidIdentityToken(call.api)
        }
        guard claims.issuer == registeredIssuer else { throw Self.invalidIdentityToken(call.api) }
        let nameQualifier = FederationToken.base64(SHA1.digest(Array((claims.issuer + providerAccount + "/" + name).utf8)))
        var keys = [
            "saml:sub": claims.subject, "saml:aud": claims.audience, "saml:iss": claims.issuer, "saml:sub_type": "persistent",
            "saml:namequalifier": nameQualifier, "saml:doc": "\(providerAccount)/\(name)",
        ]
        var sessionName = claims.subject
        for (attribute, value) in claims.attributes {
            let friendly = attribute.lowercased()
            if Self.samlMappedAttributes.contains(friendly) { keys["saml:\(friendly)"] = value }
            if attribute == "https://aws.amazon.com/SAML/Attributes/RoleSessionName" { sessionName = value }
        }
        let (session, role) = try federate(call, provider: providerArn, subject: claims.subject, sessionName: sessionName, keys: keys)
        return .object([
            ("Credentials", credentialsJSON(session)),
            ("AssumedRoleUser", assumedRoleUser(session, role: role)),
            ("Subject", .string(claims.subject)),
            ("SubjectType", .string("persistent")),
            ("Issuer", .string(claims.issuer)),
            ("Audience", .string(claims.audience)),
            ("NameQualifier", .string(nameQualifier)),
        ])
    }

    func assumedRoleUser(_ session: Session, role: Role) -> JSONOutput {
        guard case .role(let account, _, let sessionName) = session.kind else { return .object([]) }
        return .object([
            ("AssumedRoleId", .string("\(role.id):\(sessionName)")),
            ("Arn", .string("arn:aws:sts::\(account):assumed-role/\(role.name)/\(sessionName)")),
        ])
    }

    /// The role's trust policy decides whether the provider's person may assume it; the session
    /// is made and signed in as the profile named after the person.
    mutating func federate(
        _ call: Call, provider providerArn: String, subject: String, sessionName: String, keys: [String: String]
    ) throws(AWSError) -> (Session, Role) {
        let roleArn = try call.required("--role-arn")
        let duration = try Self.duration(call, within: Self.roleDurations) ?? 3600
        guard let arn = ARN(roleArn), arn.resource.hasPrefix("role/") else {
            // STS's words for an ARN that names no role (as AssumeRoleWithSAML answers it).
            throw AWSError(.validationError, "Request ARN is invalid", operation: call.api)
        }
        let roleAccount = arn.account
        let role = account(roleAccount)?.role(arn.resourceName)
        // The caller is the provider's user; the engine sees the provider as the principal.
        var set = PolicySet()
        set.resourcePolicy = role?.compiledTrust.named("trust-policy", type: "resource")
        set.resourcePolicyMustAllow = true
        var context = RequestContext()
        for (k, v) in keys { context[k] = ContextValue([v]) }
        context["aws:CurrentTime"] = ContextValue([clock.iso8601], type: .date)
        context["aws:EpochTime"] = ContextValue([String(clock.now)], type: .numeric)
        let action = "sts:\(call.api)"
        let request = AuthorizationRequest(
            caller: .identityProvider(providerArn), action: action, resource: roleArn, resourceAccount: roleAccount, context: context)
        let decision = Evaluator.explain(request, set)
        lastDecision = DecisionRecord(request: request, decision: decision)
        guard let role, decision.decision == .allowed else {
            throw AWSError(.accessDenied, "Not authorized to perform \(action)", operation: call.api)
        }
        guard duration <= role.maxSessionDuration else {
            throw AWSError(.validationError, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", operation: call.api)
        }
        let session = Session(
            kind: .role(account: roleAccount, roleName: role.name, sessionName: sessionName), accessKeyId: ids.id("ASIA"), secret: ids.secret(),
            token: "IQoJb3JpZ2luX2VjE" + ids.secret(length: 60), issued: clock.now, expiration: clock.now + duration, mfaAuthenticated: nil,
            sessionPolicies: nil, issuedBy: providerArn, sourceIdentity: subject, roleId: role.id)
        sessions.append(session)
        let profile = Profile(
            name: sessionName, credential: .accessKey(session.accessKeyId, secret: session.secret), sourceIp: "198.51.100.20", region: defaultRegion)
        setProfile(profile)
        currentProfile = profile.name
        notice =
            "\(subject) signed in through \(providerArn.split(separator: "/", maxSplits: 1).last ?? ""): now acting as arn:aws:sts::\(roleAccount):assumed-role/\(role.name)/\(sessionName) (profile \(sessionName)), until \(SimulatedClock.iso8601(session.expiration))."
        return (session, role)
    }
}
