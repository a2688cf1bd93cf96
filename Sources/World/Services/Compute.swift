import Policy

extension World {
    /// An instance, its members in the EC2 model's order (as the CLI prints them).
    func instanceJSON(_ i: Instance) -> JSONOutput {
        var m: [(String, JSONOutput)] = []
        if let p = i.instanceProfile, let account = account(i.account), let ip = account.instanceProfiles.first(where: { $0.name == p }) {
            m.append(("IamInstanceProfile", .object([("Arn", .string(ip.arn(account.id))), ("Id", .string(ip.id))])))
        }
        if !i.tags.isEmpty { m.append(("Tags", Self.tagsJSON(i.tags))) }
        return .object(
            m + [
                ("InstanceId", .string(i.id)), ("ImageId", .string(i.imageId)),
                ("State", .object([("Code", .integer(Self.stateCode(i.state))), ("Name", .string(i.state.rawValue))])),
                ("InstanceType", .string(i.type)), ("LaunchTime", .string(SimulatedClock.iso8601(i.launched))),
                ("Placement", .object([("AvailabilityZone", .string(i.region + "a"))])), ("PrivateIpAddress", .string(i.privateIp)),
                ("PublicIpAddress", .string(i.publicIp)),
            ])
    }

    static func stateCode(_ s: Instance.State) -> Int {
        switch s {
        case .pending: 0
        case .running: 16
        case .stopping: 64
        case .stopped: 80
        case .terminated: 48
        }
    }

    /// The state StartInstances, StopInstances and TerminateInstances answer with while the
    /// instance changes (EC2 API Reference `API_InstanceState.html`: 0 pending, 32 shutting-down,
    /// 64 stopping; the CLI's examples for `stop-instances`, `start-instances`, `terminate-instances`).
    static func transition(to state: Instance.State) -> (Int, String) {
        switch state {
        case .running: (0, "pending")
        case .stopped: (64, "stopping")
        case .terminated: (32, "shutting-down")
        case .pending, .stopping: (stateCode(state), state.rawValue)
        }
    }

    public func instanceContext(_ i: Instance) -> [String: String] {
        var c = ["ec2:InstanceType": i.type, "ec2:Region": i.region]
        for tag in i.tags {
            c["ec2:ResourceTag/\(tag.key)"] = tag.value
            c["aws:ResourceTag/\(tag.key)"] = tag.value
        }
        return c
    }

    /// Start, stop and terminate share their shape.
    static func instanceStateOperation(_ name: String, api: String, summary: String, to state: Instance.State) -> Operation {
        Operation("ec2", name, api: api, summary, flags: [Flag("--instance-ids", .list, required: true)]) { world, call throws(AWSError) in
            let actor = try call.actor(&world)
            var changes: [JSONOutput] = []
            for id in call.list("--instance-ids") {
                guard let k = world.instances.firstIndex(where: { $0.id == id && $0.account == actor.account }) else {
                    throw AWSError(.invalidInstanceIDNotFound, "The instance ID '\(id)' does not exist", operation: call.api)
                }
                let instance = world.instances[k]
                call.resources.append(instance.arn)
                try world.authorize(actor, Access("ec2:\(api)", on: instance.arn, context: world.instanceContext(instance)), operation: call.api)
                guard instance.state != .terminated || state == .terminated else {
                    throw AWSError(
                        .incorrectInstanceState, "The instance '\(id)' is not in a state from which it can be \(state.rawValue).", operation: call.api)
                }
                world.instances[k].state = state
                // The answer shows the state the instance is passing through (stopping, pending,
                // shutting-down); the simulated world completes the change at once.
                let (code, shown) = instance.state == state ? (stateCode(state), state.rawValue) : transition(to: state)
                changes.append(
                    .object([
                        ("InstanceId", .string(id)),
                        ("CurrentState", .object([("Code", .integer(code)), ("Name", .string(shown))])),
                        ("PreviousState", .object([("Code", .integer(stateCode(instance.state))), ("Name", .string(instance.state.rawValue))])),
                    ]))
            }
            let key = name == "terminate-instances" ? "TerminatingInstances" : name == "stop-instances" ? "StoppingInstances" : "StartingInstances"
            return .object([(key, .array(changes))])
        }
    }

