import ClassLink
import Crypto
import Foundation
import GRDB
import Tutor

/// What the host keeps: one row per learner (the newest results and where they are), in SQLite
/// (`class.sqlite` in the host's data folder, write-ahead logged so the class view reads while
/// records are written).
public final class HostStore: Sendable {
    public let path: String
    let pool: DatabasePool

    public struct Learner: Sendable, Equatable {
        public var id: String
        public var name: String
        public var seq: Int
        public var lesson: String?
        public var step: String?
        /// When the host first saw the learner on this step (seconds since 1970, the host's clock).
        public var stepSince: Int
        public var lastSeen: Int
        public var results: [UInt8]
    }

    public enum Outcome: Sendable, Equatable {
        /// Stored: the first record of a learner, or a newer one.
        case stored(Learner)
        /// A record the host has already (the same or an older sequence number): nothing changed.
        case alreadyHave(seq: Int)
        /// The learner id is known and the secret is not its secret.
        case forbidden
    }

    /// Opens (or creates) the database; the folder is made, readable by its owner only.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS learners (
                        id TEXT PRIMARY KEY NOT NULL,
                        secret TEXT NOT NULL,
                        name TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        lesson TEXT,
                        step TEXT,
                        step_since INTEGER NOT NULL,
                        joined_at INTEGER NOT NULL,
                        last_seen INTEGER NOT NULL,
                        results BLOB NOT NULL
                    ) STRICT
                    """)
        }
        chmod(path, 0o600)
    }

    /// Takes a record (already checked for shape) at `now`: the first one of a learner id makes
    /// the learner and fixes their secret; later ones must carry the same secret.
    public func accept(_ record: ClassRecord, results: [UInt8], now: Int) async throws -> Outcome {
        try await pool.write { db -> Outcome in
            let existing = try Row.fetchOne(db, sql: "SELECT secret, seq, lesson, step, step_since FROM learners WHERE id = ?", arguments: [record.learnerId])
            let name = String(record.results.learner.prefix(200))
            if let existing {
                let kept: String = existing["secret"]
                guard Self.matches(kept, record.secret) else { return .forbidden }
                let seq: Int = existing["seq"]
                guard record.seq > seq else { return .alreadyHave(seq: seq) }
                let moved = existing["lesson"] as String? != record.lesson || existing["step"] as String? != record.step
                let since: Int = moved ? now : existing["step_since"]
                try db.execute(
                    sql: "UPDATE learners SET name = ?, seq = ?, lesson = ?, step = ?, step_since = ?, last_seen = ?, results = ? WHERE id = ?",
                    arguments: [name, record.seq, record.lesson, record.step, since, now, Data(results), record.learnerId])
                return .stored(
                    Learner(
                        id: record.learnerId, name: name, seq: record.seq, lesson: record.lesson, step: record.step, stepSince: since, lastSeen: now,
                        results: results))
            }
            try db.execute(
                sql:
                    "INSERT INTO learners (id, secret, name, seq, lesson, step, step_since, joined_at, last_seen, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [record.learnerId, Self.digest(record.secret), name, record.seq, record.lesson, record.step, now, now, now, Data(results)])
            return .stored(
                Learner(
                    id: record.learnerId, name: name, seq: record.seq, lesson: record.lesson, step: record.step, stepSince: now, lastSeen: now, results: results
                ))
        }
    }

    /// Every learner, in the order they joined.
    public func learners() throws -> [Learner] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, seq, lesson, step, step_since, last_seen, results FROM learners ORDER BY joined_at, id").map { row in
                let data: Data = row["results"]
                return Learner(
                    id: row["id"], name: row["name"], seq: row["seq"], lesson: row["lesson"], step: row["step"], stepSince: row["step_since"],
                    lastSeen: row["last_seen"], results: Array(data))
            }
        }
    }

    /// Compared in time independent of where they differ.
    /// What the database keeps of a learner's secret: its SHA-256, so that a copy of the database
    /// does not let anyone post as a learner.
    static func digest(_ secret: String) -> String {
        "sha256:" + SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a secret sent is the one kept (as its digest; a database from before digests were
    /// kept holds the secret itself).
    static func matches(_ kept: String, _ sent: String) -> Bool {
        kept.hasPrefix("sha256:") ? same(kept, digest(sent)) : same(kept, sent)
    }

    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// Where each stored result goes besides the database (a Learning Record Store, later): one
/// place, called once per record the host stores.
public protocol ResultSink: Sendable {
    func stored(_ learner: HostStore.Learner, record: ClassRecord) async
}
