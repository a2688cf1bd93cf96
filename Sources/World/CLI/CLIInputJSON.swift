import Policy

/// `--cli-input-json`, as the AWS CLI (version 1) reads it (awscli `customizations/cliinputjson.py`):
/// a JSON object whose keys are the operation's input members (`{"UserName": "dana"}`), given
/// inline or as `file://PATH`. Its members fill the parameters the command line left unset (an
/// option given explicitly wins), the CLI stops requiring its required options, and botocore then
/// checks the request: unknown members, members of the wrong type, required members missing.
extension World {
    /// Takes `--cli-input-json VALUE` out of the arguments of an operation that has a service
    /// model (the `s3` transfer commands and `configure` have none), reading `file://` values.
    static func extractCLIInputJSON(_ args: inout [String], operation: Operation, readFile: FileReader) throws(AWSError) -> String? {
        guard let i = args.firstIndex(of: "--cli-input-json"), ServiceModel.operation(operation.service, operation.name) != nil else { return nil }
        guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else { throw AWSError(usage: "argument --cli-input-json: expected one argument") }
        var text = args[i + 1]
        if text.hasPrefix("file://") {
            let path = String(text.dropFirst("file://".count))
            guard let content = readFile(path) else {
                throw AWSError(parameter: "--cli-input-json", "Unable to load paramfile \(text): [Errno 2] No such file or directory: '\(path)'")
            }
            text = content
        }
        args.removeSubrange(i...(i + 1))
        return text
    }

    /// Fills `values` (by flag) from the JSON's members that the command line left unset; returns
    /// what botocore finds wrong with the members (unknown ones, wrong types), said after the
    /// required members that are missing.
    static func mergeCLIInputJSON(_ text: String, into values: inout [String: String], model: ServiceModel, operation: Operation) throws(AWSError)
        -> [String]
    {
        let source = Array(text.utf8)
        let root: JSONNode
        do {
            root = try JSONParser.parse(source)
        } catch {
            throw AWSError(parameter: "cli-input-json", "Invalid JSON: \(error.message)\nJSON received: \(text)")
        }
        guard let members = root.members else {
            throw AWSError(
                validation:
                    "Invalid type for parameter input, value: \(SimulationRequest.show(root)), type: \(SimulationRequest.pythonType(root)), valid types: <class 'dict'>"
            )
        }
        var memberNames: [String] = []
        for argument in model.arguments { if let m = argument.member, !memberNames.contains(m) { memberNames.append(m) } }
        var problems: [String] = []
        for member in members {
            guard memberNames.contains(member.key) else {
                problems.append("Unknown parameter in input: \"\(member.key)\", must be one of: \(memberNames.joined(separator: ", "))")
                continue
            }
            let arguments = model.arguments.filter { $0.member == member.key && $0.kind != .negatedBoolean }
            // An option given on the command line wins over the JSON (only unset parameters are filled).
            guard !arguments.contains(where: { values[$0.flag] != nil }) else { continue }
            guard let argument = arguments.first else { continue }
            guard operation.flags.contains(where: { $0.name == argument.flag }) else {
                throw AWSError(
                    usage:
                        "the simulated world does not take \(member.key) (\(argument.flag) of aws \(operation.service) \(operation.name)); leave it out, or see `help \(operation.name)` for the options it takes"
                )
            }
            let node = member.value
            let raw = String(decoding: source[node.start..<node.end], as: UTF8.self)
            func wrongType(_ valid: String) {
                // Given, though of the wrong type: not also missing.
                values[argument.flag] = raw
                problems.append(
                    "Invalid type for parameter \(member.key), value: \(SimulationRequest.show(node)), type: \(SimulationRequest.pythonType(node)), valid types: \(valid)"
                )
            }
            switch argument.kind {
            case .string, .blob, .timestamp:
                guard let s = node.string else {
                    wrongType("<class 'str'>")
                    continue
                }
                values[argument.flag] = s
            case .integer:
                guard case .number(let n) = node.kind, !n.contains("."), !n.lowercased().contains("e") else {
                    wrongType("<class 'int'>")
                    continue
                }
                values[argument.flag] = n
            case .double:
                guard case .number(let n) = node.kind else {
                    wrongType("<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>")
                    continue
                }
                values[argument.flag] = n
            case .boolean, .negatedBoolean:
                guard case .bool(let b) = node.kind else {
                    wrongType("<class 'bool'>")
                    continue
                }
                values[argument.flag] = b ? "true" : "false"
            case .list:
                guard case .array(let list) = node.kind else {
                    wrongType("<class 'list'>, <class 'tuple'>")
                    continue
                }
                // Lists of strings are words; lists of structures keep their JSON form.
                let words = list.compactMap(\.string)
                values[argument.flag] = words.count == list.count && !list.isEmpty ? words.joined(separator: "\u{1F}") : raw
            case .structure, .map:
                guard node.members != nil else {
                    wrongType("<class 'dict'>")
                    continue
                }
                values[argument.flag] = raw
            case .positional:
                continue
            }
        }
        return problems
    }
}
