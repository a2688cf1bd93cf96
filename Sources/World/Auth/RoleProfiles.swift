import Policy

extension World {
    /// The settings of a profile that assumes a role, as `aws configure set` names them (CLI UG
    /// `cli-configure-role.html`).
    public static let roleProfileSettings = [
        "role_arn", "source_profile", "credential_source", "mfa_serial", "external_id", "duration_seconds", "role_session_name",
    ]

    /// How long before they expire the CLI stops reusing cached role credentials and assumes the
    /// role again (botocore's `CachedCredentialFetcher`: 15 minutes).
    static let roleCacheWindow = 15 * 60

    /// The actor a profile with a `role_arn` signs as: the role's session, assumed with the source
    /// profile's credentials as the AWS CLI does it (botocore's `AssumeRoleProvider`), or taken from
    /// the CLI's cache while more than 15 minutes remain. A new AssumeRole is the source's own call:
    /// authorized as any other, on the trail under the source's identity, and its refusal is the
    /// command's error. With `mfa_serial` the CLI asks for a code; the simulated device answers.
    mutating func roleProfileActor(_ profile: Profile, visited: inout [String]) throws(AWSError) -> Actor {
        let settings = profile.settings
        let roleArn = settings["role_arn"] ?? ""
        if let credentialSource = settings["credential_source"] {
            if settings["source_profile"] != nil {
                throw AWSError(config: "The profile \"\(profile.name)\" contains both source_profile and credential_source.")
            }
            guard ["EcsContainer", "Ec2InstanceMetadata", "Environment"].contains(credentialSource) else {
                throw AWSError(config: "The credential source \"\(credentialSource)\" referenced in profile \"\(profile.name)\" is not valid.")
            }
            // At the prompt there is no container, instance metadata or environment to read.
            throw AWSError(
                config:
                    "Error when retrieving credentials from \(credentialSource): No credentials found in credential_source referenced in profile \(profile.name)"
            )
        }
        guard let sourceName = settings["source_profile"] else {
            throw AWSError(config: "Partial credentials found in assume-role, missing: source_profile or credential_source")
        }
        guard let source = self.profile(sourceName) else {
            throw AWSError(config: "The source_profile \"\(sourceName)\" referenced in the profile \"\(profile.name)\" does not exist.")
        }
        // A profile may name itself only to take its own keys.
        if visited.contains(sourceName), sourceName != profile.name || !source.hasStaticCredentials {
            throw AWSError(
                config:
                    "Infinite loop in credential configuration detected. Attempting to load from profile \(sourceName) which has already been visited. Visited profiles: [\(visited.map { "'\($0)'" }.joined(separator: ", "))]"
            )
        }
        visited.append(sourceName)
        let sourceActor: Actor
        if source.hasStaticCredentials {
            sourceActor = try staticActor(source, operation: "AssumeRole")
        } else if source.settings["role_arn"] != nil {
            sourceActor = try roleProfileActor(source, visited: &visited)
        } else {
            throw AWSError(config: "The source profile \"\(sourceName)\" must have credentials.")
        }
        var acting = profile
        acting.sourceIp = sourceActor.profile.sourceIp

        // The cache is keyed by the AssumeRole arguments (a generated session name left out), as botocore keys it.
        let duration = settings["duration_seconds"].flatMap { Int($0) }
        var arguments = ["RoleArn=\(roleArn)"]
        if let n = settings["role_session_name"] { arguments.append("RoleSessionName=\(n)") }
        if let e = settings["external_id"] { arguments.append("ExternalId=\(e)") }
        if let m = settings["mfa_serial"] { arguments.append("SerialNumber=\(m)") }
        if let d = duration { arguments.append("DurationSeconds=\(d)") }
        let key = arguments.joined(separator: "\n")
        if let id = credentialCache[key], let cached = sessions.last(where: { $0.accessKeyId == id }), cached.expiration - clock.now > Self.roleCacheWindow {
            return Actor(kind: .session(cached), profile: acting, accessKeyId: id)
        }

        guard let operation = Self.operations.first(where: { $0.service == "sts" && $0.name == "assume-role" }) else {
            throw AWSError(config: "AssumeRole is not available")
        }
        var values = ["--role-arn": roleArn, "--role-session-name": settings["role_session_name"] ?? "botocore-session-\(clock.now)"]
        if let e = settings["external_id"] { values["--external-id"] = e }
        if let d = duration { values["--duration-seconds"] = String(d) }
        if let serial = settings["mfa_serial"] {
            let code = Self.simulatedMFACode(serial: serial, at: clock.now)
            prompts.append("Enter MFA code for \(serial): \(code)")
            values["--serial-number"] = serial
            values["--token-code"] = code
        }
        var call = Call(operation: operation, values: values, positionals: [], profile: sourceName, region: source.region)
        call.actor = sourceActor
        do {
            try Self.checkSessionTokenScope(sourceActor, service: "sts", operation: call.api)
            if let key = sourceActor.accessKeyId { noteKeyUse(key, service: "sts", region: source.region) }
            let assumed = try assumeRole(sourceActor, &call)
            record(call, error: nil, since: trail.count)
            credentialCache[key] = assumed.session.accessKeyId
            return Actor(kind: .session(assumed.session), profile: acting, accessKeyId: assumed.session.accessKeyId)
        } catch {
            record(call, error: error, since: trail.count)
            throw error
        }
    }

    /// The six digits a simulated authenticator shows for a device at a time (a new code every 30 seconds).
    static func simulatedMFACode(serial: String, at time: Int) -> String {
        let n = fnv1a64(Array("\(serial)@\(time / 30)".utf8)) % 1_000_000
        let digits = String(n)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }
}
