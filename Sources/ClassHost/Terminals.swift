import Foundation
import Synchronization
import Tutor

#if canImport(Glibc)
    import Glibc
#endif

/// A program under a pseudo-terminal: the browser terminal's `iam-tutor`, with the line
/// editing, completion and colour it has at a local prompt.
public final class TerminalProcess: @unchecked Sendable {
    public let pid: pid_t
    let master: Int32
    private let ended = Mutex(false)

    /// The terminal's output, as it comes; ends when the program has exited. Call `delivered()`
    /// after each chunk is sent on.
    public let output: AsyncStream<[UInt8]>
    /// Chunks read and not yet delivered, at most `Self.window`: while the browser does not take
    /// what the tutor writes, the reader stops reading, the terminal's buffer fills and the tutor
    /// waits in its write, so a learner's output never piles up in the host's memory.
    public static let window = 64
    /// Chunks in flight (guarded by `windowCondition`).
    private var inFlight = 0
    private let windowCondition = NSCondition()

    /// Starts `program` in a new session whose controlling terminal is a new pseudo-terminal of
    /// `columns` × `rows`.
    public init(program: String, arguments: [String], environment: [String: String], folder: String, columns: Int, rows: Int) throws {
        // posix_openpt, unlockpt and ptsname, as Linux does them (devpts needs no grantpt).
        let fd = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard fd >= 0, ioctl(fd, UInt(Self.TIOCSPTLCK), &unlock) == 0, ioctl(fd, UInt(Self.TIOCGPTN), &number) == 0 else {
            if fd >= 0 { close(fd) }
            throw TerminalError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slave = "/dev/pts/\(number)"
        var size = winsize(ws_row: UInt16(clamping: rows), ws_col: UInt16(clamping: columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(fd, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, the first terminal the child opens becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // POSIX_SPAWN_SETSID (0x80), POSIX_SPAWN_SETSIGMASK (0x08), POSIX_SPAWN_SETSIGDEF (0x04).
        posix_spawnattr_setflags(&attributes, Int16(0x80 | 0x08 | 0x04))

        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, program, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(fd)
            throw TerminalError("cannot start \(program): \(String(cString: strerror(status)))")
        }
        pid = child
        master = fd
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        output = stream
        let reader = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 8192)
            reading: while true {
                // A place in the window first: once the terminal is ended, nobody takes more.
                windowCondition.lock()
                while inFlight >= Self.window {
                    if ended.withLock({ $0 }) {
                        windowCondition.unlock()
                        break reading
                    }
                    windowCondition.wait(until: Date(timeIntervalSinceNow: 0.5))
                }
                windowCondition.unlock()
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                // EIO once the program and everything it started have closed the terminal.
                if n <= 0 { break }
                windowCondition.lock()
                inFlight += 1
                windowCondition.unlock()
                continuation.yield(Array(buffer[0..<n]))
            }
            continuation.finish()
        }
        reader.name = "terminal \(child)"
        reader.start()
    }

    /// _IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned int), as <asm-generic/ioctls.h> has them.
    static let TIOCSPTLCK: UInt32 = 0x4004_5431
    static let TIOCGPTN: UInt32 = 0x8004_5430

    /// A chunk of `output` has been sent on: the reader may read another.
    public func delivered() {
        windowCondition.lock()
        inFlight = max(0, inFlight - 1)
        windowCondition.signal()
        windowCondition.unlock()
    }

    /// Keys typed in the browser.
    public func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// The browser's window changed: the program is told (SIGWINCH) by the kernel.
    public func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(clamping: min(max(rows, 2), 500)), ws_col: UInt16(clamping: min(max(columns, 10), 1000)), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Ends the program: SIGHUP to its session (as a terminal closing does), SIGKILL two seconds
    /// later if it is still there; then it is reaped and the terminal closed.
    public func terminate() {
        guard
            ended.withLock({ done in
                defer { done = true }
                return !done
            })
        else { return }
        kill(-pid, SIGHUP)
        kill(pid, SIGHUP)
        let pid = self.pid
        let master = self.master
        Thread.detachNewThread {
            var status: Int32 = 0
            for _ in 0..<20 {
                if waitpid(pid, &status, WNOHANG) == pid {
                    close(master)
                    return
                }
                usleep(100_000)
            }
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            close(master)
        }
    }
}

public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// How many browser terminals run at once, bounded.
public final class TerminalSlots: Sendable {
    public let maximum: Int
    private let count = Mutex(0)

