import Policy

extension World {
    static func trailOperations() -> [Operation] {
        [
            Operation(
                "cloudtrail", "lookup-events", api: "LookupEvents", "Find who did what, as whom: the account's trail, newest first.",
                flags: [Flag("--lookup-attributes", .shorthand), Flag("--max-results", .integer), Flag("--start-time"), Flag("--end-time")]
            ) { world, call throws(AWSError) in
                let start = try Self.timestamp(call, "--start-time", parameter: "StartTime")
                let end = try Self.timestamp(call, "--end-time", parameter: "EndTime")
                let actor = try call.actor(&world)
                try world.authorize(actor, Access("cloudtrail:LookupEvents", on: "*"), operation: call.api)
                let filter = call.shorthand("--lookup-attributes")
                let keys = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"]
                if let key = filter["AttributeKey"], !keys.contains(key) {
                    throw AWSError(
                        .invalidLookupAttributesException, "Invalid attribute key: \(key). Valid keys: \(keys.joined(separator: ", "))", operation: call.api)
                }
                let value = filter["AttributeValue"]
                var events = world.trail.filter { $0.account == actor.account }
                if let start { events = events.filter { $0.time >= start } }
                if let end { events = events.filter { $0.time <= end } }
                if let key = filter["AttributeKey"], let value {
                    events = events.filter { e in
                        switch key {
                        case "EventName": e.name == value
                        case "Username": e.username == value
                        case "EventSource": e.source == value
                        case "AccessKeyId": e.identity.accessKeyId == value
                        case "ResourceName": e.resources.contains { $0 == value || $0.hasSuffix("/" + value) || $0.hasSuffix(":" + value) }
                        case "EventId": e.id == value
                        case "ReadOnly": (e.readOnly ? "true" : "false") == value
                        default: true
                        }
                    }
                }
                let limit = try call.integer("--max-results") ?? 50
                let shown = events.reversed().prefix(max(1, min(limit, 50)))
                return .object([
                    (
                        "Events",
                        .array(
                            shown.map { e in
                                var m: [(String, JSONOutput)] = [
                                    ("EventId", .string(e.id)), ("EventName", .string(e.name)),
                                    ("ReadOnly", .string(e.readOnly ? "true" : "false")),
                                ]
                                if let k = e.identity.accessKeyId { m.append(("AccessKeyId", .string(k))) }
                                m += [
                                    ("EventTime", .string(SimulatedClock.iso8601(e.time))), ("EventSource", .string(e.source)),
                                    ("Username", .string(e.username)),
                                    ("Resources", .array(e.resources.map { .object([("ResourceName", .string($0))]) })),
                                    ("CloudTrailEvent", .string(e.json.compact)),
                                ]
                                return .object(m)
                            })
                    )
                ])
            }
        ]
    }

    /// A timestamp flag, refused as the CLI refuses one it cannot parse (botocore's parameter
    /// validation), before the call is sent; a time outside the clock's range is one it cannot hold.
    static func timestamp(_ call: Call, _ flag: String, parameter: String) throws(AWSError) -> Int? {
        guard let text = call.string(flag) else { return nil }
        guard let time = SimulatedClock.parseTime(text) else {
            throw AWSError(
                validation:
                    "Invalid type for parameter \(parameter), value: \(text), type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string")
        }
        return time
    }

    /// Every operation the simulated CLI knows, in one table that parsing, help and completion share.
    public static let operations: [Operation] =
        iamOperations() + stsOperations() + s3Operations() + computeOperations() + trailOperations() + organizationsOperations()
        + accessAnalyzerOperations() + configureOperations()

    /// The services, in the order help lists them.
    public static let services: [String] = {
        var seen: [String] = []
        for op in operations where !seen.contains(op.service) { seen.append(op.service) }
        return seen
    }()
}