    static func computeOperations() -> [Operation] {
        var ops: [Operation] = []
        ops.append(
            Operation(
                "ec2", "run-instances", api: "RunInstances", "Launch instances; --iam-instance-profile Name=X gives them a role.",
                flags: [
                    Flag("--image-id", required: true), Flag("--instance-type"), Flag("--count", .integer), Flag("--iam-instance-profile", .shorthand),
                    Flag("--tag-specifications", .list), Flag("--key-name"), Flag("--subnet-id"),
                ]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let type = call.string("--instance-type") ?? "t3.micro"
                let count = try call.integer("--count") ?? 1
                guard (1...20).contains(count) else {
                    throw AWSError(
                        .instanceLimitExceeded, "You have requested more instances (\(count)) than your current instance limit of 20 allows.",
                        operation: call.api)
                }
                var tags: [Tag] = []
                for spec in call.list("--tag-specifications") {
                    // ResourceType=instance,Tags=[{Key=Owner,Value=dana}]
                    if let open = spec.firstIndex(of: "["), let close = spec.lastIndex(of: "]") {
                        for item in spec[spec.index(after: open)..<close].split(separator: "}") {
                            let clean = item.filter { $0 != "{" && $0 != "}" }.trimmed { $0 == "," }
                            tags += parseTags([clean])
                        }
                    }
                }
                var profileName: String?
                var roleArn: String?
                if !call.shorthand("--iam-instance-profile").isEmpty {
                    let spec = call.shorthand("--iam-instance-profile")
                    let name = spec["Name"] ?? spec["Arn"].map { String($0.split(separator: "/").last ?? "") } ?? ""
                    guard let ip = world.accounts[a].instanceProfiles.first(where: { $0.name == name }) else {
                        throw AWSError(
                            .invalidParameterValue, "Value (\(name)) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
                            operation: call.api)
                    }
                    profileName = ip.name
                    if let role = ip.role { roleArn = world.accounts[a].role(role)?.arn(world.accounts[a].id) }
                }
                var launched: [Instance] = []
                for _ in 0..<count {
                    let id = world.ids.hex("i-0", digits: 16)
                    let instance = Instance(
                        id: id, account: world.accounts[a].id, region: call.region, type: type, imageId: try call.required("--image-id"), state: .running,
                        launched: world.clock.now, instanceProfile: profileName, tags: tags,
                        privateIp: "10.0.\(world.ids.next() % 250 + 1).\(world.ids.next() % 250 + 2)",
                        publicIp: "54.\(world.ids.next() % 200 + 10).\(world.ids.next() % 250 + 1).\(world.ids.next() % 250 + 2)")
                    call.resources.append(instance.arn)
                    var context = world.instanceContext(instance)
                    for tag in tags { context["aws:RequestTag/\(tag.key)"] = tag.value }
                    try world.authorize(actor, Access("ec2:RunInstances", on: instance.arn, context: context), operation: call.api)
                    // Handing a role to an instance needs permission to pass it.
                    if let roleArn {
                        try world.authorize(
                            actor, Access("iam:PassRole", on: roleArn, context: ["iam:PassedToService": "ec2.amazonaws.com"]), operation: call.api,
                            service: "ec2")
                    }
                    launched.append(instance)
                }
                world.instances += launched
                for instance in launched {
                    world.setProfile(Profile(name: instance.id, credential: .instance(instance.id), sourceIp: instance.publicIp, region: instance.region))
                }
                if let first = launched.first {
                    let role = roleArn.flatMap { ARN($0) }
                    let trusted = role.map { world.serviceMayAssume("ec2.amazonaws.com", role: $0.resourceName, account: $0.account) } ?? false
                    world.notice =
                        "code on the instance signs as profile \(first.id)"
                        + (roleArn.map {
                            trusted
                                ? ": the CLI there picks up the role \($0) by itself"
                                : ", but the role \($0) does not trust ec2.amazonaws.com: the instance gets no credentials until its trust policy names EC2"
                        } ?? " (it has no role: it can only use keys copied onto it)")
                }
                // The answer shows each instance pending (EC2 API Reference `API_RunInstances.html`);
                // the simulated world has it running at once.
                let pending = launched.map { instance in
                    var shown = instance
                    shown.state = .pending
                    return world.instanceJSON(shown)
                }
                return .object([("OwnerId", .string(world.accounts[a].id)), ("Instances", .array(pending))])
            })
        ops.append(
            Operation("ec2", "describe-instances", api: "DescribeInstances", "List instances.", flags: [Flag("--instance-ids", .list)]) {
                world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, Access("ec2:DescribeInstances", on: "*", context: ["ec2:Region": call.region]), operation: call.api)
                let wanted = call.list("--instance-ids")
                let list = world.instances.filter { $0.account == actor.account && (wanted.isEmpty || wanted.contains($0.id)) }
                // Ids asked for that the account does not have (EC2 API reference, Error codes:
                // InvalidInstanceID.NotFound, one id or several).
                let missing = wanted.filter { id in !list.contains { $0.id == id } }
                if missing.count == 1 {
                    throw AWSError(.invalidInstanceIDNotFound, "The instance ID '\(missing[0])' does not exist", operation: call.api)
                } else if missing.count > 1 {
                    throw AWSError(.invalidInstanceIDNotFound, "The instance IDs '\(missing.joined(separator: ", "))' do not exist", operation: call.api)
                }
                return .object([
                    ("Reservations", .array(list.map { .object([("OwnerId", .string($0.account)), ("Instances", .array([world.instanceJSON($0)]))]) }))
                ])
            })
        ops.append(instanceStateOperation("terminate-instances", api: "TerminateInstances", summary: "Terminate instances (for good).", to: .terminated))
        ops.append(instanceStateOperation("stop-instances", api: "StopInstances", summary: "Stop instances.", to: .stopped))
        ops.append(instanceStateOperation("start-instances", api: "StartInstances", summary: "Start stopped instances.", to: .running))
        ops.append(
            Operation(
                "ec2", "associate-iam-instance-profile", api: "AssociateIamInstanceProfile", "Give a running instance a role through an instance profile.",
                flags: [Flag("--instance-id", required: true), Flag("--iam-instance-profile", .shorthand, required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let a = world.iamAccount(actor)
                let id = try call.required("--instance-id")
                guard let k = world.instances.firstIndex(where: { $0.id == id && $0.account == actor.account }) else {
                    throw AWSError(.invalidInstanceIDNotFound, "The instance ID '\(id)' does not exist", operation: call.api)
                }
                try world.authorize(actor, Access("ec2:AssociateIamInstanceProfile", on: world.instances[k].arn), operation: call.api)
                let name = call.shorthand("--iam-instance-profile")["Name"] ?? ""
                guard let ip = world.accounts[a].instanceProfiles.first(where: { $0.name == name }) else {
                    throw AWSError(
                        .invalidParameterValue, "Value (\(name)) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
                        operation: call.api)
                }
                guard world.instances[k].instanceProfile == nil else {
                    throw AWSError(.incorrectState, "There is an existing association for instance \(id)", operation: call.api)
                }
                if let role = ip.role, let arn = world.accounts[a].role(role)?.arn(world.accounts[a].id) {
                    try world.authorize(
                        actor, Access("iam:PassRole", on: arn, context: ["iam:PassedToService": "ec2.amazonaws.com"]), operation: call.api,
                        service: "ec2")
                }
                world.instances[k].instanceProfile = ip.name
                return .object([
                    (
                        "IamInstanceProfileAssociation",
                        .object([
                            ("AssociationId", .string(world.ids.hex("iip-assoc-0", digits: 16))), ("InstanceId", .string(id)),
                            ("IamInstanceProfile", .object([("Arn", .string(ip.arn(world.accounts[a].id))), ("Id", .string(ip.id))])),
                            ("State", .string("associating")),
                        ])
                    )
                ])
            })
        ops.append(
            Operation(
                "ec2", "create-tags", api: "CreateTags", "Tag instances.",
                flags: [Flag("--resources", .list, required: true), Flag("--tags", .list, required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                for id in call.list("--resources") {
                    guard let k = world.instances.firstIndex(where: { $0.id == id && $0.account == actor.account }) else {
                        throw AWSError(.invalidID, "The ID '\(id)' is not valid", operation: call.api)
                    }
                    try world.authorize(
                        actor, Access("ec2:CreateTags", on: world.instances[k].arn, context: world.instanceContext(world.instances[k])), operation: call.api)
                    for tag in parseTags(call.list("--tags")) {
                        world.instances[k].tags.removeAll { $0.key == tag.key }
                        world.instances[k].tags.append(tag)
                    }
                }
                return nil
            })

        // MARK: Lambda
        ops.append(
            Operation(
                "lambda", "create-function", api: "CreateFunction", "Create a function that runs as its execution role.",
                flags: [
                    Flag("--function-name", required: true), Flag("--role", required: true), Flag("--runtime"), Flag("--handler"), Flag("--zip-file"),
                ]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--function-name")
                let roleArn = try call.required("--role")
                let function = LambdaFunction(
                    name: name, account: actor.account, region: call.region, role: roleArn, runtime: call.string("--runtime") ?? "python3.12",
                    handler: call.string("--handler") ?? "app.handler", created: world.clock.now)
                call.resources = [function.arn]
                try world.authorize(actor, Access("lambda:CreateFunction", on: function.arn), operation: call.api)
                try world.authorize(
                    actor, Access("iam:PassRole", on: roleArn, context: ["iam:PassedToService": "lambda.amazonaws.com"]), operation: call.api,
                    service: "lambda")
                let roleName = String(roleArn.split(separator: "/").last ?? "")
                guard let role = world.account(actor.account)?.role(roleName) else {
                    throw AWSError(.invalidParameterValueException, "The role defined for the function cannot be assumed by Lambda.", operation: call.api)
                }
                // Lambda must be able to assume the role: its trust policy has to name lambda.amazonaws.com.
                let trust = role.compiledTrust.named("trust-policy", type: "resource")
                let request = AuthorizationRequest(
                    caller: .service("lambda.amazonaws.com"), action: "sts:AssumeRole", resource: roleArn, resourceAccount: actor.account)
                guard Evaluator.decide(request, PolicySet(resourcePolicy: trust, resourcePolicyMustAllow: true)).decision == .allowed else {
                    throw AWSError(.invalidParameterValueException, "The role defined for the function cannot be assumed by Lambda.", operation: call.api)
                }
                guard !world.functions.contains(where: { $0.account == actor.account && $0.name == name }) else {
                    throw AWSError(.resourceConflictException, "Function already exist: \(name)", operation: call.api)
                }
                world.functions.append(function)
                world.setProfile(Profile(name: name, credential: .function(account: actor.account, name: name), sourceIp: "3.80.0.10", region: call.region))
                world.notice = "code in the function signs as profile \(name), with the role \(roleArn)"
                return .object([
                    ("FunctionName", .string(name)), ("FunctionArn", .string(function.arn)), ("Runtime", .string(function.runtime)),
                    ("Role", .string(roleArn)), ("Handler", .string(function.handler)), ("State", .string("Active")),
                ])
            })
        ops.append(
            Operation(
                "lambda", "invoke", api: "Invoke", "Invoke a function.", flags: [Flag("--function-name", required: true), Flag("--payload")],
                positionals: ["<outfile>"]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--function-name")
                guard let function = world.functions.first(where: { $0.name == name || $0.arn == name }) else {
                    throw AWSError(
                        .resourceNotFoundException, "Function not found: arn:aws:lambda:\(call.region):\(actor.account):function:\(name)", operation: call.api)
                }
                call.resources = [function.arn]
                try world.authorize(actor, Access("lambda:InvokeFunction", on: function.arn), operation: call.api)
                return .object([("StatusCode", .integer(200)), ("ExecutedVersion", .string("$LATEST"))])
            })

        // MARK: DynamoDB
        ops.append(
            Operation(
                "dynamodb", "create-table", api: "CreateTable", "Create a table.",
                flags: [
                    Flag("--table-name", required: true), Flag("--attribute-definitions", .list), Flag("--key-schema", .list),
                    Flag("--billing-mode"),
                ]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let name = try call.required("--table-name")
                let key = call.shorthand("--key-schema")["AttributeName"] ?? "id"
                let table = Table(name: name, account: actor.account, region: call.region, keyAttribute: key, created: world.clock.now)
                call.resources = [table.arn]
                try world.authorize(actor, Access("dynamodb:CreateTable", on: table.arn), operation: call.api)
                guard !world.tables.contains(where: { $0.arn == table.arn }) else {
                    throw AWSError(.resourceInUseException, "Table already exists: \(name)", operation: call.api)
                }
                world.tables.append(table)
                return .object([
                    ("TableDescription", .object([("TableName", .string(name)), ("TableStatus", .string("ACTIVE")), ("TableArn", .string(table.arn))]))
                ])
            })
        ops.append(
            Operation(
                "dynamodb", "put-item", api: "PutItem", "Write an item.", flags: [Flag("--table-name", required: true), Flag("--item", .json, required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let t = try world.table(call, actor)
                let item = try call.required("--item")
                let key = (try? JSONParser.parse(item))?[world.tables[t].keyAttribute].map { JSONOutput($0).compact } ?? item
                world.tables[t].items[key] = item
                return nil
            })
        ops.append(
            Operation(
                "dynamodb", "get-item", api: "GetItem", "Read an item by its key.",
                flags: [Flag("--table-name", required: true), Flag("--key", .json, required: true)]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let t = try world.table(call, actor)
                let keyText = try call.required("--key")
                let key = (try? JSONParser.parse(keyText))?[world.tables[t].keyAttribute].map { JSONOutput($0).compact } ?? keyText
                guard let item = world.tables[t].items[key] else { return .object([]) }
                return .object([("Item", documentJSON(item))])
            })
        ops.append(
            Operation("dynamodb", "scan", api: "Scan", "Read every item.", flags: [Flag("--table-name", required: true)]) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                let t = try world.table(call, actor)
                let items = world.tables[t].items.sorted { $0.key < $1.key }.map { documentJSON($0.value) }
                return .object([
                    ("Items", .array(items)), ("Count", .integer(items.count)), ("ScannedCount", .integer(items.count)), ("ConsumedCapacity", .null),
                ])
            })
        return ops
    }

    /// The table a DynamoDB item call names, once the call (`dynamodb:` + its API) is authorized
    /// on the table's ARN; a missing table is reported only to a caller allowed to ask, as AWS does.
    mutating func table(_ call: Call, _ actor: Actor) throws(AWSError) -> Int {
        let name = try call.required("--table-name")
        let arn = "arn:aws:dynamodb:\(call.region):\(actor.account):table/\(name)"
        try authorize(actor, Access("dynamodb:\(call.api)", on: arn), operation: call.api)
        guard let t = tables.firstIndex(where: { $0.arn == arn }) else {
            throw AWSError(.resourceNotFoundException, "Requested resource not found", operation: call.api)
        }
        return t
    }
}