    public init(maximum: Int) { self.maximum = maximum }

    public var inUse: Int { count.withLock { $0 } }

    /// Takes a slot, or says there is none.
    public func take() -> Bool {
        count.withLock { n in
            guard n < maximum else { return false }
            n += 1
            return true
        }
    }

    public func give() { count.withLock { $0 -= 1 } }
}

/// The browser terminal's page and script.
public enum TerminalPage {
    public static func html(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>iam-tutor — \(title.htmlEscaped)</title>
        <link rel="stylesheet" href="/xterm/xterm.css">
        <style>
        html,body{margin:0;height:100%;background:#1e1e1e;color:#eee;font:16px system-ui,sans-serif}
        #join{padding:2rem}#join input{font-size:1.1rem;padding:.3rem}#join button{font-size:1.1rem}
        #term{position:absolute;top:0;left:0;right:0;bottom:1.6rem;padding:4px}
        #status{position:absolute;bottom:0;left:0;right:0;height:1.6rem;line-height:1.6rem;padding:0 .5rem;background:#333;font-size:.85rem}
        </style></head><body>
        <form id="join" hidden><h1>iam-tutor</h1><p>\(title.htmlEscaped)</p>
        <label>Your name, as your instructor knows you: <input id="name" maxlength="60" required autofocus></label>
        <button>Open the tutor</button></form>
        <div id="term"></div><div id="status">connecting…</div>
        <script src="/xterm/xterm.js"></script><script src="/terminal.js"></script>
        </body></html>

        """
    }

    /// Asks the name once (kept in the browser with a random id: the same learner finds their
    /// progress again after a reload), then joins the terminal's WebSocket. Messages to the host:
    /// `i` + keys typed, `r` + COLUMNSxROWS. A name in the address (`?name=`) skips the form.
    public static let script = """
        (function () {
          var code = location.pathname.split('/').pop();
          var params = new URLSearchParams(location.search);
          var store = window.localStorage;
          var id = store.getItem('iam-tutor-id');
          if (!/^[0-9a-f]{32}$/.test(id || '')) {
            var bytes = new Uint8Array(16); crypto.getRandomValues(bytes);
            id = Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
            store.setItem('iam-tutor-id', id);
          }
          var status = document.getElementById('status');
          var name = params.get('name') || store.getItem('iam-tutor-name');
          if (!name) {
            var form = document.getElementById('join');
            form.hidden = false;
            status.textContent = 'give your name to open the tutor';
            form.addEventListener('submit', function (e) {
              e.preventDefault();
              var n = document.getElementById('name').value.trim();
              if (!n) return;
              store.setItem('iam-tutor-name', n);
              form.hidden = true;
              open(n);
            });
            return;
          }
          open(name);

          function open(name) {
            var term = new Terminal({rendererType: 'dom', cursorBlink: true, fontSize: 16, scrollback: 2000});
            term.open(document.getElementById('term'));
            function fit() { if (window.xtermFit) { try { window.xtermFit.fit(term); } catch (e) {} } }
            fit();
            var proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
            var url = proto + '//' + location.host + '/terminal/ws?code=' + encodeURIComponent(code) + '&id=' + id +
              '&name=' + encodeURIComponent(name) + '&cols=' + term.cols + '&rows=' + term.rows;
            var ws = new WebSocket(url);
            ws.binaryType = 'arraybuffer';
            var decoder = new TextDecoder('utf-8');
            ws.onopen = function () {
              status.textContent = 'connected as ' + name;
              term.focus();
              // Fitted once the first frame is drawn (the cell size is known then), and the host told.
              requestAnimationFrame(function () { fit(); ws.send('r' + term.cols + 'x' + term.rows); });
            };
            ws.onmessage = function (e) {
              term.write(typeof e.data === 'string' ? e.data : decoder.decode(new Uint8Array(e.data), {stream: true}));
            };
            ws.onclose = function (e) {
              status.textContent = e.reason ? 'closed: ' + e.reason : 'the tutor has ended; reload the page to start it again';
            };
            term.on('data', function (d) { if (ws.readyState === 1) ws.send('i' + d); });
            term.on('resize', function (s) { if (ws.readyState === 1) ws.send('r' + s.cols + 'x' + s.rows); });
            window.addEventListener('resize', fit);
          }
        })();

        """
}
