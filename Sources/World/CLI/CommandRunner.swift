import Policy

/// What one `aws …` command printed.
public struct CommandOutcome: Sendable {
    /// Standard output (the response, formatted).
    public var output: String
    public var error: AWSError?
    /// A sentence for the learner about what the command changed besides its output (a profile
    /// made or switched, an instance that gets no credentials).
    public var notice: String?
    /// The last authorization decision the command met, for `why` (nil: none was evaluated —
    /// the CLI refused the command, or it needed no authorization).
    public var decision: DecisionRecord?
    /// What the CLI asked on the terminal, with the answer given (`Enter MFA code for …: 123456`).
    public var prompts: [String] = []
    public var exitStatus: Int32 { error?.exitStatus ?? 0 }

    public init(output: String, error: AWSError? = nil, notice: String? = nil, decision: DecisionRecord? = nil, prompts: [String] = []) {
        self.output = output
        self.error = error
        self.notice = notice
        self.decision = decision
        self.prompts = prompts
    }
}

/// Reads `file://` parameters; the world itself does no I/O, so the shell passes this in.
public typealias FileReader = @Sendable (String) -> String?

extension World {
    /// The AWS CLI's global options the world reads (the one list: parsing and completion use it).
    public enum GlobalOptions {
        /// Options followed by a value.
        public static let withValue = ["--profile", "--region", "--output", "--query", "--endpoint-url", "--color"]
        /// Options that stand alone.
        public static let switches = ["--no-cli-pager", "--no-paginate"]
        public static var all: [String] { withValue + switches }
        /// The formats `--output` takes.
        /// AWS CLI version 1's formats (`yaml` came with version 2).
        public static let outputs = ["json", "text", "table"]
    }

    /// Runs one `aws …` command line against the world.
    public mutating func run(_ line: String, readFile: FileReader = { _ in nil }) -> CommandOutcome {
        notice = nil
        lastDecision = nil
        prompts = []
        var outcome: CommandOutcome
        do {
            let words = try ShellWords.split(line)
            do {
                outcome = try run(words: words, readFile: readFile)
            } catch {
                outcome = CommandOutcome(output: "", error: error)
            }
        } catch {
            outcome = CommandOutcome(output: "", error: AWSError(usage: "the command has an unclosed quote; close it, or continue it on the next line"))
        }
        // What the command said and met goes out with its outcome: the world keeps no UI state.
        outcome.notice = notice
        outcome.decision = lastDecision
        outcome.prompts = prompts
        notice = nil
        lastDecision = nil
        prompts = []
        return outcome
    }

