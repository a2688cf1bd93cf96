import Foundation
import Tutor

/// This data folder's membership of a class (`class.json`): the join address, the learner's id
/// and secret, and the last sequence number used. Made once, at join; kept until `--class off`.
public struct ClassMembership: Codable, Sendable, Equatable {
    public var url: String
    public var learnerId: String
    public var secret: String
    public var seq = 0

    public static let fileName = "class.json"

    /// A new membership: the data folder's learner id (its progress's, without dashes) when it
    /// has one, else a random one the progress then takes (`progressID`); a random secret, from
    /// the system's generator.
    public static func joining(_ address: ClassAddress, learnerID: String? = nil) -> ClassMembership {
        var generator = SystemRandomNumberGenerator()
        func hex(_ words: Int) -> String {
            (0..<words).map { _ in
                let h = String(generator.next() as UInt64, radix: 16)
                return String(repeating: "0", count: 16 - h.count) + h
            }.joined()
        }
        let kept = learnerID.map { String($0.lowercased().filter { $0 != "-" }) }
        return ClassMembership(url: address.description, learnerId: kept.flatMap { ClassRecord.isHex($0, count: 32) ? $0 : nil } ?? hex(2), secret: hex(4))
    }

    /// The learner id as the progress keeps it (a UUID's form): one id for the learner, in the
    /// class and in exported results.
    public var progressID: String {
        guard learnerId.count == 32 else { return learnerId }
        let digits = Array(learnerId)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }.joined(separator: "-")
    }

    public static func load(folder: String) -> ClassMembership? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + fileName) else { return nil }
        return try? JSONDecoder().decode(ClassMembership.self, from: data)
    }

    /// Written atomically, readable by the learner only (the secret is in it).
    public func save(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let path = folder + "/" + Self.fileName
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        chmod(path, 0o600)
    }

    public static func leave(folder: String) {
        for name in [fileName, ClassSender.outboxName] { unlink(folder + "/" + name) }
    }
}

/// Sends a learner's records to the class host on a thread of its own: the prompt hands over
/// its progress and goes on at once. The newest record waits in the data folder
/// (`class-outbox.json`) until the host has acknowledged it; while the host cannot be reached it
/// is tried again, after 1, 2, 4 … up to 30 seconds, and at the next start. A record holds the
/// whole results, so the newest replaces an unsent older one without losing anything.
public final class ClassSender: @unchecked Sendable {
    public static let outboxName = "class-outbox.json"
    public static let refusedName = "class-refused.json"

    public let folder: String
    public let address: ClassAddress
    /// The learner's id in the class, in the form the progress keeps (it never changes).
    public let learnerID: String
    /// The results of a progress (the pack read once, on this thread).
    let results: @Sendable (LearnerProgress) -> LearnerResults?
    let condition = NSCondition()
    // Guarded by `condition`.
    var membership: ClassMembership
    var pending: LearnerProgress?
    var stopping = false
    var finished = false
    var idle = true
    /// What the last attempt gave: nil before any, else the status or the failure.
    public private(set) var lastOutcome: String?

    var outboxPath: String { folder + "/" + Self.outboxName }

    public init(folder: String, address: ClassAddress, membership: ClassMembership, results: @escaping @Sendable (LearnerProgress) -> LearnerResults?) {
        self.folder = folder
        self.address = address
        self.membership = membership
        self.learnerID = membership.progressID
        self.results = results
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "class sender"
        thread.start()
    }

    /// Hands over the progress just saved: returns at once.
    public func submit(_ progress: LearnerProgress) {
        condition.lock()
        pending = progress
        idle = false
        condition.signal()
        condition.unlock()
    }

    /// At exit: lets the sender finish what it holds, for at most `seconds`; what is left stays
    /// in the outbox for the next start.
    public func finish(within seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished && !idle {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }

    /// Whether the outbox is empty and nothing is pending (for tests and the exit).
    public var isIdle: Bool {
        condition.lock()
        defer { condition.unlock() }
        return idle
    }

    func run() {
        var delay = 1.0
        var retryAt: Date?
        while true {
            condition.lock()
            while pending == nil && !stopping {
                if let at = retryAt {
                    if !condition.wait(until: at) { break }
                } else {
                    idle = true
                    condition.broadcast()
                    condition.wait()
                }
            }
            let progress = pending
            pending = nil
            let stop = stopping
            condition.unlock()

            if let progress, let results = results(progress) {
                condition.lock()
                membership.seq = min(membership.seq + 1, ClassRecord.maximumSeq)
                let current = membership
                condition.unlock()
                try? current.save(folder: folder)
                let lesson = progress.currentLesson
                let record = ClassRecord(
                    learnerId: current.learnerId, secret: current.secret, seq: current.seq, lesson: lesson,
                    step: lesson.flatMap { progress.lessons[$0]?.current }, results: results)
                try? record.encoded().write(to: URL(fileURLWithPath: outboxPath), options: .atomic)
                retryAt = nil
                delay = 1
            }
            if let data = FileManager.default.contents(atPath: outboxPath) {
                switch send(Array(data)) {
                case .delivered:
                    if FileManager.default.contents(atPath: outboxPath) == data { unlink(outboxPath) }
                    retryAt = nil
                    delay = 1
                case .refused(let status):
                    // The host will never take this record (a wrong code, a stranger's id): kept aside, not retried.
                    unlink(folder + "/" + Self.refusedName)
                    rename(outboxPath, folder + "/" + Self.refusedName)
                    lastOutcome = "refused with \(status)"
                    retryAt = nil
                case .unreachable:
                    retryAt = Date(timeIntervalSinceNow: delay)
                    delay = min(delay * 2, 30)
                }
            }
            if stop {
                condition.lock()
                let more = pending != nil
                if !more {
                    finished = true
                    condition.broadcast()
                }
                condition.unlock()
                if !more { return }
            }
        }
    }

    enum Outcome { case delivered, refused(Int), unreachable }

    func send(_ body: [UInt8]) -> Outcome {
        do {
            let response = try HTTPClient.request(
                method: "POST", host: address.host, port: address.port, path: "/api/results",
                headers: [("Authorization", "Bearer \(address.code)"), ("Content-Type", "application/json")], body: body, timeout: 5)
            lastOutcome = "HTTP \(response.status)"
            switch response.status {
            case 200..<300: return .delivered
            case 408, 429: return .unreachable
            case 400..<500: return .refused(response.status)
            default: return .unreachable
            }
        } catch {
            lastOutcome = error.description
            return .unreachable
        }
    }
}

/// The progress store of a learner in a class: saves as the store it wraps does, then hands the
/// saved progress to the sender (which never makes the prompt wait).
public final class ClassProgressStore: ProgressStore, @unchecked Sendable {
    let inner: any ProgressStore
    let sender: ClassSender

    public init(_ inner: any ProgressStore, sender: ClassSender) {
        self.inner = inner
        self.sender = sender
    }

    public func load() -> ProgressLoad {
        let loaded = inner.load()
        if loaded.unreadable == nil { sender.submit(loaded.progress) }
        return loaded
    }

    public func save(_ progress: LearnerProgress) throws(ProgressError) -> ProgressSave {
        let saved = try inner.save(progress)
        sender.submit(saved.progress)
        return saved
    }
}
