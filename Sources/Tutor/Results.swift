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
        public var kind: String
        /// passed, skipped, or open.
        public var result: String
        public var attempts: Int
        public var wrongChoices: [String]
        public var hints: Int
        public var sawSolution: Bool
        public var seconds: Int
        public var grade: String?
    }

    public struct LessonResult: Codable, Sendable, Equatable {
        public var id: String
        public var finished: Bool
        public var steps: [StepResult]
    }

    public var format = "iam-tutor-results/1"
    public var learner: String
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
    public init(learner: String, pack: Pack, lessons: [Lesson], progress: LearnerProgress) {
        self.learner = learner
        self.pack = pack
        self.lessons = lessons.map { lesson in
            let record = progress.lessons[lesson.id]
            return LessonResult(
                id: lesson.id, finished: record?.finished ?? false,
                steps: lesson.steps.filter(\.isInteractive).map { step in
                    let r = record?.steps[step.id]
                    return StepResult(
                        id: step.id, kind: step.label, result: r?.result ?? "open", attempts: r?.attempts ?? 0, wrongChoices: r?.wrongChoices ?? [],
                        hints: r?.hintsUsed ?? 0, sawSolution: r?.sawSolution ?? false, seconds: r?.seconds ?? 0, grade: r?.grade)
                })
        }
        checksum = computedChecksum
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// Hashes for content (not for secrets).
public enum ContentHash {
    public static func fnv1a64(_ bytes: [UInt8]) -> String {
        let hex = String(Policy.fnv1a64(bytes), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
