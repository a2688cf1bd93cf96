import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The progress file in the data folder (`progress.json`). Nothing a learner answered is lost
/// without being said:
///
/// - it is written to a temporary file, flushed, then renamed, so a crash never leaves half a
///   file; temporary files left by a crash are removed at the next start;
/// - a file that cannot be parsed is moved aside under a name no other backup has, and reported;
/// - a file that exists but cannot be read (permissions, a FIFO in its place) is never saved
///   over: every save says so, until it can be read again;
/// - one tutor at a time owns the folder: it holds an advisory lock (`flock` on
///   `progress.lock`) for as long as it runs. A second tutor on the same folder reads the file
///   but does not save, and says so after every answer; once the first has quit, the second
///   takes the lock at its next save and merges what the first saved with its own answers;
/// - before every write the file is read again: if it is not what this tutor last read or wrote
///   (an older tutor without the lock wrote it), the two are merged, never overwritten.
public final class FileProgressStore: ProgressStore {
    public let path: String
    public let folder: String
    var lockPath: String { folder + "/progress.lock" }

    struct State {
        /// The lock file, open and locked while this tutor owns the folder.
        var lock: Int32?
        /// The file's bytes as this tutor last read or wrote them (nil: there was none).
        var known: [UInt8]?
        /// Why the file could not be read, while it cannot.
        var unreadable: ProgressError?
    }

    private let state = Mutex(State())

    public init(folder: String) {
        self.folder = folder
        path = folder + "/progress.json"
    }

    deinit {
        state.withLock { if let fd = $0.lock { close(fd) } }
    }

    // MARK: - Loading

    public func load() -> ProgressLoad {
        state.withLock { state in
            var notes: [ProgressError] = []
            switch takeLock(&state) {
            case .taken: removeStaleTemporaryFiles()
            case .heldBy(let pid): notes.append(.heldByAnother(folder: folder, pid: pid))
            case .unavailable: break
            }
            switch readFile() {
            case .absent:
                state.known = nil
                return ProgressLoad(progress: LearnerProgress(), notes: notes)
            case .unreadable(let reason):
                let problem = ProgressError.unreadable(path: path, reason: reason)
                state.unreadable = problem
                return ProgressLoad(progress: LearnerProgress(), notes: notes, unreadable: problem)
            case .bytes(let bytes):
                let decoded: LearnerProgress
                do {
                    decoded = try LearnerProgress.decode(Data(bytes))
                } catch {
                    switch moveAside() {
                    case .success(let aside):
                        state.known = nil
                        notes.append(.corrupt(movedTo: aside, problem: (error as? DecodingError)?.field))
                        return ProgressLoad(progress: LearnerProgress(), notes: notes)
                    case .failure(let reason):
                        let problem = ProgressError.unreadable(path: path, reason: "it is not a progress file, and it could not be moved aside: \(reason)")
                        state.unreadable = problem
                        return ProgressLoad(progress: LearnerProgress(), notes: notes, unreadable: problem)
                    }
                }
                state.known = bytes
                let (progress, clamped) = decoded.validated()
                return ProgressLoad(progress: progress, notes: notes + clamped)
            }
        }
    }

    // MARK: - Saving

    public func save(_ progress: LearnerProgress) throws(ProgressError) -> ProgressSave {
        try state.withLock { state throws(ProgressError) -> ProgressSave in
            if state.lock == nil, case .heldBy(let pid) = takeLock(&state) {
                throw .heldByAnother(folder: folder, pid: pid)
            }
            var toWrite = progress
            var notes: [ProgressError] = []
            switch readFile() {
            case .unreadable(let reason):
                let problem = ProgressError.refusedOverUnreadable(path: path, reason: reason)
                state.unreadable = problem
                throw problem
            case .absent:
                break
            case .bytes(let bytes) where bytes != state.known:
                // Changed since this tutor read it (or readable again): merge, never overwrite.
                if let saved = try? LearnerProgress.decode(Data(bytes)) {
                    toWrite = progress.merged(over: saved.validated().0)
                    notes.append(.merged(path: path))
                } else if case .success(let aside) = moveAside() {
                    notes.append(.corrupt(movedTo: aside, problem: Self.problem(in: bytes)))
                } else {
                    throw .refusedOverUnreadable(path: path, reason: "it changed, is not a progress file, and could not be moved aside")
                }
            case .bytes:
                break
            }
            state.unreadable = nil
            let data = Array(toWrite.encoded())
            try write(data)
            state.known = data
            return ProgressSave(progress: toWrite, notes: notes)
        }
    }

