import ClassHost
import ClassLink
import Foundation
import LRS
import Tutor
import XAPI

/// `class serve --lrs URL`: every result the host stores goes on to a Learning Record Store as
/// xAPI statements, in the order stored, off the learner's request (a slow or absent LRS never
/// holds up a learner's post; what fails is said on standard error, and the next record carries
/// the learner's whole results again, so nothing is lost while the LRS is away).
actor LRSForwarding: ResultSink {
    let client: LRSClient
    let statements: XAPIStatements
    let pack: PackInfo
    let lessons: [Lesson]
    /// The latest record per learner not yet sent: a newer one replaces an older one waiting.
    private var waiting: [String: ClassRecord] = [:]
    private var order: [String] = []
    private var sending = false
    /// The ids of the statements the LRS took: a record carries the learner's whole results, so
    /// each later one sends only what is new (statement ids are made from their content; some LRSs
    /// refuse a batch that repeats a stored id).
    private var sent = Set<String>()

    init(client: LRSClient, statements: XAPIStatements, pack: PackInfo, lessons: [Lesson]) {
        self.client = client
        self.statements = statements
        self.pack = pack
        self.lessons = lessons
    }

    nonisolated func stored(_ learner: HostStore.Learner, record: ClassRecord) async {
        await enqueue(record)
    }

    private func enqueue(_ record: ClassRecord) {
        if waiting.updateValue(record, forKey: record.learnerId) == nil { order.append(record.learnerId) }
        guard !sending else { return }
        sending = true
        _Concurrency.Task { await self.drain() }
    }

    private func drain() async {
        while !order.isEmpty {
            let id = order.removeFirst()
            guard let record = waiting.removeValue(forKey: id) else { continue }
            let batch = statements.statements(for: record.results, pack: pack, lessons: lessons).filter { !sent.contains($0["id"]?.string ?? "") }
            guard !batch.isEmpty else { continue }
            do throws(LRSClient.Failure) {
                _ = try await client.send(batch)
                for statement in batch { if let id = statement["id"]?.string { sent.insert(id) } }
            } catch {
                FileHandle.standardError.write(Data("iam-tutor class: the LRS did not take a learner's statements: \(error)\n".utf8))
            }
        }
        sending = false
    }
}
