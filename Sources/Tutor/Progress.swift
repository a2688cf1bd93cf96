import Foundation

/// What a learner did on one step.
public struct StepRecord: Codable, Sendable, Equatable {
    /// `passed`, `skipped`, or nil while open.
    public var result: String?
    public var attempts = 0
    /// The wrong choices picked, in order (question ids), or `allowed`/`denied` for a wrong prediction.
    public var wrongChoices: [String] = []
    public var hintsUsed = 0
    public var sawSolution = false
    public var seconds = 0
    /// For a task with a best design: `best` or `acceptable`.
    public var grade: String?

    public init() {}
}

public struct LessonRecord: Codable, Sendable, Equatable {
    public var steps: [String: StepRecord] = [:]
    /// The step to resume at.
    public var current: String?
    public var finished = false
    public init() {}
}

/// Everything saved for a learner: kept after every answer, written atomically.
public struct LearnerProgress: Codable, Sendable, Equatable {
    public var version = 1
    public var lessons: [String: LessonRecord] = [:]
    /// The lesson in progress, if any.
    public var currentLesson: String?
    /// This learner's seed: the order of a question's choices (and, later, per-learner values).
    public var seed: UInt64?
    /// The learner's name for the instructor, asked once at the first export.
    public var learner: String?
    public init() {}

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    public static func decode(_ data: Data) throws -> LearnerProgress {
        try JSONDecoder().decode(LearnerProgress.self, from: data)
    }

    /// `3/7`, `done`, or empty: the mark the menu shows.
    public func mark(lesson id: String, interactive: Int) -> String {
        guard let record = lessons[id] else { return "" }
        if record.finished { return "done" }
        let done = record.steps.values.filter { $0.result != nil }.count
        return done == 0 ? "started" : "\(min(done, interactive))/\(interactive)"
    }
}

/// Where progress is kept: the shell gives a file; tests give memory.
public protocol ProgressStore: Sendable {
    func load() throws -> LearnerProgress?
    func save(_ progress: LearnerProgress) throws
}

/// A progress file in the data folder, written to a temporary file, flushed, then renamed, so a
/// crash never leaves half a file. A file that cannot be read is moved aside, never silently reset.
public struct FileProgressStore: ProgressStore {
    public let path: String

    public init(folder: String) {
        path = folder + "/progress.json"
    }

    public func load() throws -> LearnerProgress? {
        guard let text = Files.read(path) else { return nil }
        let data = Data(text.utf8)
        do {
            return try LearnerProgress.decode(data)
        } catch {
            let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
            try? FileManager.default.moveItem(atPath: path, toPath: aside)
            throw ProgressError.corrupt(movedTo: aside)
        }
    }

    public func save(_ progress: LearnerProgress) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temp = path + ".tmp-\(getpid())"
        let data = progress.encoded()
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw ProgressError.cannotWrite(path) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == data.count, rename(temp, path) == 0 else {
            unlink(temp)
            throw ProgressError.cannotWrite(path)
        }
    }
}

public enum ProgressError: Error, CustomStringConvertible {
    case corrupt(movedTo: String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .corrupt(let aside): "the progress file could not be read; it was moved aside to \(aside) and a new one begins"
        case .cannotWrite(let path): "could not save progress to \(path)"
        }
    }
}

/// LearnerProgress kept in memory (tests, and when no data folder can be written).
public final class MemoryProgressStore: ProgressStore, @unchecked Sendable {
    public var saved: LearnerProgress?
    public init(_ progress: LearnerProgress? = nil) { saved = progress }
    public func load() throws -> LearnerProgress? { saved }
    public func save(_ progress: LearnerProgress) throws { saved = progress }
}
