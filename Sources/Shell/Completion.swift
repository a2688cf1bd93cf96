import World

/// TAB completion: commands, services, operations, flags, the names in the world, ARNs and
/// IAM action names, all from the same tables that parse commands.
public enum Completion {
    enum Kind: Sendable { case profile, showTopic, helpTopic, lesson, resetScope }

    static let s3Actions = [
        "s3:CreateBucket", "s3:DeleteBucket", "s3:DeleteObject", "s3:GetBucketPolicy", "s3:GetObject", "s3:ListAllMyBuckets", "s3:ListBucket",
        "s3:PutBucketPolicy", "s3:PutObject",
    ]

    /// Every IAM action name the simulated services check.
    static let actions: [String] = {
        var set: Set<String> = Set(s3Actions)
        for op in World.operations where !["s3", "s3api", "configure"].contains(op.service) {
            set.insert("\(op.service):\(op.api)")
        }
        set.insert("iam:PassRole")
        set.insert("sts:AssumeRole")
        return set.sorted()
    }()

    static var globalFlags: [String] { World.GlobalOptions.all }

    /// Candidates for `word`, the word being completed, after `line` (the text before it).
    public static func candidates(line: String, word: String, world: World, lessonIDs: [String] = []) -> [String] {
        let words = (try? ShellWords.split(line)) ?? line.split(separator: " ").map(String.init)
        var pool: [String]
        if word.contains(":") && !word.hasPrefix("arn:") && !word.hasPrefix("s3:/") {
            let inside = word.drop { $0 == "\"" || $0 == "[" || $0 == "'" }
            let lead = String(word.prefix(word.count - inside.count))
            return actions.filter { $0.lowercased().hasPrefix(inside.lowercased()) }.map { lead + $0 }
        }
        if word.hasPrefix("s3://") {
            pool = world.buckets.map { "s3://\($0.name)/" }
        } else if words.isEmpty {
            pool = TutorCommand.all.map(\.name) + ["aws"]
        } else if words[0] == "aws" {
            pool = awsCandidates(words, world: world)
        } else if let command = TutorCommand.named(words[0]) {
            switch command.arguments.first {
            case .profile?: pool = world.profiles.map(\.name)
            case .showTopic?: pool = Views.showTopics
            case .helpTopic?: pool = TutorCommand.all.map(\.name) + ["aws"] + (words.count >= 2 && words[1] == "aws" ? World.services : [])
            case .lesson?: pool = lessonIDs
            case .resetScope?: pool = ["step", "lesson", "all"]
            case nil: pool = command.name == "clock" ? ["+15m", "+1h", "+2h", "+1d", "set"] : []
            }
        } else {
            pool = []
        }
        return Array(Set(pool.filter { $0.hasPrefix(word) })).sorted()
    }

    static func awsCandidates(_ words: [String], world: World) -> [String] {
        let previous = words.last ?? ""
        if words.count > 1, words[1] == "organizations", ["--filter", "--type", "--policy-type"].contains(previous) { return ["SERVICE_CONTROL_POLICY"] }
        if previous.hasPrefix("--"), words.count > 2,
            let choices = World.operations.first(where: { $0.service == words[1] && $0.name == words[2] })?.flags.first(where: { $0.name == previous })?
                .choices,
            !choices.isEmpty
        {
            return choices
        }
        if previous.hasPrefix("--"), let values = flagValues(previous, world: world) { return values }
        let positional = words.dropFirst().filter { !$0.hasPrefix("--") }
        if words.count == 1 { return World.services }
        let service = words[1]
        let operations = World.operations.filter { $0.service == service }
        if words.count == 2 || (positional.count == 1 && !operations.contains { $0.name == words.last }) && words.count == 2 {
            return operations.map(\.name)
        }
        guard words.count >= 3, let op = operations.first(where: { $0.name == words[2] }) else { return operations.map(\.name) }
        if service == "configure", ["set", "get"].contains(op.name), words.count == 3 {
            return ["aws_access_key_id", "aws_secret_access_key", "region", "output"] + World.roleProfileSettings
        }
        let used = Set(words.filter { $0.hasPrefix("--") })
        let paging = World.isPaginated(op) ? World.paginationFlags : []
        return (op.flags.map(\.name) + paging).filter { !used.contains($0) } + globalFlags.filter { !used.contains($0) }
    }

    static func flagValues(_ flag: String, world: World) -> [String]? {
        let accounts = world.accounts
        switch flag {
        case "--user-name": return accounts.flatMap { $0.users.map(\.name) }
        case "--group-name": return accounts.flatMap { $0.groups.map(\.name) }
        case "--role-name": return accounts.flatMap { $0.roles.map(\.name) }
        case "--instance-profile-name": return accounts.flatMap { $0.instanceProfiles.map(\.name) }
        case "--role-arn", "--role": return accounts.flatMap { a in a.roles.map { $0.arn(a.id) } }
        case "--policy-arn", "--permissions-boundary":
            return AWSManagedPolicy.catalog.map(\.arn) + accounts.flatMap { a in a.policies.map { $0.arn(a.id) } }
        case "--policy-source-arn":
            return accounts.flatMap { a in a.users.map { $0.arn(a.id) } + a.groups.map { $0.arn(a.id) } + a.roles.map { $0.arn(a.id) } }
        case "--caller-arn": return accounts.flatMap { a in a.users.map { $0.arn(a.id) } }
        case "--policy-arns": return AWSManagedPolicy.catalog.map { "arn=\($0.arn)" } + accounts.flatMap { a in a.policies.map { "arn=\($0.arn(a.id))" } }
        case "--filter", "--entity-filter": return ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"]
        case "--policy-usage-filter": return ["PermissionsPolicy", "PermissionsBoundary"]
        case "--assignment-status": return ["Assigned", "Unassigned", "Any"]
        case "--version-id": return ["v1", "v2", "v3", "v4", "v5"]
        case "--policy-id": return (world.organization?.policies ?? []).map(\.id)
        case "--handshake-id": return world.organization.map { Array($0.invitations.keys) } ?? []
        case "--feature-set": return ["ALL", "CONSOLIDATED_BILLING"]
        case "--tag-keys", "--transitive-tag-keys": return Array(Set(accounts.flatMap { $0.users.flatMap(\.tags) + $0.roles.flatMap(\.tags) }.map(\.key)))
        case "--target-id", "--root-id": return world.organization.map { [$0.rootId] + $0.members } ?? []
        case "--profile": return world.profiles.map(\.name)
        case "--instance-ids", "--instance-id", "--resources": return world.instances.map(\.id)
        case "--bucket": return world.buckets.map(\.name)
        case "--function-name": return world.functions.map(\.name)
        case "--table-name": return world.tables.map(\.name)
        case "--serial-number": return accounts.flatMap { $0.users.flatMap { $0.mfaDevices.map(\.serialNumber) } } + world.pendingMFADevices
        case "--access-key-id": return accounts.flatMap { $0.users.flatMap { $0.accessKeys.map(\.id) } }
        case "--status": return ["Active", "Inactive"]
        case "--output": return World.GlobalOptions.outputs
        case "--scope": return ["All", "AWS", "Local"]
        case "--region": return ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
        case "--iam-instance-profile": return accounts.flatMap { $0.instanceProfiles.map { "Name=\($0.name)" } }
        case "--principal-arn": return accounts.flatMap { a in a.identityProviders.map { $0.arn(a.id) } }
        case "--lookup-attributes":
            return ["AttributeKey=Username,AttributeValue=", "AttributeKey=EventName,AttributeValue=", "AttributeKey=ResourceName,AttributeValue="]
        default: return nil
        }
    }
}
