import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// commands on its fd 3, answers on its fd 4, one JSON message per NUL): a page that lives while
/// the test watches it change, types in it and photographs it.
public final class BrowserSession {
    let pid: pid_t
    let toBrowser: Int32
    let fromBrowser: Int32
    var nextID = 0
    var pending: [UInt8] = []
    var session: String?
    let profile: String

    public init() throws {
        guard let path = Chromium.path else { throw Chromium.ChromiumMissing() }
        var commands: [Int32] = [0, 0]
        var answers: [Int32] = [0, 0]
        guard pipe(&commands) == 0, pipe(&answers) == 0 else { throw BrowserError("no pipes") }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-chromium-\(UUID().uuidString)").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, commands[0], 3)
        posix_spawn_file_actions_adddup2(&actions, answers[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--remote-debugging-pipe", "--user-data-dir=\(profile)",
            "--window-size=1280,900", "about:blank",
        ]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, nil, argv, environ)
        close(commands[0])
        close(answers[1])
        guard status == 0 else { throw BrowserError("cannot start Chromium: \(status)") }
        pid = child
        toBrowser = commands[1]
        fromBrowser = answers[0]
    }

    deinit {
        close(toBrowser)
        close(fromBrowser)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        try? FileManager.default.removeItem(atPath: profile)
    }

    /// Sends a command (to the page once one is open) and waits for its answer's `result`.
    @discardableResult
    public func send(_ method: String, _ params: [String: Any] = [:], toPage: Bool = true, timeout: Double = 20) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if toPage, let session { message["sessionId"] = session }
        var bytes = Array(try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(toBrowser, $0.baseAddress, $0.count) }
            guard n > 0 else { throw BrowserError("Chromium stopped reading") }
            offset += n
        }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            while let end = pending.firstIndex(of: 0) {
                let data = Data(pending[..<end])
                pending.removeSubrange(...end)
                guard let answer = try JSONSerialization.jsonObject(with: data) as? [String: Any], answer["id"] as? Int == id else { continue }
                if let error = answer["error"] { throw BrowserError("\(method): \(error)") }
                return answer["result"] as? [String: Any] ?? [:]
            }
            var poller = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) >= 0 else { continue }
            if poller.revents == 0 { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = buffer.withUnsafeMutableBytes { read(fromBrowser, $0.baseAddress, $0.count) }
            guard n > 0 else { throw BrowserError("Chromium closed its pipe") }
            pending += buffer[0..<n]
        }
        throw BrowserError("\(method): no answer in \(timeout) s")
    }

    /// Opens `url` in a new page and attaches to it.
    public func open(_ url: String) throws {
        // A browser starting on a busy machine may take a while to answer its first command.
        try send("Browser.getVersion", toPage: false, timeout: 90)
        let target = try send("Target.createTarget", ["url": url], toPage: false, timeout: 60)
        guard let id = target["targetId"] as? String else { throw BrowserError("no target") }
        let attached = try send("Target.attachToTarget", ["targetId": id, "flatten": true], toPage: false, timeout: 60)
        session = attached["sessionId"] as? String
    }

    /// A JavaScript expression's value in the page, as a string.
    public func evaluate(_ expression: String) throws -> String {
        let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true])
        let value = (result["result"] as? [String: Any])?["value"]
        return value.map { "\($0)" } ?? ""
    }

    /// Waits until `expression` gives text that satisfies `condition`; the last text.
    @discardableResult
    public func wait(seconds: Double = 30, for expression: String, until condition: (String) -> Bool) throws -> String {
        let deadline = Date(timeIntervalSinceNow: seconds)
        var last = ""
        while Date() < deadline {
            last = try evaluate(expression)
            if condition(last) { return last }
            usleep(250_000)
        }
        return last
    }

    /// Keys typed into the focused element, one key at a time, as a person types them.
    public func type(_ text: String) throws {
        for ch in text {
            try send("Input.dispatchKeyEvent", ["type": "keyDown", "key": String(ch), "text": String(ch)])
            try send("Input.dispatchKeyEvent", ["type": "keyUp", "key": String(ch)])
        }
    }

    /// Enter, as a key press.
    public func pressEnter() throws {
        try send("Input.dispatchKeyEvent", ["type": "keyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"])
        try send("Input.dispatchKeyEvent", ["type": "keyUp", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13])
    }

    /// A PNG of the page as it is now.
    public func screenshot(to path: String) throws -> Data {
        let shot = try send("Page.captureScreenshot", ["format": "png"])
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else { throw BrowserError("no screenshot") }
        try data.write(to: URL(fileURLWithPath: path))
        return data
    }
}

public struct BrowserError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
