import Policy

/// An AWS Organizations organization: a management account, the accounts that joined it, one
/// root, and the service control policies attached to the root and to accounts.
public struct Organization: Sendable, Hashable {
    public struct SCP: Sendable, Hashable {
        public var id: String
        public var name: String
        public var description: String
        public var content: String
        public var awsManaged: Bool
    }

    public var id: String
    public var management: String
    public var rootId: String
    /// Member accounts in the order they joined (the management account first).
    public var members: [String]
    public var scpEnabled = false
    public var policies: [SCP]
    /// `ALL` features (SCPs possible), or consolidated billing only.
    public var allFeatures = true
    /// Policy ids attached to each target (the root's id or an account id).
    public var attachments: [String: [String]] = [:]
    /// Invitations not yet accepted: handshake id and invited account.
    public var invitations: [String: String] = [:]

    public var arn: String { "arn:aws:organizations::\(management):organization/\(id)" }
    func policyArn(_ p: SCP) -> String {
        p.awsManaged
            ? "arn:aws:organizations::aws:policy/service_control_policy/\(p.id)"
            : "arn:aws:organizations::\(management):policy/\(id)/service_control_policy/\(p.id)"
    }
    func accountArn(_ account: String) -> String { "arn:aws:organizations::\(management):account/\(id)/\(account)" }
    var rootArn: String { "arn:aws:organizations::\(management):root/\(id)/\(rootId)" }
}