    /// Whether the saved progress could not be read at the last load or save (an export would be
    /// empty).
    public var unreadable: ProgressError? { state.withLock { $0.unreadable } }

    /// Writes the bytes to a temporary file, flushes it, and renames it over the file.
    private func write(_ data: [UInt8]) throws(ProgressError) {
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw .cannotWrite(path: path, reason: Self.systemError())
        }
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: Self.systemError()) }
        var failure: String?
        var offset = 0
        while offset < data.count && failure == nil {
            let n = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { failure = n < 0 ? Self.systemError() : "nothing could be written" } else { offset += n }
        }
        if failure == nil && fsync(fd) != 0 { failure = Self.systemError() }
        if close(fd) != 0 && failure == nil { failure = Self.systemError() }
        if failure == nil && rename(temp, path) != 0 { failure = Self.systemError() }
        if let failure {
            unlink(temp)
            throw .cannotWrite(path: path, reason: failure)
        }
    }

    // MARK: - The file, read safely

    enum Reading {
        case absent
        case unreadable(String)
        case bytes([UInt8])
    }

    /// Reads the file without ever blocking: only a regular file is opened (a FIFO in its place
    /// would hang), and with O_NONBLOCK in case it is swapped meanwhile.
    func readFile() -> Reading {
        var info = stat()
        if lstat(path, &info) != 0 {
            return errno == ENOENT ? .absent : .unreadable(Self.systemError())
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .unreadable("it is not a regular file (\(Self.kind(info.st_mode)))") }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .absent : .unreadable(Self.systemError()) }
        defer { close(fd) }
        switch Files.readAll(fd) {
        case .bytes(let bytes): return .bytes(bytes)
        case .failed: return .unreadable(Self.systemError())
        case .tooLarge: return .unreadable("it is larger than 64 MiB, far larger than any progress")
        }
    }

    /// Moves a damaged file aside to `progress.json.corrupt-SECONDS` (then `-2`, `-3`, … when a
    /// backup of that second exists): a backup is never overwritten.
    func moveAside() -> Result<String, ProgressError> {
        let stamp = Int(Date().timeIntervalSince1970)
        for n in 1...1000 {
            let aside = path + ".corrupt-\(stamp)" + (n == 1 ? "" : "-\(n)")
            if link(path, aside) == 0 {
                unlink(path)
                return .success(aside)
            }
            if errno == EEXIST { continue }
            // Folders whose file system has no hard links: rename, having checked the name is free.
            if access(aside, F_OK) != 0 && errno == ENOENT && rename(path, aside) == 0 { return .success(aside) }
            return .failure(.cannotWrite(path: aside, reason: Self.systemError()))
        }
        return .failure(.cannotWrite(path: path + ".corrupt-\(stamp)", reason: "a thousand backups of this second exist"))
    }

    /// Removes `progress.json.tmp-*` left by a save that crashed (only while holding the lock, so
    /// never another tutor's save in progress).
    func removeStaleTemporaryFiles() {
        guard let names = Files.list(folder) else { return }
        for name in names where name.hasPrefix("progress.json.tmp-") {
            unlink(folder + "/" + name)
        }
    }

    // MARK: - The lock

    enum Lock {
        case taken
        /// Another process holds it (its pid, when it wrote one).
        case heldBy(Int32?)
        /// No lock file can be made (a read-only folder): saving will fail and say why.
        case unavailable
    }

    /// Takes the folder's lock without waiting, and writes this process's id in the lock file.
    private func takeLock(_ state: inout State) -> Lock {
        if state.lock != nil { return .taken }
        mkdir(folder, 0o700)
        let fd = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .unavailable }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let held = errno == EWOULDBLOCK
            close(fd)
            guard held else { return .unavailable }
            let pid = Files.read(lockPath).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return .heldBy(pid)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        state.lock = fd
        return .taken
    }

    /// Where a progress file that cannot be read is wrong, when it is JSON with a wrong field.
    static func problem(in bytes: [UInt8]) -> String? {
        do {
            _ = try LearnerProgress.decode(Data(bytes))
            return nil
        } catch {
            return (error as? DecodingError)?.field
        }
    }

    static func systemError() -> String { String(cString: strerror(errno)) }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        default: "not a plain file"
        }
    }
}

