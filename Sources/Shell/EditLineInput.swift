// The one file that talks to libedit.
@preconcurrency import CEditLine
import Policy
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Set by the SIGINT handler: libedit's readline() answers NULL for Ctrl-C as for Ctrl-D.
private let interrupted = Atomic<Bool>(false)

/// The completer the C callback asks: (line up to the cursor, word being completed) → candidates.
private let completer = Mutex<(@Sendable (String, String) -> [String])?>(nil)

private func onInterrupt(_: Int32) {
    interrupted.store(true, ordering: .relaxed)
}

/// libedit's completion hook: returns the candidates in readline's format (the common prefix
/// first, then the matches, then NULL), and turns off libedit's file-name completion.
private func completeWord(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1
    let word = text.map { String(cString: $0) } ?? ""
    var line = ""
    if let buffer = rl_line_buffer {
        let full = Array(String(cString: buffer).utf8)
        line = String(decoding: full.prefix(Int(max(0, start))), as: UTF8.self)
    }
    let candidates = completer.withLock { $0?(line, word) } ?? []
    guard !candidates.isEmpty else { return nil }
    var common = candidates[0]
    for c in candidates.dropFirst() {
        while !c.hasPrefix(common) { common.removeLast() }
    }
    let matches = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: candidates.count + 2)
    matches[0] = strdup(candidates.count == 1 ? candidates[0] : common)
    for (i, c) in candidates.enumerated() { matches[i + 1] = strdup(c) }
    matches[candidates.count + 1] = nil
    return matches
}

/// Line editing at a terminal through libedit: history kept in a file across runs, TAB
/// completion, Ctrl-C to drop the line, Ctrl-D to leave.
public struct EditLineInput: LineInput {
    public var echoes: Bool { false }
    public var isTerminal: Bool { true }
    private let historyPath: String?

    public init(historyPath: String?, complete: @escaping @Sendable (String, String) -> [String]) {
        if setlocale(LC_ALL, "") == nil { setlocale(LC_ALL, "C.UTF-8") }
        self.historyPath = historyPath
        using_history()
        stifle_history(2000)
        if let historyPath { read_history(historyPath) }
        completer.withLock { $0 = complete }
        rl_attempted_completion_function = completeWord
        var action = sigaction()
        action.__sigaction_handler.sa_handler = onInterrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; Ctrl-C must reach the prompt.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    public mutating func read(prompt: String) -> InputEvent {
        interrupted.store(false, ordering: .relaxed)
        guard let line = readline(prompt) else {
            if interrupted.load(ordering: .relaxed) {
                print("^C")
                return .interrupt
            }
            print()  // Ctrl-D leaves the cursor after the prompt (and a "^D" echo).
            return .end
        }
        defer { free(line) }
        if interrupted.load(ordering: .relaxed) { return .interrupt }
        return .line(String(cString: line))
    }

    public mutating func remember(_ command: String) {
        let entry = command.replacingNewlines
        guard !entry.trimmed().isEmpty else { return }
        add_history(entry)
        if let historyPath { write_history(historyPath) }
    }
}

extension String {
    /// History keeps one line per entry.
    var replacingNewlines: String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ") }
}