extension World {
    static let fullAWSAccess = Organization.SCP(
        id: "p-FullAWSAccess", name: "FullAWSAccess", description: "Allows access to every operation",
        content: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#, awsManaged: true)

    /// Puts the organization's SCPs on its member accounts, root level then account level: each
    /// level must allow. The management account is never limited by SCPs (Organizations UG
    /// `orgs_manage_policies_scps.html`: "SCPs don't affect users or roles in the management account").
    mutating func applySCPs() {
        guard let org = organization else { return }
        for id in org.members {
            guard let a = accountIndex(id) else { continue }
            guard org.scpEnabled, id != org.management else {
                accounts[a].serviceControlPolicies = []
                continue
            }
            func docs(_ target: String) -> [String] {
                (org.attachments[target] ?? []).compactMap { pid in org.policies.first { $0.id == pid }?.content }
            }
            accounts[a].serviceControlPolicies = [docs(org.rootId), docs(id)]
        }
    }

    /// The preamble of an Organizations call: the caller authorized for `organizations:` + the API,
    /// the caller's account in an organization, and (for `management` calls) its management account.
    mutating func organizationCall(_ call: inout Call, management: Bool = true) throws(AWSError) -> Actor {
        let actor = try call.actor(&self)
        try authorize(actor, access("organizations:\(call.api)", on: "*"), operation: call.api)
        guard let org = organization, org.members.contains(actor.account) else {
            throw AWSError(.awsOrganizationsNotInUseException, "Your account is not a member of an organization.", operation: call.api)
        }
        if management && org.management != actor.account {
            throw AWSError(.accessDeniedException, "You don't have permissions to access this resource.", operation: call.api)
        }
        return actor
    }

    func organizationJSON(_ org: Organization) -> JSONOutput {
        .object([
            ("Id", .string(org.id)), ("Arn", .string(org.arn)), ("FeatureSet", .string(org.allFeatures ? "ALL" : "CONSOLIDATED_BILLING")),
            ("MasterAccountArn", .string(org.accountArn(org.management))), ("MasterAccountId", .string(org.management)),
            ("MasterAccountEmail", .string("\(account(org.management)?.alias ?? org.management)@example.com")),
            (
                "AvailablePolicyTypes",
                .array(org.scpEnabled ? [.object([("Type", .string("SERVICE_CONTROL_POLICY")), ("Status", .string("ENABLED"))])] : [])
            ),
        ])
    }

    func scpSummary(_ p: Organization.SCP, _ org: Organization) -> JSONOutput {
        .object([
            ("Id", .string(p.id)), ("Arn", .string(org.policyArn(p))), ("Name", .string(p.name)), ("Description", .string(p.description)),
            ("Type", .string("SERVICE_CONTROL_POLICY")), ("AwsManaged", .bool(p.awsManaged)),
        ])
    }

    func rootJSON(_ org: Organization) -> JSONOutput {
        .object([
            ("Id", .string(org.rootId)), ("Arn", .string(org.rootArn)), ("Name", .string("Root")),
            (
                "PolicyTypes",
                .array(org.scpEnabled ? [.object([("Type", .string("SERVICE_CONTROL_POLICY")), ("Status", .string("ENABLED"))])] : [])
            ),
        ])
    }

    /// The policy type flags accept (SCPs are the type this world evaluates).
    static func scpType(_ value: String, operation: String) throws(AWSError) {
        let types = [
            "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY",
            "DECLARATIVE_POLICY_EC2",
        ]
        guard types.contains(value) else {
            throw AWSError(
                .invalidInputException, "You provided a value that does not match the required pattern: PolicyType (\(value)).", operation: operation)
        }
        guard value == "SERVICE_CONTROL_POLICY" else {
            throw AWSError(.policyTypeNotEnabledException, "This operation can be performed only for enabled policy types.", operation: operation)
        }
    }

    /// `aws organizations`, enough to make an organization, bring accounts in and govern them with
    /// SCPs (Organizations API reference: CreateOrganization, InviteAccountToOrganization,
    /// AcceptHandshake, EnablePolicyType, CreatePolicy, AttachPolicy, DetachPolicy, ListPolicies,
    /// ListPoliciesForTarget, DescribePolicy, DeletePolicy, DescribeOrganization, ListRoots, ListAccounts).
    static func organizationsOperations() -> [Operation] {
        var ops: [Operation] = []
        ops.append(
            Operation(
                "organizations", "create-organization", api: "CreateOrganization",
                "Make an organization with your account as its management account (SCPs never limit it).", flags: [Flag("--feature-set")]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, world.access("organizations:CreateOrganization", on: "*"), operation: call.api)
                let featureSet = call.string("--feature-set") ?? "ALL"
                guard ["ALL", "CONSOLIDATED_BILLING"].contains(featureSet) else {
                    throw AWSError(
                        .validationException,
                        "1 validation error detected: Value '\(featureSet)' at 'featureSet' failed to satisfy constraint: Member must satisfy enum value set: [ALL, CONSOLIDATED_BILLING]",
                        operation: call.api)
                }
                guard world.organization == nil else {
                    throw AWSError(.alreadyInOrganizationException, "The AWS account is already a member of an organization.", operation: call.api)
                }
                let org = Organization(
                    id: world.ids.hex("o-", digits: 10), management: actor.account, rootId: world.ids.hex("r-", digits: 4), members: [actor.account],
                    policies: [Self.fullAWSAccess], allFeatures: featureSet == "ALL")
                world.organization = org
                return .object([("Organization", world.organizationJSON(org))])
            })
        ops.append(
            Operation("organizations", "describe-organization", api: "DescribeOrganization", "Show the organization your account belongs to.") {
                world, call throws(AWSError) in
                _ = try world.organizationCall(&call, management: false)
                return .object([("Organization", world.organizationJSON(world.organization!))])
            })
        ops.append(
            Operation("organizations", "list-roots", api: "ListRoots", "List the organization's root (where policies for every account attach).") {
                world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                return .object([("Roots", .array([world.rootJSON(world.organization!)]))])
            })
        ops.append(
            Operation("organizations", "list-accounts", api: "ListAccounts", "List the organization's accounts.") { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                let org = world.organization!
                return .object([
                    (
                        "Accounts",
                        .array(
                            org.members.map { id in
                                let alias = world.account(id)?.alias ?? id
                                return .object([
                                    ("Id", .string(id)), ("Arn", .string(org.accountArn(id))), ("Email", .string("\(alias)@example.com")),
                                    ("Name", .string(alias)), ("Status", .string("ACTIVE")), ("State", .string("ACTIVE")),
                                    ("JoinedMethod", .string(id == org.management ? "CREATED" : "INVITED")),
                                ])
                            })
                    )
                ])
            })
        ops.append(
            Operation(
                "organizations", "invite-account-to-organization", api: "InviteAccountToOrganization",
                "Invite another account of yours into the organization (it accepts with accept-handshake).",
                flags: [Flag("--target", .shorthand, required: true), Flag("--notes")]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                let target = call.shorthand("--target")
                guard let id = target["Id"], target["Type"] == "ACCOUNT" || target["Type"] == nil else {
                    throw AWSError(validation: "Missing required parameter in Target: \"Id\"")
                }
                guard world.account(id) != nil else {
                    throw AWSError(.accountNotFoundException, "You specified an account that doesn't exist.", operation: call.api)
                }
                guard !world.organization!.members.contains(id) else {
                    throw AWSError(
                        .duplicateAccountException, "That account is already present in the specified destination.", operation: call.api)
                }
                let handshake = world.ids.hex("h-", digits: 10)
                world.organization!.invitations[handshake] = id
                return .object([("Handshake", world.handshakeJSON(handshake, account: id, state: "OPEN"))])
            })
        ops.append(
            Operation(
                "organizations", "accept-handshake", api: "AcceptHandshake", "Accept an invitation: the account joins the organization and its SCPs.",
                flags: [Flag("--handshake-id", required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, world.access("organizations:AcceptHandshake", on: "*"), operation: call.api)
                let id = try call.required("--handshake-id")
                guard let org = world.organization, let invited = org.invitations[id] else {
                    throw AWSError(.handshakeNotFoundException, "We can't find a handshake with the HandshakeId that you specified.", operation: call.api)
                }
                guard invited == actor.account else {
                    throw AWSError(.accessDeniedException, "You don't have permissions to access this resource.", operation: call.api)
                }
                world.organization!.invitations[id] = nil
                world.organization!.members.append(invited)
                if org.scpEnabled { world.organization!.attachments[invited] = [Self.fullAWSAccess.id] }
                world.applySCPs()
                return .object([("Handshake", world.handshakeJSON(id, account: invited, state: "ACCEPTED"))])
            })
        ops.append(
            Operation(
                "organizations", "enable-policy-type", api: "EnablePolicyType",
                "Turn on service control policies at the root (FullAWSAccess is attached everywhere at first).",
                flags: [Flag("--root-id", required: true), Flag("--policy-type", required: true)]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                let root = try call.required("--root-id")
                let type = try call.required("--policy-type")
                guard root == world.organization!.rootId else {
                    throw AWSError(.rootNotFoundException, "We can't find a root with the RootId that you specified.", operation: call.api)
                }
                if type != "SERVICE_CONTROL_POLICY" { try scpType(type, operation: call.api) }
                guard world.organization!.allFeatures else {
                    throw AWSError(
                        .policyTypeNotAvailableForOrganizationException,
                        "You can't use the specified policy type with the feature set currently enabled for this organization.", operation: call.api)
                }
                guard !world.organization!.scpEnabled else {
                    throw AWSError(
                        .policyTypeAlreadyEnabledException, "The specified policy type is already enabled in the specified root.", operation: call.api)
                }
                world.organization!.scpEnabled = true
                for target in [root] + world.organization!.members { world.organization!.attachments[target] = [Self.fullAWSAccess.id] }
                world.applySCPs()
                return .object([("Root", world.rootJSON(world.organization!))])
            })
        ops.append(
            Operation(
                "organizations", "create-policy", api: "CreatePolicy", "Write a service control policy: the most an account's users and roles may do.",
                flags: [
                    Flag("--content", .json, required: true), Flag("--description", required: true), Flag("--name", required: true),
                    Flag("--type", required: true), Flag("--tags", .list),
                ]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                try scpType(try call.required("--type"), operation: call.api)
                let name = try call.required("--name")
                let content = try call.required("--content")
                guard (try? PolicyDocument.parse(content, kind: .identity)) != nil else {
                    throw AWSError(
                        .malformedPolicyDocumentException, "The provided policy document does not meet the requirements of the specified policy type.",
                        operation: call.api)
                }
                guard content.count <= 5120 else {
                    throw AWSError(
                        .constraintViolationException, "You provided a policy document that exceeds the maximum allowed size.", operation: call.api)
                }
                guard !world.organization!.policies.contains(where: { $0.name == name }) else {
                    throw AWSError(.duplicatePolicyException, "A policy with the same name already exists.", operation: call.api)
                }
                let policy = Organization.SCP(
                    id: world.ids.hex("p-", digits: 8), name: name, description: try call.required("--description"), content: content, awsManaged: false)
                world.organization!.policies.append(policy)
                call.resources = [world.organization!.policyArn(policy)]
                return .object([
                    ("Policy", .object([("PolicySummary", world.scpSummary(policy, world.organization!)), ("Content", .string(content))]))
                ])
            })
        ops.append(
            Operation(
                "organizations", "list-policies", api: "ListPolicies", "List the organization's policies of a type (--filter SERVICE_CONTROL_POLICY).",
                flags: [Flag("--filter", required: true)]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                try scpType(try call.required("--filter"), operation: call.api)
                let org = world.organization!
                return .object([("Policies", .array(org.policies.map { world.scpSummary($0, org) }))])
            })
        ops.append(
            Operation(
                "organizations", "describe-policy", api: "DescribePolicy", "Show a policy and its content.", flags: [Flag("--policy-id", required: true)]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                let org = world.organization!
                let p = try world.scp(try call.required("--policy-id"), operation: call.api)
                return .object([("Policy", .object([("PolicySummary", world.scpSummary(p, org)), ("Content", .string(p.content))]))])
            })
        ops.append(
            Operation(
                "organizations", "attach-policy", api: "AttachPolicy", "Attach an SCP to the root (every account) or to one account.",
                flags: [Flag("--policy-id", required: true), Flag("--target-id", required: true)]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                let p = try world.scp(try call.required("--policy-id"), operation: call.api)
                let target = try world.scpTarget(try call.required("--target-id"), operation: call.api)
                var list = world.organization!.attachments[target] ?? []
                guard !list.contains(p.id) else {
                    throw AWSError(
                        .duplicatePolicyAttachmentException, "The selected policy is already attached to the specified target.", operation: call.api)
                }
                guard list.count < 5 else {
                    throw AWSError(
                        .constraintViolationException, "You have attached the maximum number of policies to the specified target.", operation: call.api)
                }
                list.append(p.id)
                world.organization!.attachments[target] = list
                world.applySCPs()
                return nil
            })
        ops.append(
            Operation(
                "organizations", "detach-policy", api: "DetachPolicy", "Detach an SCP from the root or an account (one must stay attached).",
                flags: [Flag("--policy-id", required: true), Flag("--target-id", required: true)]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                let p = try world.scp(try call.required("--policy-id"), operation: call.api)
                let target = try world.scpTarget(try call.required("--target-id"), operation: call.api)
                var list = world.organization!.attachments[target] ?? []
                guard let i = list.firstIndex(of: p.id) else {
                    throw AWSError(
                        .policyNotAttachedException, "The policy isn't attached to the specified target in the specified root.", operation: call.api)
                }
                guard list.count > 1 else {
                    throw AWSError(
                        .constraintViolationException,
                        "You cannot remove the last policy attached to the specified target. You must have at least one attached.",
                        operation: call.api)
                }
                list.remove(at: i)
                world.organization!.attachments[target] = list
                world.applySCPs()
                return nil
            })
        ops.append(
            Operation(
                "organizations", "list-policies-for-target", api: "ListPoliciesForTarget", "List the SCPs attached to the root or to one account.",
                flags: [Flag("--target-id", required: true), Flag("--filter", required: true)]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                try scpType(try call.required("--filter"), operation: call.api)
                let target = try world.scpTarget(try call.required("--target-id"), operation: call.api)
                let org = world.organization!
                let ids = org.attachments[target] ?? []
                return .object([("Policies", .array(org.policies.filter { ids.contains($0.id) }.map { world.scpSummary($0, org) }))])
            })
        ops.append(
            Operation(
                "organizations", "delete-policy", api: "DeletePolicy", "Delete an SCP that nothing has attached.", flags: [Flag("--policy-id", required: true)]
            ) { world, call throws(AWSError) in
                _ = try world.organizationCall(&call)
                let p = try world.scp(try call.required("--policy-id"), operation: call.api)
                guard !p.awsManaged else {
                    throw AWSError(.accessDeniedException, "You don't have permissions to access this resource.", operation: call.api)
                }
                guard !world.organization!.attachments.values.contains(where: { $0.contains(p.id) }) else {
                    throw AWSError(
                        .policyInUseException,
                        "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.",
                        operation: call.api)
                }
                world.organization!.policies.removeAll { $0.id == p.id }
                return nil
            })
        return ops
    }

    func scp(_ id: String, operation: String) throws(AWSError) -> Organization.SCP {
        guard let p = organization?.policies.first(where: { $0.id == id }) else {
            throw AWSError(.policyNotFoundException, "We can't find a policy with the PolicyId that you specified.", operation: operation)
        }
        return p
    }

    /// A policy target: the root's id or a member account's id; SCPs must be enabled.
    func scpTarget(_ id: String, operation: String) throws(AWSError) -> String {
        guard let org = organization, id == org.rootId || org.members.contains(id) else {
            throw AWSError(
                .targetNotFoundException, "We can't find a root, OU, account, or policy with the TargetId that you specified.", operation: operation)
        }
        guard org.scpEnabled else {
            throw AWSError(.policyTypeNotEnabledException, "This operation can be performed only for enabled policy types.", operation: operation)
        }
        return id
    }

    func handshakeJSON(_ id: String, account: String, state: String) -> JSONOutput {
        guard let org = organization else { return .null }
        return .object([
            ("Id", .string(id)), ("Arn", .string("arn:aws:organizations::\(org.management):handshake/\(org.id)/invite/\(id)")),
            (
                "Parties",
                .array([
                    .object([("Id", .string(String(org.id.dropFirst(2)))), ("Type", .string("ORGANIZATION"))]),
                    .object([("Id", .string(account)), ("Type", .string("ACCOUNT"))]),
                ])
            ),
            ("State", .string(state)), ("RequestedTimestamp", .string(clock.iso8601)),
            ("ExpirationTimestamp", .string(SimulatedClock.iso8601(clock.now + 15 * 86400))),
            ("Action", .string("INVITE")),
        ])
    }
}
