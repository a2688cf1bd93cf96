import Policy

extension World {
    /// `aws accessanalyzer validate-policy`: IAM Access Analyzer's policy validation, the findings
    /// of `PolicyChecks` in the shape of botocore's model (`findings`: findingDetails, findingType,
    /// issueCode, learnMoreLink, locations with path and span). The caller needs
    /// `access-analyzer:ValidatePolicy`.
    /// Docs: Access Analyzer API reference `API_ValidatePolicy.html`, `API_Location.html`, `API_Position.html`.
    static func accessAnalyzerOperations() -> [Operation] {
        [
            Operation(
                "accessanalyzer", "validate-policy", api: "ValidatePolicy",
                "Check a policy against IAM's grammar and best practices: errors, security warnings, warnings and suggestions, each pointing at its place.",
                flags: [
                    Flag("--policy-document", .json, required: true), Flag("--policy-type", required: true, choices: PolicyCheckType.allCases.map(\.rawValue)),
                    Flag("--locale", choices: ["DE", "EN", "ES", "FR", "IT", "JA", "KO", "PT_BR", "ZH_CN", "ZH_TW"]),
                    Flag("--validate-policy-resource-type", choices: Self.validatePolicyResourceTypes),
                ]
            ) { world, call throws(AWSError) in
                let actor = try call.actor(&world)
                try world.authorize(actor, world.access("access-analyzer:ValidatePolicy", on: "*"), operation: call.api, service: "access-analyzer")
                var problems: [String] = []
                let typeText = try call.required("--policy-type")
                let type = PolicyCheckType(rawValue: typeText)
                if type == nil {
                    problems.append(enumProblem(typeText, "policyType", PolicyCheckType.allCases.map(\.rawValue)))
                }
                let locales = ["DE", "EN", "ES", "FR", "IT", "JA", "KO", "PT_BR", "ZH_CN", "ZH_TW"]
                if let locale = call.string("--locale"), !locales.contains(locale) {
                    problems.append(enumProblem(locale, "locale", locales))
                }
                let resourceType = call.string("--validate-policy-resource-type")
                if let resourceType, !Self.validatePolicyResourceTypes.contains(resourceType) {
                    problems.append(enumProblem(resourceType, "validatePolicyResourceType", Self.validatePolicyResourceTypes))
                }
                if !problems.isEmpty {
                    let count = problems.count == 1 ? "1 validation error detected" : "\(problems.count) validation errors detected"
                    throw AWSError(.validationException, "\(count): \(problems.joined(separator: "; "))", operation: call.api)
                }
                // A resource type belongs to resource policies only (seen as `InvalidInput`).
                if resourceType != nil, type != .resource {
                    throw AWSError(.validationException, "InvalidInput", operation: call.api)
                }
                let document = try call.required("--policy-document")
                let findings = PolicyChecks.validate(document, type: type!, resourceType: resourceType)
                let source = Array(document.utf8)
                return .object([("findings", .array(findings.map { findingJSON($0, source: source) }))])
            }
        ]
    }

    /// The resource types `--validate-policy-resource-type` takes (botocore's model).
    static let validatePolicyResourceTypes = [
        "AWS::S3::Bucket", "AWS::S3::AccessPoint", "AWS::S3::MultiRegionAccessPoint", "AWS::S3ObjectLambda::AccessPoint",
        "AWS::IAM::AssumeRolePolicyDocument", "AWS::DynamoDB::Table",
    ]

    static func enumProblem(_ value: String, _ member: String, _ allowed: [String]) -> String {
        "Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"
    }

    static func findingJSON(_ f: PolicyFinding, source: [UInt8]) -> JSONOutput {
        func position(_ offset: Int) -> JSONOutput {
            let p = PolicyChecks.position(of: offset, in: source)
            return .object([("line", .integer(p.line)), ("column", .integer(p.column)), ("offset", .integer(p.offset))])
        }
        let path: [JSONOutput] = f.path.map { step in
            switch step {
            case .key(let k): .object([("value", .string(k))])
            case .index(let i): .object([("index", .integer(i))])
            }
        }
        let location = JSONOutput.object([("path", .array(path)), ("span", .object([("start", position(f.start)), ("end", position(f.end))]))])
        return .object([
            ("findingDetails", .string(f.details)), ("findingType", .string(f.kind.rawValue)), ("issueCode", .string(f.issueCode)),
            ("learnMoreLink", .string(f.learnMoreLink)), ("locations", .array([location])),
        ])
    }
}
