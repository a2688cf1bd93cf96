import ClassLink
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Policy
import Synchronization
import Tutor

/// The host's settings, as `iam-tutor class serve` takes them.
public struct HostSettings: Sendable {
    public var bind = "127.0.0.1"
    public var port = 8080
    public var dataFolder: String
    public var lessonsFolder: String
    /// The address learners use (default: the bind address, or this machine's first network
    /// address when bound to all).
    public var advertise: String?
    public var terminals = false
    public var maximumTerminals = 60
    /// The `iam-tutor` the browser terminals run.
    public var tutorProgram: String

    public init(dataFolder: String, lessonsFolder: String, tutorProgram: String) {
        self.dataFolder = dataFolder
        self.lessonsFolder = lessonsFolder
        self.tutorProgram = tutorProgram
    }
}

/// The class's two secrets, kept in the data folder (`class-host.json`) so that a restarted host
/// takes the same join code (the learners' queued records still get in) and the same token.
public struct HostKeys: Codable, Sendable, Equatable {
    /// Lets records in (and opens browser terminals); given to learners.
    public var code: String
    /// Opens the instructor's view; never given to learners.
    public var token: String

    public static func loadOrMake(folder: String) throws -> HostKeys {
        let path = folder + "/class-host.json"
        if let data = FileManager.default.contents(atPath: path), let keys = try? JSONDecoder().decode(HostKeys.self, from: data),
            ClassAddress.isCode(keys.code), ClassAddress.isCode(keys.token)
        {
            return keys
        }
        let keys = HostKeys(code: random(12), token: random(32))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try JSONEncoder().encode(keys).write(to: URL(fileURLWithPath: path), options: .atomic)
        chmod(path, 0o600)
        return keys
    }

    /// Letters and digits from the system's generator (no 0/O, 1/l/I: read aloud in a room).
    static func random(_ count: Int) -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

/// The addresses the host prints when it is up.
public struct HostAddresses: Sendable {
    public var join: String
    public var instructor: String
    public var port: Int
}

/// The workshop host: records in, the live view and browser terminals out.
public final class ClassHostServer: Sendable {
    public let settings: HostSettings
    public let keys: HostKeys
    public let store: HostStore
    public let view: LiveView
    let sinks: [any ResultSink]
    let xterm: XtermAssets?
    let slots: TerminalSlots
    let cache = Mutex<(version: Int, second: Int, html: String)?>(nil)
    let version = Atomic<Int>(0)
    let boundPort = Atomic<Int>(0)

    public init(settings: HostSettings, pack: PackInfo, lessons: [Lesson], sinks: [any ResultSink] = []) throws {
        self.settings = settings
        keys = try HostKeys.loadOrMake(folder: settings.dataFolder)
        store = try HostStore(path: settings.dataFolder + "/class.sqlite")
        view = LiveView(pack: pack, lessons: lessons)
        self.sinks = sinks
        xterm = settings.terminals ? try XtermAssets.load() : nil
        slots = TerminalSlots(maximum: settings.maximumTerminals)
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970) }

    /// Runs until SIGINT or SIGTERM; `running` is told the addresses once the port is bound.
    public func run(running: @escaping @Sendable (HostAddresses) -> Void) async throws {
        var logger = Logger(label: "iam-tutor-class")
        logger.logLevel = .error
        let router = Router()
        addRoutes(router)
        let host = self
        let http1 = HTTP1Channel.Configuration(idleTimeout: .seconds(120))
        let server: HTTPServerBuilder =
            settings.terminals
            ? .http1WebSocketUpgrade(configuration: .init(http1: http1, ws: .init(maxFrameSize: 1 << 16))) { request, _, _ in
                host.terminalUpgrade(request)
            }
            : .http1(configuration: http1)
        let app = Application(
            router: router, server: server, configuration: .init(address: .hostname(settings.bind, port: settings.port), serverName: "iam-tutor-class"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? host.settings.port
                host.boundPort.store(port, ordering: .relaxed)
                running(host.addresses(port: port))
            }, logger: logger)
        try await app.runService()
    }

    func addresses(port: Int) -> HostAddresses {
        let name = settings.advertise ?? Self.advertisedHost(bind: settings.bind)
        let shown = name.contains(":") ? "[\(name)]" : name
        return HostAddresses(
            join: "http://\(shown):\(port)/join/\(keys.code)", instructor: "http://\(shown):\(port)/instructor?token=\(keys.token)", port: port)
    }