    mutating func run(words input: [String], readFile: FileReader) throws(AWSError) -> CommandOutcome {
        var words = input
        guard words.first == "aws" else { throw AWSError(usage: "commands start with aws, such as: aws iam list-users") }
        words.removeFirst()
        // Global options may stand anywhere.
        var profile = currentProfile
        var region: String?
        var output = "json"
        var query: String?
        var noPaginate = false
        var rest: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            switch w {
            case _ where GlobalOptions.withValue.contains(w):
                guard i + 1 < words.count else { throw AWSError(usage: "argument \(w): expected one argument") }
                let v = words[i + 1]
                if w == "--profile" { profile = v }
                if w == "--region" { region = v }
                if w == "--output" {
                    guard GlobalOptions.outputs.contains(v) else { throw AWSError.invalidChoice("--output", v, among: GlobalOptions.outputs) }
                    output = v
                }
                if w == "--query" { query = v }
                i += 2
            case _ where GlobalOptions.switches.contains(w):
                if w == "--no-paginate" { noPaginate = true }
                i += 1
            default:
                rest.append(w)
                i += 1
            }
        }
        let services = Self.services
        guard let service = rest.first else {
            throw AWSError(
                usage:
                    "the following arguments are required: command\n\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\ncommands: \(services.joined(separator: ", "))"
            )
        }
        guard services.contains(service) else {
            throw AWSError.invalidChoice("command", service, among: services.sorted())
        }
        let operations = Self.operations.filter { $0.service == service }
        guard rest.count >= 2 else {
            throw AWSError(
                usage:
                    "the following arguments are required: operation\n\nusage: aws \(service) <operation> [parameters]\noperations: \(operations.map(\.name).joined(separator: ", "))"
            )
        }
        guard let operation = operations.first(where: { $0.name == rest[1] }) else {
            // The real CLI lists every operation of the service (alphabetically, from its model);
            // these are the ones this world carries out.
            throw AWSError.invalidChoice("operation", rest[1], among: operations.map(\.name).sorted())
        }
        var arguments = Array(rest.dropFirst(2))
        // A paginated operation also takes the CLI's own --max-items, --starting-token and --page-size.
        let pages = Pagination.paginators[operation.api] == nil ? Pagination.Request() : try Pagination.extract(&arguments, noPaginate: noPaginate)
        var call = try Self.parse(arguments, for: operation, readFile: readFile)
        call.profile = profile
        call.profileGiven = profile != currentProfile || words.contains("--profile")
        call.region = region ?? self.profile(profile)?.region ?? defaultRegion
        let before = trail.count
        do {
            var response = try operation.run(&self, &call)
            record(call, error: nil, since: before)
            if noPaginate, let paged = response, let model = ServiceModel.operation(operation.service, operation.name) {
                response = model.unpaged(paged)
            }
            guard let response else { return CommandOutcome(output: "") }
            let paged = Pagination.apply(pages, to: response, api: operation.api)
            return CommandOutcome(output: try Self.format(paged, output: output, query: query, title: operation.api))
        } catch {
            record(call, error: error, since: before)
            throw error
        }
    }

    static func parse(_ input: [String], for operation: Operation, readFile: FileReader) throws(AWSError) -> Call {
        var args = input
        let inputJSON = try extractCLIInputJSON(&args, operation: operation, readFile: readFile)
        var values: [String: String] = [:]
        var positionals: [String] = []
        var i = 0
        var unknown: [String] = []
        while i < args.count {
            let arg = args[i]
            guard arg.hasPrefix("--") else {
                positionals.append(arg)
                i += 1
                continue
            }
            if let flag = operation.flags.first(where: { $0.name == arg }) {
                switch flag.kind {
                case .boolean:
                    values[arg] = "true"
                    i += 1
                case .list, .shorthand:
                    var items: [String] = []
                    i += 1
                    while i < args.count, !args[i].hasPrefix("--") {
                        var item = args[i]
                        if item.hasPrefix("file://") {
                            let path = String(item.dropFirst("file://".count))
                            guard let text = readFile(path) else {
                                throw AWSError(parameter: arg, "Unable to load paramfile \(item): [Errno 2] No such file or directory: '\(path)'")
                            }
                            item = text
                        }
                        items.append(item)
                        i += 1
                    }
                    guard !items.isEmpty else { throw AWSError(usage: "argument \(arg): expected at least one argument") }
                    values[arg] = items.joined(separator: "\u{1F}")
                default:
                    guard i + 1 < args.count else { throw AWSError(usage: "argument \(arg): expected one argument") }
                    var value = args[i + 1]
                    if value.hasPrefix("file://") {
                        let path = String(value.dropFirst("file://".count))
                        guard let text = readFile(path) else {
                            throw AWSError(parameter: arg, "Unable to load paramfile \(value): [Errno 2] No such file or directory: '\(path)'")
                        }
                        value = text
                    }
                    values[arg] = value
                    i += 2
                }
            } else if arg.hasPrefix("--no-"), let flag = operation.flags.first(where: { $0.name == "--" + arg.dropFirst(5) && $0.kind == .boolean }) {
                values[flag.name] = "false"
                i += 1
            } else {
                // The CLI names the option and the words after it that no option takes.
                unknown.append(arg)
                i += 1
                while i < args.count, !args[i].hasPrefix("--") {
                    unknown.append(args[i])
                    i += 1
                }
            }
        }
        let model = ServiceModel.operation(operation.service, operation.name)
        let unknownOptions = unknown.first.map { first in
            // An option the real CLI takes but the simulated world does not: not the CLI's
            // "Unknown options", which would be untrue.
            if let model, let real = unknown.first(where: { word in model.arguments.contains { $0.flag == word } }) {
                return AWSError(
                    usage:
                        "the simulated world does not take \(real) (an option of aws \(operation.service) \(operation.name)); leave it out, or see `help \(operation.name)` for the options it takes"
                )
            }
            let hint = Suggestion.closest(to: first, among: operation.flags.map(\.name)).map { ", did you mean \($0)?" } ?? ""
            return AWSError(plain: "Unknown options: \(unknown.joined(separator: ", "))\(hint)")
        }
        if let model {
            var inputProblems: [String] = []
            if let inputJSON, unknownOptions == nil {
                inputProblems = try mergeCLIInputJSON(inputJSON, into: &values, model: model, operation: operation)
            }
            try validate(
                model, given: values, positionals: positionals.count, unknown: unknownOptions, fromInputJSON: inputJSON != nil, inputProblems: inputProblems)
        }
        if let unknownOptions { throw unknownOptions }
        try checkBucketNamesBeforeSending(operation, values: values, positionals: positionals)
        for flag in operation.flags where flag.kind == .integer {
            if let value = values[flag.name], Call.pythonInteger(value) == nil { throw AWSError(plain: "invalid literal for int() with base 10: '\(value)'") }
        }
        let missing = operation.flags.filter { $0.required && values[$0.name] == nil }.map(\.name)
        if !missing.isEmpty, inputJSON == nil {
            throw AWSError(usage: "the following arguments are required: \(missing.joined(separator: ", "))")
        }
        if positionals.count < operation.requiredPositionals {
            let names = operation.positionals[positionals.count..<operation.requiredPositionals]
            throw AWSError(usage: "the following arguments are required: \(names.joined(separator: ", "))")
        }
        if positionals.count > operation.positionals.count {
            throw AWSError(plain: "Unknown options: \(positionals[operation.positionals.count...].joined(separator: ", "))")
        }
        var call = Call(operation: operation, values: values, positionals: positionals, profile: "", region: "")
        // Uploads read their local file.
        if operation.service == "s3", operation.name == "cp", let source = positionals.first, s3Path(source) == nil {
            call.localFile = readFile(source)
        }
        if let body = values["--body"] { call.localFile = readFile(body) }
        return call
    }

    /// Appends the call to the trail of the caller's account (and of the resource's, across accounts).
    mutating func record(_ call: Call, error: AWSError?, since: Int) {
        guard let actor = call.actor else { return }
        // What the CLI refuses is never sent: only the service's answers are on the trail.
        if let error, error.code == nil { return }
        // The event history holds management events only.
        if TrailEvent.isDataEvent(source: call.operation.eventSource, name: call.api) { return }
        let s = actor.session
        var identity = TrailEvent.Identity(type: "IAMUser", arn: actor.arn(in: self), accountId: actor.account, accessKeyId: actor.accessKeyId)
        switch actor.kind {
        case .root: identity.type = "Root"
        case .user(_, let name): identity.userName = name
        case .session(let session):
            switch session.kind {
            case .role(let a, let role, _):
                identity.type = "AssumedRole"
                identity.sessionIssuer = account(a)?.role(role)?.arn(a) ?? "arn:aws:iam::\(a):role/\(role)"
            case .userToken(_, let name):
                identity.userName = name
            case .rootToken:
                identity.type = "Root"
            case .federatedUser:
                identity.type = "FederatedUser"
                identity.sessionIssuer = session.issuedBy
            }
            identity.mfaAuthenticated = s?.mfaAuthenticated != nil
        }
        let event = TrailEvent(
            id: newEventId(),
            time: clock.now, source: call.operation.eventSource, name: call.api, region: call.region, sourceIp: actor.profile.sourceIp,
            identity: identity, resources: call.resources, errorCode: error?.code?.rawValue, errorMessage: error?.code == nil ? nil : error?.message,
            account: actor.account)
        trail.append(event)
    }

    mutating func newEventId() -> String {
        ids.hex("", digits: 8) + "-" + ids.hex("", digits: 4) + "-" + ids.hex("", digits: 4) + "-" + ids.hex("", digits: 4) + "-" + ids.hex("", digits: 12)
    }

    /// Records that a service (EC2 for an instance, Lambda for a function) assumed a role to hand
    /// its credentials to the workload: CloudTrail's `AWSService` AssumeRole event
    /// (CloudTrail UG `cloudtrail-event-reference-user-identity.html`, "AWSService").
    mutating func recordServiceAssumeRole(service: String, account: String, role: String) {
        let identity = TrailEvent.Identity(type: "AWSService", arn: "", accountId: account, invokedBy: service)
        let roleArn = self.account(account)?.role(role)?.arn(account) ?? "arn:aws:iam::\(account):role/\(role)"
        trail.append(
            TrailEvent(
                id: newEventId(), time: clock.now, source: "sts.amazonaws.com", name: "AssumeRole", region: defaultRegion, sourceIp: service,
                identity: identity, resources: [roleArn], errorCode: nil, errorMessage: nil, account: account))
    }

    /// Formats a response as `--output` and `--query` ask.
    static func format(_ value: JSONOutput, output: String, query: String?, title: String = "") throws(AWSError) -> String {
        var value = value
        if let query {
            value = try JMESPath.evaluate(query, on: value)
        } else if case .string(let text) = value {
            // The high-level s3 commands print lines of text, not JSON.
            return text
        }
        switch output {
        case "text": return TextOutput.render(value)
        case "table": return TableOutput.render(value, title: title)
        default: return value.pretty()
        }
    }
}
