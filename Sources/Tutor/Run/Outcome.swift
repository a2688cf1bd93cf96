import World

/// What a lesson run did in answer to the learner: data for the shell to render (marks, colour,
/// wrapping are the shell's). A learner's action gives a few of these, in order: what became of
/// the answer, then the next step shown.
public enum Outcome: Sendable {
    // MARK: - Steps shown

    /// A narration step.
    case narration(String)
    /// Presenter mode: a narration step waits for Enter.
    case waitingForEnter
    /// A question, its choices in the learner's order.
    case question(position: Position, text: String, choices: [(letter: String, text: String)], several: Bool)
    /// A prediction to make: allowed or denied.
    case prediction(position: Position, text: String)
    /// A task, and how to go about it (`exam`: handed in with `next`, judged at the end).
    case task(position: Position, text: String, exam: Bool)
    /// The lesson's closing recap.
    case recap(String)
    /// At the end of an exam: every answer with what was right.
    case examReview(ExamReview)
    /// The lesson is finished.
    case lessonDone(lesson: String)

    // MARK: - Answers

    /// In an exam: the answer is kept, without a verdict.
    case recorded
    /// The right answer, with the lesson's feedback on the choices picked.
    case answeredRight(feedback: String)
    /// A wrong answer: the lesson's feedback on each wrong choice picked (none: the right
    /// choices were picked, but not all of them).
    case answeredWrong(feedback: [String], solutionOffered: Bool)
    /// A prediction, right or not, and what the engine decided.
    case predicted(right: Bool, allowed: Bool, detail: String, explain: String)

    // MARK: - Tasks

    /// The goals hold, but an attack got in: the task stays open.
    case designRefused(AttackReport)
    /// The goals hold and the design stands up to attack: the task is done.
    case taskDone(TaskDone)
    /// `check`: each goal, met or not; once they hold, the attacks.
    case checked(goals: [GoalResult], attack: AttackReport?)
    /// In an exam, the task was handed in.
    case handedIn
    /// The step was skipped (a task is solved with its reference solution).
    case skipped(step: String)
    /// The step starts again.
    case stepReset

    // MARK: - Help

    /// A hint, of the step's tiers.
    case hint(number: Int, of: Int, text: String)
    /// The answer, once enough tries unlock it.
    case solution(Solution)
    /// `solution` before enough tries.
    case solutionLocked(triesLeft: Int)
    /// What the learner asked for cannot be done now, and why.
    case refused(Refusal)

    /// A step's place among the lesson's questions and tasks: `2/5`.
    public struct Position: Sendable, Equatable {
        public var number: Int
        public var of: Int
    }

    /// One goal of a task, checked.
    public struct GoalResult: Sendable {
        public var goal: Goal
        public var holds: Bool
        /// What the engine found (met: how; failing: why).
        public var finding: String
    }

    /// A task done: the goals the simulation confirms, the attacks tried, and the grade.
    public struct TaskDone: Sendable {
        public var goals: [GoalResult]
        public var attack: AttackReport?
        /// `best` or `acceptable`.
        public var grade: Grade
        /// For an acceptable design: why a better one exists (the lesson's words), and the `best:`
        /// goals it misses.
        public var betterBecause: String?
        public var missing: [String]
        /// For an acceptable design: what else it allows that the task does not need.
        public var extras: [Probe]
    }

    /// The answer `solution` shows.
    public enum Solution: Sendable, Equatable {
        /// A question's right letters.
        case letters([String])
        /// A prediction: either answer shows what happens.
        case eitherWay
        /// A task's reference solution.
        case commands([String])
        /// A step with nothing to solve.
        case nothing
    }

    /// Why a command of the lesson did nothing.
    public enum Refusal: Sendable, Equatable {
        case lessonOver
        case noTaskOpen
        case examChecksAtEnd
        case examNoHints
        case hintsOff
        case noHints
        case examNoSolutions
        case solutionsOff
        case skipOff
        case firstStep
    }
}

/// The review at the end of an exam: the score, then each answer with what was right.
public struct ExamReview: Sendable {
    public var right: Int
    public var total: Int
    public var answers: [Answer]

    public struct Answer: Sendable {
        /// 1, 2, … among the exam's questions and tasks.
        public var number: Int
        public var right: Bool
        public var step: Step
    }

    public enum Step: Sendable {
        /// A question: the right choices, and the wrong ones picked (none, when answered wrong:
        /// only part of the right ones).
        case question(text: String, right: [Question.Choice], wrongPicked: [Question.Choice])
        /// A prediction, and what it met (nil: nothing noted, then `answered` says whether it
        /// was answered at all).
        case prediction(text: String, met: ExamNote?, answered: Bool, explain: String)
        /// A task handed in (nil: never handed in), and one solution.
        case task(text: String, met: ExamNote?, solution: [String])
    }
}

/// What an exam answer met, kept for the review and said nowhere before it.
public enum ExamNote: Sendable {
    /// A prediction: what the learner said, and what the engine decided.
    case predicted(allowed: Bool, it: Bool, detail: String, explain: String)
    /// A task handed in: done with its grade, or not done with the goals that failed and who
    /// got in (each at most three).
    case handedIn(grade: Grade, failing: [String], breaches: [(who: String, action: String)])
}
