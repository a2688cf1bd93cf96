import Policy

extension World {
    /// `aws configure set`, `get`, `list` and `list-profiles`: the profiles the CLI signs with,
    /// including profiles that assume a role (CLI UG `cli-configure-files.html`,
    /// `cli-configure-role.html`). The prompt's current profile plays the part of `AWS_PROFILE`.
    static func configureOperations() -> [Operation] {
        [
            Operation("configure", "list-profiles", api: "ListProfiles", "List the profiles you can act as.") { world, _ throws(AWSError) in
                .string(world.profiles.map(\.name).joined(separator: "\n"))
            },
            Operation(
                "configure", "set", api: "Set",
                "Set a profile's setting: aws_access_key_id, aws_secret_access_key, region, output, role_arn, source_profile, mfa_serial, external_id, duration_seconds, role_session_name.",
                flags: [], positionals: ["<varname>", "<value>"]
            ) { world, call throws(AWSError) in
                let (name, variable) = configTarget(call.positionals[0], profile: call.profile, profiles: world.profiles.map(\.name))
                let value = call.positionals[1]
                var profile =
                    world.profile(name) ?? Profile(name: name, credential: .accessKey("", secret: nil), sourceIp: "203.0.113.10", region: world.defaultRegion)
                // Each setting replaces only itself, as in ~/.aws/credentials: a new key id keeps the old secret.
                var secret: String?
                if case .accessKey(_, let s) = profile.credential { secret = s }
                switch variable {
                case "aws_access_key_id": profile.credential = .accessKey(value, secret: secret)
                case "aws_secret_access_key":
                    if case .accessKey(let id, _) = profile.credential {
                        profile.credential = .accessKey(id, secret: value)
                    } else {
                        profile.credential = .accessKey("", secret: value)
                    }
                case "region": profile.region = value
                default: profile.settings[variable] = value
                }
                world.setProfile(profile)
                return nil
            },
            Operation(
                "configure", "get", api: "Get", "Show one setting of a profile (role_arn, source_profile, region, …); nothing when it is not set.",
                flags: [], positionals: ["<varname>"]
            ) { world, call throws(AWSError) in
                let (name, variable) = configTarget(call.positionals[0], profile: call.profile, profiles: world.profiles.map(\.name))
                guard let profile = world.profile(name), let value = configValue(profile, variable) else { return .string("") }
                return .string(value)
            },
            Operation(
                "configure", "list", api: "List", "Show the profile in use, its keys (masked) and its region, and where each comes from."
            ) { world, call throws(AWSError) in
                func row(_ name: String, _ value: String, _ type: String, _ location: String) -> String {
                    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
                    return "\(pad(name, 10)) \(pad(value, 24)) \(pad(type, 16))    \(location)"
                }
                var lines = [row("Name", "Value", "Type", "Location"), row("----", "-----", "----", "--------")]
                let name = call.profile
                guard let profile = world.profile(name) else {
                    throw AWSError(config: "The config profile (\(name)) could not be found")
                }
                lines.append(
                    call.profileGiven
                        ? row("profile", name, "manual", "--profile") : row("profile", name, "env", "['AWS_DEFAULT_PROFILE', 'AWS_PROFILE']"))
                func mask(_ s: String) -> String { String(repeating: "*", count: 16) + s.suffix(4) }
                let keys: (id: String, secret: String, method: String)?
                if profile.settings["role_arn"] != nil {
                    // The CLI shows the role's (cached or newly assumed) temporary key.
                    let actor = try world.actor(profile: name, operation: "AssumeRole")
                    keys = actor.session.map { ($0.accessKeyId, $0.secret, "assume-role") }
                } else {
                    switch profile.credential {
                    case .accessKey("", nil): keys = nil
                    case .accessKey(let id, let secret): keys = (id, secret ?? "", "shared-credentials-file")
                    case .root: keys = nil
                    case .instance:
                        let actor = try world.actor(profile: name, operation: "GetCallerIdentity")
                        keys = actor.session.map { ($0.accessKeyId, $0.secret, "iam-role") }
                    case .function:
                        let actor = try world.actor(profile: name, operation: "GetCallerIdentity")
                        keys = actor.session.map { ($0.accessKeyId, $0.secret, "env") }
                    }
                }
                if let keys {
                    lines.append(row("access_key", mask(keys.id), keys.method, ""))
                    lines.append(row("secret_key", mask(keys.secret), keys.method, ""))
                } else {
                    lines.append(row("access_key", "<not set>", "None", "None"))
                    lines.append(row("secret_key", "<not set>", "None", "None"))
                }
                lines.append(row("region", profile.region, "config-file", "~/.aws/config"))
                return .string(lines.joined(separator: "\n"))
            },
        ]
    }

    /// The profile and variable a `configure set`/`get` name means: `profile.NAME.var`,
    /// `default.var`, `NAME.var` for a known profile (get), else `var` of the profile in use.
    static func configTarget(_ name: String, profile: String, profiles: [String]) -> (profile: String, variable: String) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return (profile, name) }
        if parts[0] == "profile", parts.count >= 3 { return (parts[1], parts[2...].joined(separator: ".")) }
        if parts[0] == "default" { return ("default", parts[1...].joined(separator: ".")) }
        if profiles.contains(parts[0]) { return (parts[0], parts[1...].joined(separator: ".")) }
        return (profile, name)
    }

    /// A profile's setting as `aws configure get` reads it, or nil when it is not set.
    static func configValue(_ profile: Profile, _ variable: String) -> String? {
        switch variable {
        case "aws_access_key_id":
            if case .accessKey(let id, _) = profile.credential, !id.isEmpty { return id }
            return nil
        case "aws_secret_access_key":
            if case .accessKey(_, let secret?) = profile.credential { return secret }
            return nil
        case "region": return profile.region
        default: return profile.settings[variable]
        }
    }
}