    /// Bound to all addresses: this machine's first IPv4 address that is not loopback.
    static func advertisedHost(bind: String) -> String {
        guard bind == "0.0.0.0" || bind == "::" else { return bind }
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return bind }
        defer { freeifaddrs(list) }
        var entry = list
        while let e = entry {
            entry = e.pointee.ifa_next
            guard let address = e.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var a = sin.pointee.sin_addr
                _ = inet_ntop(AF_INET, &a, &text, socklen_t(text.count))
            }
            let ip = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !ip.hasPrefix("127.") { return ip }
        }
        return "127.0.0.1"
    }

    // MARK: - Routes

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        .cacheControl: "no-store",
    ]

    static func text(_ status: HTTPResponse.Status, _ body: String, type: String = "text/plain; charset=utf-8") -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func instructorAllowed(_ request: Request) -> Bool {
        guard let token = request.uri.queryParameters.get("token") else { return false }
        return HostStore.same(token, keys.token)
    }

    func addRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            Self.text(.ok, "iam-tutor workshop host. Learners: the address your instructor gives. Instructor: the address printed at start-up.\n")
        }
        router.post("/api/results") { request, context in try await self.receive(request, context: context) }
        router.get("/instructor") { request, _ in
            guard self.instructorAllowed(request) else {
                return Self.text(.unauthorized, "The instructor's view needs its token: the address printed at start-up.\n")
            }
            let page = self.view.page(try await self.liveFragment(), joinURL: self.addresses(port: self.boundPort.load(ordering: .relaxed)).join)
            return Self.text(.ok, page, type: "text/html; charset=utf-8")
        }
        router.get("/instructor/live") { request, _ in
            guard self.instructorAllowed(request) else { return Self.text(.unauthorized, "The instructor's view needs its token.\n") }
            return Self.text(.ok, try await self.liveFragment(), type: "text/html; charset=utf-8")
        }
        router.get("/live.js") { _, _ in Self.text(.ok, LiveView.script, type: "text/javascript; charset=utf-8") }
        router.get("/join/:code") { request, context in
            guard let code = context.parameters.get("code"), HostStore.same(code, self.keys.code) else {
                return Self.text(.unauthorized, "This join address is not this class's: ask your instructor for it again.\n")
            }
            if self.xterm != nil { return Self.text(.ok, TerminalPage.html(title: self.view.pack.title), type: "text/html; charset=utf-8") }
            return Self.text(
                .ok,
                "Join this class from your terminal:\n\n    iam-tutor --class \(self.addresses(port: self.boundPort.load(ordering: .relaxed)).join) --name \"YOUR NAME\"\n"
            )
        }
        if let xterm {
            router.get("/xterm/xterm.js") { _, _ in Self.text(.ok, xterm.script, type: "text/javascript; charset=utf-8") }
            router.get("/xterm/xterm.css") { _, _ in Self.text(.ok, xterm.css, type: "text/css; charset=utf-8") }
            router.get("/terminal.js") { _, _ in Self.text(.ok, TerminalPage.script, type: "text/javascript; charset=utf-8") }
            // Reached when the upgrade was refused: say why.
            router.get("/terminal/ws") { request, _ in
                guard let code = request.uri.queryParameters.get("code"), HostStore.same(String(code), self.keys.code) else {
                    return Self.text(.unauthorized, "not this class's join code\n")
                }
                if self.slots.inUse >= self.slots.maximum {
                    return Self.text(.serviceUnavailable, "all \(self.slots.maximum) terminals are in use: try again in a minute\n")
                }
                return Self.text(.badRequest, "a terminal is opened by the join page's WebSocket, with an id (32 hexadecimal digits) and a name\n")
            }
        }
    }

    /// The live part of the page, made at most once a second, and again after each stored record.
    /// Made on a queue of its own, so that a large class's report never holds up the records
    /// coming in; while one is being made, callers get the last one made.
    func liveFragment() async throws -> String {
        let second = Self.now()
        let current = version.load(ordering: .acquiring)
        if let cached = cache.withLock({ $0 }), cached.version == current, cached.second >= second - 1 { return cached.html }
        return try await withCheckedThrowingContinuation { continuation in
            Self.viewQueue.async {
                do {
                    if let cached = self.cache.withLock({ $0 }), cached.version == current, cached.second >= second - 1 {
                        continuation.resume(returning: cached.html)
                        return
                    }
                    let html = self.view.fragment(try self.store.learners(), at: second)
                    self.cache.withLock { $0 = (current, second, html) }
                    continuation.resume(returning: html)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static let viewQueue = DispatchQueue(label: "live view")

    /// `POST /api/results`: a learner's record, with the join code as a bearer token.
    func receive(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
            HostStore.same(String(authorization.dropFirst("Bearer ".count)), keys.code)
        else {
            return Self.text(.unauthorized, "{\"error\":\"the join code is missing or wrong\"}\n", type: "application/json")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > ClassRecord.maximumSize {
            return Self.text(.contentTooLarge, "{\"error\":\"a record is at most \(ClassRecord.maximumSize) bytes\"}\n", type: "application/json")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: ClassRecord.maximumSize)
        } catch {
            return Self.text(.contentTooLarge, "{\"error\":\"a record is at most \(ClassRecord.maximumSize) bytes\"}\n", type: "application/json")
        }
        let record: ClassRecord
        do {
            record = try JSONDecoder().decode(ClassRecord.self, from: Data(body.readableBytesView))
        } catch {
            return Self.text(.badRequest, "{\"error\":\"not a class record (\(ClassRecord.format))\"}\n", type: "application/json")
        }
        if let problem = record.problem {
            return Self.text(.badRequest, JSONOutput.object([("error", .string(problem))]).compact + "\n", type: "application/json")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let results = Array(try encoder.encode(record.results))
        switch try await store.accept(record, results: results, now: Self.now()) {
        case .stored(let learner):
            version.add(1, ordering: .releasing)
            for sink in sinks { await sink.stored(learner, record: record) }
            return Self.text(.ok, "{\"seq\":\(record.seq)}\n", type: "application/json")
        case .alreadyHave(let seq):
            return Self.text(.ok, "{\"seq\":\(seq),\"unchanged\":true}\n", type: "application/json")
        case .forbidden:
            return Self.text(.forbidden, "{\"error\":\"this learner id belongs to another secret\"}\n", type: "application/json")
        }
    }

    // MARK: - Terminals

    func terminalUpgrade(_ request: HTTPRequest) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let path = request.path ?? ""
        guard path.hasPrefix("/terminal/ws?") else { return .dontUpgrade }
        var query: [String: String] = [:]
        for pair in path.dropFirst("/terminal/ws?".count).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            query[String(parts[0])] = String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        guard let code = query["code"], HostStore.same(code, keys.code), let id = query["id"], ClassRecord.isHex(id, count: 32),
            let name = query["name"]?.shown(limit: 60).trimmingCharacters(in: .whitespaces), !name.isEmpty
        else { return .dontUpgrade }
        let columns = Int(query["cols"] ?? "") ?? 80
        let rows = Int(query["rows"] ?? "") ?? 24
        return .upgrade([:]) { inbound, outbound, _ in
            try await self.runTerminal(id: id, name: name, columns: columns, rows: rows, inbound: inbound, outbound: outbound)
        }
    }

    func runTerminal(id: String, name: String, columns: Int, rows: Int, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        // Over the bound, the page is told why (1013: try again later).
        guard slots.take() else {
            try await outbound.close(.unknown(1013), reason: "all \(slots.maximum) terminals are in use: try again in a minute")
            return
        }
        defer { slots.give() }
        let folder = settings.dataFolder + "/terminals/" + id
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let loopback = settings.bind == "0.0.0.0" || settings.bind == "::" ? "127.0.0.1" : settings.bind
        let port = boundPort.load(ordering: .relaxed)
        let join = "http://\(loopback.contains(":") ? "[\(loopback)]" : loopback):\(port)/join/\(keys.code)"
        let environment = [
            "TERM": "xterm-256color", "IAM_TUTOR_HOME": folder, "HOME": folder, "LANG": "C.UTF-8", "IAM_TUTOR_CONFINE": folder,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        let process: TerminalProcess
        do {
            process = try TerminalProcess(
                program: settings.tutorProgram, arguments: ["--class", join, "--name", name, "--lessons", settings.lessonsFolder], environment: environment,
                folder: folder, columns: min(max(columns, 10), 1000), rows: min(max(rows, 2), 500))
        } catch {
            try await outbound.close(.unexpectedServerError, reason: "the tutor could not be started")
            return
        }
        defer { process.terminate() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await chunk in process.output {
                    try await outbound.write(.binary(ByteBuffer(bytes: chunk)))
                    process.delivered()
                }
                try await outbound.close(.normalClosure, reason: "the tutor has ended")
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message, let kind = text.first else { continue }
                    let rest = text.dropFirst()
                    if kind == "i" {
                        process.write(Array(rest.utf8))
                    } else if kind == "r" {
                        let parts = rest.split(separator: "x")
                        if parts.count == 2, let c = Int(parts[0]), let r = Int(parts[1]) { process.resize(columns: c, rows: r) }
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
