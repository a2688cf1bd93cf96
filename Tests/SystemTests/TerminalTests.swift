import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Drives the real program in a terminal through tmux: TAB completion, Ctrl-C, a multi-line
/// paste, Ctrl-D, and history recalled after a restart. tmux comes with the README's set-up.
struct Tmux {
    let socket = "iam-tutor-test-\(UUID().uuidString.prefix(8))"
    let session = "tutor"

    /// Runs `tmux -L SOCKET ARGS…` with posix_spawn and waitpid (the tmux server forks from its
    /// client, which must be reaped at once), returning its standard output when asked.
    @discardableResult
    func run(_ args: [String], capture: Bool = true) throws -> String {
        let argv = ["tmux", "-L", socket] + args
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TmuxError.spawn }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        var cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, "tmux", &actions, nil, &cargs, environ) == 0 else {
            close(fds[0])
            close(fds[1])
            throw TmuxError.spawn
        }
        close(fds[1])
        var output: [UInt8] = []
        if capture {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fds[0], &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                output += buffer[0..<n]
            }
        }
        close(fds[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return String(decoding: output, as: UTF8.self)
    }

    func start(_ command: String) throws {
        try run(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", command], capture: false)
    }

    func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys, capture: false) }

    func screen() throws -> String { try run(["capture-pane", "-t", session, "-p"]) }

    /// Waits (at most forty seconds: the whole suite, servers and browsers included, runs beside it)
    /// until the screen shows `text`
    /// (tmux drops trailing spaces).
    func waitFor(_ text: String) throws -> String {
        var last = ""
        for _ in 0..<800 {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("the screen never showed \(text.debugDescription); it shows:\n\(last)")
        return last
    }

    func kill() { _ = try? run(["kill-server"], capture: false) }

    enum TmuxError: Error { case spawn }

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }
}

@Suite("the prompt in a real terminal (tmux)", .serialized)
struct TerminalTests {
    let binary = Binary.url.path

    @Test func completionInterruptPasteAndHistory() throws {
        try #require(Tmux.available, "tmux is not installed: `bash .ci/setup` installs it")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-tty-\(UUID().uuidString)").path
        let tmux = Tmux()
        defer { tmux.kill() }
        let command = "env IAM_TUTOR_HOME=\(home) TERM=xterm \(binary); sleep 30"
        try tmux.start(command)
        _ = try tmux.waitFor("iam(root)>")

        // TAB completes the flag, then the user's name.
        try tmux.keys("aws iam get-user --us", "Tab")
        _ = try tmux.waitFor("--user-name")
        try tmux.keys("da", "Tab")
        _ = try tmux.waitFor("--user-name dana")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("\"UserName\": \"dana\"")

        // Ctrl-C drops an unfinished multi-line command and keeps the prompt.
        try tmux.keys("aws iam create-role --role-name R --assume-role-policy-document '{", "Enter")
        _ = try tmux.waitFor("...>")
        try tmux.keys("C-c")
        _ = try tmux.waitFor("^C")
        try tmux.keys("whoami", "Enter")
        _ = try tmux.waitFor("profile root, account 111122223333")

        // A multi-line JSON paste runs as one command.
        let paste = """
            aws iam create-role --role-name Pasted --assume-role-policy-document '{
              "Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
            }' --query Role.Arn
            """
        try tmux.run(["set-buffer", paste], capture: false)
        try tmux.run(["paste-buffer", "-t", tmux.session], capture: false)
        try tmux.keys("Enter")
        _ = try tmux.waitFor("\"arn:aws:iam::111122223333:role/Pasted\"")

        // Ctrl-D leaves cleanly.
        try tmux.keys("C-d")
        _ = try tmux.waitFor("Bye.")

        // History is kept across runs: Up recalls the last command.
        try tmux.run(["kill-session", "-t", tmux.session], capture: false)
        try tmux.start(command)
        _ = try tmux.waitFor("iam(root)>")
        try tmux.keys("Up")
        _ = try tmux.waitFor("--role-name Pasted")
        try tmux.keys("C-u", "quit", "Enter")
        _ = try tmux.waitFor("Bye.")
    }
}
