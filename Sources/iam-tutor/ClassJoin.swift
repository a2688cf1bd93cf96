import ArgumentParser
import ClassLink
import FoundationEssentials
import Synchronization
import Tutor

#if canImport(Glibc)
    import Glibc
#endif

/// A learner in a workshop: `--class URL` joins (and is remembered in the data folder), `--class
/// off` leaves. Returns the sender to finish at exit, or nil outside a class.
enum ClassJoin {
    static func sender(settings: TutorSettings, folder: String, lessons: String?) throws -> ClassSender? {
        // Outside a class (the usual start): one access(2), nothing read.
        guard settings.classURL != nil || access(folder + "/" + ClassMembership.fileName, F_OK) == 0 else { return nil }
        var membership = ClassMembership.load(folder: folder)
        if let url = settings.classURL {
            if url == "off" {
                if membership != nil { print("Left the class: your results are no longer sent.") }
                ClassMembership.leave(folder: folder)
                return nil
            }
            let address: ClassAddress
            do {
                address = try ClassAddress(parsing: url)
            } catch {
                printError("iam-tutor: --class: \(error.description). Ask your instructor for the join address `iam-tutor class serve` printed.")
                throw ExitCode(.usage)
            }
            let saved = savedProgress(folder: folder)
            guard settings.name != nil || saved?.learner != nil else {
                printError("iam-tutor: give your name once with --name NAME when you join a class (your instructor sees it)")
                throw ExitCode(.usage)
            }
            if membership?.url != address.description {
                let joined = ClassMembership.joining(address, learnerID: saved?.learnerID)
                do {
                    try joined.save(folder: folder)
                } catch {
                    printError("iam-tutor: cannot join: \(folder)/\(ClassMembership.fileName) cannot be written (\(error))")
                    throw ExitCode(.cannotCreate)
                }
                // A record waiting for another class is not sent to this one.
                unlink(folder + "/" + ClassSender.outboxName)
                membership = joined
            }
        }
        guard let membership, let address = try? ClassAddress(parsing: membership.url) else { return nil }
        let pack = PackResults(folder: lessons)
        let sender = ClassSender(folder: folder, address: address, membership: membership) { progress in
            pack.results(progress)
        }
        sender.start()
        return sender
    }
}

/// The saved progress, if it can be read (for its name and learner id).
func savedProgress(folder: String) -> LearnerProgress? {
    guard let data = FileManager.default.contents(atPath: folder + "/progress.json") else { return nil }
    return try? LearnerProgress.decode(data)
}

/// The pack, read in full once on the sender's thread, turning progress into results.
final class PackResults: Sendable {
    let folder: String?
    let loaded = Mutex<(PackInfo, [Lesson])?>(nil)

    init(folder: String?) { self.folder = folder }

    func results(_ progress: LearnerProgress) -> LearnerResults? {
        guard let folder else { return nil }
        let (info, lessons): (PackInfo, [Lesson])
        if let cached = loaded.withLock({ $0 }) {
            (info, lessons) = cached
        } else {
            guard let full = try? PackInfo.load(folder: folder) else { return nil }
            let parsed = LessonCatalog.scan(folder: folder).ordered(full.order).parseAll().0
            loaded.withLock { $0 = (full, parsed) }
            (info, lessons) = (full, parsed)
        }
        return LearnerResults(
            learner: progress.learner ?? "(no name)", pack: .init(id: info.id, version: info.version, hash: info.hash), lessons: lessons, progress: progress)
    }
}
