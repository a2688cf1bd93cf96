import World

/// A lesson: narration, questions and hands-on tasks over a world set up for it.
public struct Lesson: Sendable {
    public var id: String
    public var title: String
    public var summary: String
    public var minutes: Int
    public var teaches: [String]
    /// Accounts of the lesson's world (id and alias); the first is home.
    public var accounts: [(id: String, alias: String)]
    /// Commands run silently, as root of the home account, before the first step.
    public var world: [String]
    /// The profile the learner starts as.
    public var startAs: String
    /// Tries (or all hints) before `solution` shows the answer; nil means never.
    public var solutionAfter: Int? = 2
    public var steps: [Step]
    /// The file it was read from.
    public var file: String

    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }
}

/// One step of a lesson.
public struct Step: Sendable {
    /// Indirect: a task is large, and steps are copied on threads with small stacks.
    public indirect enum Kind: Sendable {
        case say(String)
        case ask(Question)
        case predict(Prediction)
        case task(Task)
        case recap(String)
    }

    public var id: String
    public var kind: Kind
    /// Tiered hints: a nudge, then which entity, then the exact command.
    public var hints: [String]
    /// Where the step starts in its file.
    public var line: Int
    /// The concepts the step makes the learner practise (for a task or a prediction) or tells.
    public var teaches: [String] = []

    public var isInteractive: Bool {
        switch kind {
        case .ask, .predict, .task: true
        case .say, .recap: false
        }
    }

    public var label: StepLabel {
        switch kind {
        case .say: .say
        case .ask: .question
        case .predict: .predict
        case .task: .task
        case .recap: .recap
        }
    }
}

public struct Question: Sendable {
    public struct Choice: Sendable {
        public var id: String
        public var text: String
        public var correct: Bool
        /// Names the misconception behind the choice (or why it is right).
        public var feedback: String
    }

    public var text: String
    public var choices: [Choice]
    public var correctIDs: [String] { choices.filter(\.correct).map(\.id) }
}

/// The learner predicts allowed or denied; the engine then decides.
public struct Prediction: Sendable {
    public var text: String
    public var check: Goal
    /// Said after the reveal, whatever the guess.
    public var explain: String
}

public struct Task: Sendable {
    public var text: String
    public var goals: [Goal]
    /// Goals that tell the best design from one that merely works; when they fail, the task
    /// passes as "acceptable" with `bestBecause` said.
    public var best: [Goal] = []
    public var bestBecause: String?
    /// Insecure or wrong designs a learner may try: each must fail the goals.
    public var rejects: [Design]
    public var solution: [String]
    /// Other correct designs (narrower ones among them): each must pass, as best.
    public var accepts: [Design] = []
    /// Principals meant to get in, beyond those the `can` goals name (`account/ID`, …).
    public var trusted: [PrincipalSpec] = []
    /// What the task needs, beyond what the `can` goals ask: an action (pattern) on a resource
    /// (pattern; `*` for any).
    public var needs: [(action: String, resource: String)] = []

    /// Whether AWS refusing a command this way is what the task asks the learner to see (a
    /// `refused` goal names its operation and error): such a command in a solution is meant.
    public func expects(_ error: AWSError) -> Bool {
        guard case .service(let code, let operation) = error.kind else { return false }
        return goals.contains { goal in
            if case .refused(let event, let wanted) = goal { return event == operation && wanted == code.rawValue }
            return false
        }
    }
}

public struct Design: Sendable {
    public var name: String
    public var commands: [String]
    public var because: String
}
