/// The kinds of policy that take part in a decision (UG `reference_policies_evaluation-logic.html`).
public enum PolicyType: String, Sendable, Hashable, CaseIterable {
    case serviceControlPolicy = "service control policy"
    case resourceBased = "resource-based policy"
    case trust = "role trust policy"
    case identityBased = "identity-based policy"
    case permissionsBoundary = "permissions boundary"
    case session = "session policy"

    /// "a" or "an", for sentences.
    public var article: String { self == .identityBased ? "an" : "a" }
}

/// A policy ready for evaluation: its document compiled once, with the name the trace and the
/// simulator's `MatchedStatements` use for it.
public final class CompiledPolicy: Sendable {
    /// `SourcePolicyId`: an input position such as `PolicyInputList.1`, or a policy's name or ARN.
    public let id: String
    /// `SourcePolicyType` as the simulator reports it (`IAM Policy`, `user`, `group`, `role`,
    /// `aws-managed`, `user-managed`, `resource`, …).
    public let sourceType: String
    public let document: PolicyDocument
    let statements: [CompiledStatement]
    /// Shared by every renamed copy: what was compiled once, as a key (`IdentityProgram.cached`).
    let origin: Origin

    final class Origin: Sendable {}

    private init(id: String, sourceType: String, document: PolicyDocument, statements: [CompiledStatement], origin: Origin) {
        self.id = id
        self.sourceType = sourceType
        self.document = document
        self.statements = statements
        self.origin = origin
    }

    /// The same compiled statements under another name (for the trace): nothing is parsed or
    /// compiled again.
    public func renamed(id: String, sourceType: String) -> CompiledPolicy {
        CompiledPolicy(id: id, sourceType: sourceType, document: document, statements: statements, origin: origin)
    }

    /// Compiles a parsed document.
    public init(_ document: PolicyDocument, id: String, sourceType: String = "IAM Policy") {
        self.id = id
        self.sourceType = sourceType
        self.document = document
        let substitute = document.substitutesVariables
        self.statements = document.statements.enumerated().map { CompiledStatement($1, index: $0, substitute: substitute) }
        origin = Origin()
    }

    /// Parses and compiles a policy's JSON text.
    public convenience init(json: String, kind: PolicyKind, id: String, sourceType: String = "IAM Policy") throws(PolicyError) {
        self.init(try PolicyDocument.parse(json, kind: kind), id: id, sourceType: sourceType)
    }

    public var statementCount: Int { statements.count }
}

/// A resource pattern: compiled now, or resolved per request when it holds policy variables.
enum ResourcePattern: Sendable {
    case glob(Glob)
    case template(VariableTemplate)
}

final class CompiledStatement: Sendable {
    let source: PolicyStatement
    let index: Int
    let isDeny: Bool
    let notAction: Bool
    /// Lower-cased action patterns.
    let actions: [Glob]
    /// The same, packed for scanning.
    let packedActions: GlobArena
    /// The resource patterns, when none holds a policy variable (nil too with no Resource element).
    let staticResources: [Glob]?
    /// The same, packed for scanning.
    let packedResources: GlobArena?
    /// nil: the statement has no Resource element (resource-based and trust policies).
    let notResource: Bool
    let resources: [ResourcePattern]?
    let conditions: [CompiledCondition]
    /// The Principal or NotPrincipal element (resource-based and trust policies only).
    let principal: PrincipalElement?

    init(_ s: PolicyStatement, index: Int, substitute: Bool) {
        source = s
        principal = s.principal
        self.index = index
        isDeny = s.effect == .deny
        switch s.action {
        case .action(let list):
            notAction = false
            actions = list.map { Glob($0, lowercased: true) }
        case .notAction(let list):
            notAction = true
            actions = list.map { Glob($0, lowercased: true) }
        }
        func pattern(_ text: String) -> ResourcePattern {
            let template = VariableTemplate(text, substitute: substitute, from: arnResourceOffset(text))
            if let units = template.staticUnits { return .glob(Glob(units: units)) }
            return .template(template)
        }
        switch s.resource {
        case .resource(let list)?:
            notResource = false
            resources = list.map(pattern)
        case .notResource(let list)?:
            notResource = true
            resources = list.map(pattern)
        case nil:
            notResource = false
            resources = nil
        }
        conditions = s.conditions.map { CompiledCondition($0, substitute: substitute) }
        packedActions = GlobArena(actions)
        var globs: [Glob] = []
        for case .glob(let g) in resources ?? [] { globs.append(g) }
        staticResources = resources != nil && globs.count == resources!.count ? globs : nil
        packedResources = staticResources.map(GlobArena.init)
    }
}