/// What went wrong reading or writing progress, said to the learner with what to do.
public enum ProgressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be parsed (`problem`: where and how, when it is JSON with a wrong
    /// field, such as a result that is not one of the known words); it was moved aside and a new
    /// one begins.
    case corrupt(movedTo: String, problem: String?)
    /// The file exists but cannot be read (at start-up).
    case unreadable(path: String, reason: String)
    /// A save refused: the file exists but cannot be read, so saving would erase it.
    case refusedOverUnreadable(path: String, reason: String)
    /// A save failed (read-only folder, disk full, …): nothing was written.
    case cannotWrite(path: String, reason: String)
    /// Another tutor owns the data folder: this one does not save.
    case heldByAnother(folder: String, pid: Int32?)
    /// The file had changed since it was read (another tutor saved): merged before writing.
    case merged(path: String)
    /// A saved counter out of its range: brought into it.
    case outOfRange(field: String, value: Int, range: ClosedRange<Int>, kept: Int)
    /// A save succeeded after failing: what was kept in memory is on disk now.
    case savedAgain

    /// Whether this is a failure to save (said in red) rather than a note.
    public var isFailure: Bool {
        switch self {
        case .unreadable, .refusedOverUnreadable, .cannotWrite, .heldByAnother: true
        case .corrupt, .merged, .outOfRange, .savedAgain: false
        }
    }

    public var description: String {
        switch self {
        case .corrupt(let aside, let problem):
            "the progress file could not be read\(problem.map { " (\($0))" } ?? ""); it was moved aside to \(aside) and a new one begins"
        case .unreadable(let path, let reason):
            "your progress in \(path) cannot be read: \(reason). It is not saved over, so nothing in it is lost; "
                + "until it can be read, your answers are kept in memory only. Fix it (ls -l \(path); sudo chown $USER it, chmod u+rw it, or move it away) and they are saved at your next answer."
        case .refusedOverUnreadable(let path, let reason):
            "not saved: \(path) exists but cannot be read (\(reason)), and saving would erase it. "
                + "Your answers are kept in memory; fix the file (ls -l \(path); sudo chown $USER it, chmod u+rw it, or move it away) and they are saved at your next answer."
        case .cannotWrite(let path, let reason):
            "could not save your progress to \(path): \(reason). Your answers are kept in memory and saved again after your next answer; "
                + "free some space or make the folder writable (or restart with --home DIR)."
        case .heldByAnother(let folder, let pid):
            "another iam-tutor\(pid.map { " (process \($0))" } ?? "") is using \(folder): this one does not save, so as not to erase its answers. "
                + "Your answers here are kept in memory; quit the other one and they are saved (merged with its) at your next answer, or use --home DIR."
        case .merged(let path):
            "\(path) had changed since it was read (another tutor saved there): its answers and yours were merged"
        case .outOfRange(let field, let value, let range, let kept):
            "progress.json: \(field) was \(value), outside \(range.lowerBound)…\(range.upperBound); kept as \(kept)"
        case .savedAgain:
            "your progress is saved again: the answers kept in memory are on disk now"
        }
    }
}
