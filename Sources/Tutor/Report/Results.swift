import Foundation
import Policy

/// One learner's results, as handed to an instructor: what they did on every step of the pack,
/// with a checksum so that casual edits show. (Deterrence, not DRM: anyone who reads this code
/// can recompute it.)
public struct LearnerResults: Codable, Sendable, Equatable {
    public struct Pack: Codable, Sendable, Equatable {
        public var id: String
        public var version: String
        /// A hash of the pack's files: results from another edition of the lessons show.
        public var hash: String

        public init(id: String, version: String, hash: String) {
            self.id = id
            self.version = version
            self.hash = hash
        }
    }

    public struct StepResult: Codable, Sendable, Equatable {
        public var id: String
        /// question, predict or task.
        public var kind: StepLabel
        /// passed, failed, skipped, or open (written as `result`).
        public var status: StepStatus
        public var attempts: Int
        public var wrongChoices: [String]
        public var hints: Int
        public var sawSolution: Bool
        public var seconds: Int
        /// For a task done: how its design was graded (written as `grade`).
        public var design: Grade?
        /// For a task: how often an attack got into the learner's design.
        public var refused: Int?
        /// For a task: the lesson's rejected designs the learner's designs matched.
        public var rejected: [String]?
        /// For a task: the attacks that got in.
        public var breaches: [String]?
        /// For a task: the goals still failing when the learner checked, skipped or handed it in.
        public var failedGoals: [String]?
        /// When the learner last acted on the step (seconds since 1970, the learner's clock).
        public var at: Int?

        enum CodingKeys: String, CodingKey {
            case id, kind, status = "result", attempts, wrongChoices, hints, sawSolution, seconds, design = "grade", refused, rejected, breaches,
                failedGoals, at
        }

    }

    public struct LessonResult: Codable, Sendable, Equatable {
        public var id: String
        public var finished: Bool
        /// Taken under the exam switch (counted apart from practice).
        public var exam: Bool?
        public var steps: [StepResult]
    }

    /// The format this tutor writes and reads.
    public static let format = "iam-tutor-results/1"
    public var format = LearnerResults.format
    public var learner: String
    /// The data folder's learner id (absent in files from before it was kept): a learner who
    /// exported twice counts once, by their latest export.
    public var learnerID: String?
    /// When the file was exported (seconds since 1970, the learner's clock): the latest wins.
    public var exportedAt: Int?
    public var pack: Pack
    public var lessons: [LessonResult]
    public var checksum: String = ""

    /// The checksum of everything but the checksum itself.
    public var computedChecksum: String {
        var copy = self
        copy.checksum = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(copy)) ?? Data()
        return "fnv1a64:" + ContentHash.fnv1a64(Array(data))
    }

    public var isIntact: Bool { checksum == computedChecksum }

    /// The results of a learner's progress over a pack, sealed with their checksum.
    public init(learner: String, pack: Pack, lessons: [Lesson], progress: LearnerProgress, exportedAt: Int? = nil) {
        self.learner = learner
        self.learnerID = progress.learnerID
        self.exportedAt = exportedAt
        self.pack = pack
        self.lessons = lessons.map { lesson in
            let record = progress.lessons[lesson.id]
            return LessonResult(
                id: lesson.id, finished: record?.finished ?? false, exam: record?.exam,
                steps: lesson.steps.filter(\.isInteractive).map { step in
                    let r = record?.steps[step.id]
                    return StepResult(
                        id: step.id, kind: step.label, status: r?.result ?? .open, attempts: r?.attempts ?? 0, wrongChoices: r?.wrongChoices ?? [],
                        hints: r?.hintsUsed ?? 0, sawSolution: r?.sawSolution ?? false, seconds: r?.seconds ?? 0, design: r?.grade, refused: r?.refused,
                        rejected: r?.rejected, breaches: r?.breaches, failedGoals: r?.failedGoals, at: r?.at)
                })
        }
        checksum = computedChecksum
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Reads a results file (of this format).
    /// - Throws: where the file is wrong and how (`lessons.0.steps.1.result: "pased" is not one of …`).
    public static func decode(_ bytes: [UInt8]) throws(ResultsError) -> LearnerResults {
        /// Only a file that says it is a results file is told where it is wrong.
        struct Header: Decodable { var format: String? }
        guard (try? JSONDecoder().decode(Header.self, from: Data(bytes)))?.format == LearnerResults.format else { throw ResultsError(problem: nil) }
        do {
            return try JSONDecoder().decode(LearnerResults.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ResultsError(located: error)
        } catch {
            throw ResultsError(problem: nil)
        }
    }
}

/// Why a results file could not be read.
public struct ResultsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the file is wrong and how, when it is JSON with a wrong field; nil when it is not
    /// JSON at all.
    public var problem: String?

    init(problem: String?) { self.problem = problem }

    init(located error: DecodingError) { problem = error.field }

    public var description: String {
        "not an iam-tutor results file" + (problem.map { " (\($0))" } ?? "")
    }
}

/// Hashes for content (not for secrets).
public enum ContentHash {
    public static func fnv1a64(_ bytes: [UInt8]) -> String {
        let hex = String(Policy.fnv1a64(bytes), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
