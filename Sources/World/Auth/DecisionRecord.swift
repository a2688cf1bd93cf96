import Policy

/// A decision and the request it answered, kept for `why`.
///
/// An `aws` call decides on the engine's fast path; the whole trace is made from the request and
/// its policies only when someone reads `decision` (`why`, an attack opened with `why N`).
public struct DecisionRecord: Sendable {
    public var request: AuthorizationRequest
    private var explained: Decision?
    private var policies: PolicySet?
    /// For `sts:AssumeRole`: the trust policy's half, as its own decision.
    public var note: String?

    /// The decision with its trace.
    public var decision: Decision {
        get { explained ?? Evaluator.explain(request, policies ?? PolicySet()) }
        set { explained = newValue }
    }

    public init(request: AuthorizationRequest, decision: Decision, note: String? = nil) {
        self.request = request
        self.explained = decision
        self.note = note
    }

    /// A record explained on demand: the engine's trace is made when `decision` is read.
    public init(request: AuthorizationRequest, policies: PolicySet) {
        self.request = request
        self.policies = policies
    }
}
