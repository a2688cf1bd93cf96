import Policy

/// A flag an operation takes.
public struct Flag: Sendable {
    public enum Kind: Sendable { case string, integer, boolean, json, list, shorthand }
    public var name: String
    public var kind: Kind
    public var required: Bool
    public var help: String
    /// The values the flag takes, when the service names them (offered by completion).
    public var choices: [String]

    public init(_ name: String, _ kind: Kind = .string, required: Bool = false, _ help: String = "", choices: [String] = []) {
        self.name = name
        self.kind = kind
        self.required = required
        self.help = help
        self.choices = choices
    }
}

/// One `aws SERVICE OPERATION`: its flags, and what it does to the world.
public struct Operation: Sendable {
    public var service: String
    public var name: String
    /// The API name, as errors and the trail name it (`CreateUser`).
    public var api: String
    public var summary: String
    public var flags: [Flag]
    /// Positional arguments (the `s3` commands): their names, for help and for errors.
    public var positionals: [String]
    /// How many positional arguments are required.
    public var requiredPositionals: Int
    let run: @Sendable (inout World, inout Call) throws(AWSError) -> JSONOutput?

    init(
        _ service: String, _ name: String, api: String, _ summary: String, flags: [Flag] = [], positionals: [String] = [], required: Int? = nil,
        run: @escaping @Sendable (inout World, inout Call) throws(AWSError) -> JSONOutput?
    ) {
        self.service = service
        self.name = name
        self.api = api
        self.summary = summary
        self.flags = flags
        self.positionals = positionals
        self.requiredPositionals = required ?? positionals.count
        self.run = run
    }

    /// The service's endpoint, as the trail names it.
    public var eventSource: String {
        switch service {
        case "s3api": "s3.amazonaws.com"
        case "accessanalyzer": "access-analyzer.amazonaws.com"
        default: "\(service).amazonaws.com"
        }
    }
}

/// One invocation being carried out: its flag values and what it touched.
public struct Call: Sendable {
    public var operation: Operation
    public var values: [String: String]
    public var positionals: [String]
    public var profile: String
    /// Whether `--profile` was given (otherwise `profile` is the one the prompt acts as).
    public var profileGiven = false
    public var region: String
    /// Resource ARNs the call touched, for the trail.
    public var resources: [String] = []
    /// Who made the call, once resolved (for the trail).
    public var actor: Actor?

    public var api: String { operation.api }
    /// The text of the local file a command uploads (`s3 cp FILE …`, `--body FILE`), read by the shell.
    public var localFile: String?

    public func string(_ flag: String) -> String? { values[flag] }

    /// A required flag's value (the parser has checked it is there).
    public func required(_ flag: String) throws(AWSError) -> String {
        guard let v = values[flag] else { throw AWSError(usage: "the following arguments are required: \(flag)") }
        return v
    }

    public func integer(_ flag: String) throws(AWSError) -> Int? {
        guard let v = values[flag] else { return nil }
        guard let n = Self.pythonInteger(v) else { throw AWSError(plain: "invalid literal for int() with base 10: '\(v)'") }
        return n
    }

    public func bool(_ flag: String) -> Bool { values[flag] == "true" }

    /// A list flag's values (space-separated words on the command line).
    public func list(_ flag: String) -> [String] {
        values[flag].map { $0.split(separator: "\u{1F}").map(String.init) } ?? []
    }

    /// `Key=Value,Key2=Value2` shorthand, as a dictionary.
    public func shorthand(_ flag: String) -> [String: String] {
        var out: [String: String] = [:]
        for item in list(flag) {
            for pair in item.split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2 { out[kv[0]] = kv[1] }
            }
        }
        return out
    }

    /// Resolves the caller, as AWS authenticates the request.
    public mutating func actor(_ world: inout World) throws(AWSError) -> Actor {
        let a = try world.actor(profile: profile, operation: api)
        try World.checkSessionTokenScope(a, service: operation.service, operation: api)
        if let key = a.accessKeyId { world.noteKeyUse(key, service: operation.service == "s3api" ? "s3" : operation.service, region: region) }
        // The service checks the request's values once it knows who sends it.
        try World.checkConstraints(self)
        try World.checkServiceValues(self)
        actor = a
        return a
    }
}
