// A load on the workshop host, on loopback: N learners posting a record every 2 s and T browser
// terminals running the tutor, for a while; then the post latencies (p50, p99, max) and the
// host's memory. A benchmark, not a test: it prints figures.
//
//     swift build -c release --product iam-tutor --product iam-tutor-class --product iam-tutor-class-bench
//     .build/release/iam-tutor-class-bench [--learners 200] [--terminals 50] [--seconds 60]
import ClassLink
import Foundation
import Synchronization
import Tutor

#if canImport(Glibc)
    import Glibc
#endif

func options() -> (learners: Int, terminals: Int, seconds: Int) {
    var learners = 200
    var terminals = 50
    var seconds = 60
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let a = arguments.next() {
        let value = arguments.next().flatMap { Int($0) }
        switch (a, value) {
        case ("--learners", let v?): learners = min(max(v, 0), 5000)
        case ("--terminals", let v?): terminals = min(max(v, 0), 500)
        case ("--seconds", let v?): seconds = min(max(v, 5), 3600)
        default:
            FileHandle.standardError.write(Data("usage: iam-tutor-class-bench [--learners N] [--terminals N] [--seconds N]\n".utf8))
            exit(64)
        }
    }
    return (learners, terminals, seconds)
}
let (learners, terminals, seconds) = options()
let interval = 2.0

let bin = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
let root = bin.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let lessons = root.appendingPathComponent("lessons").path
let data = FileManager.default.temporaryDirectory.appendingPathComponent("iam-tutor-class-bench-\(getpid())").path
defer { try? FileManager.default.removeItem(atPath: data) }

// The host, as an instructor starts it.
let host = Process()
host.executableURL = bin.appendingPathComponent("iam-tutor")
host.arguments = ["class", "serve", "--port", "0", "--data", data, "--lessons", lessons, "--terminals", "--max-terminals", String(max(terminals, 1))]
let hostOut = Pipe()
host.standardOutput = hostOut
try host.run()
var printed = ""
while !printed.contains("Report any time:") {
    let chunk = hostOut.fileHandleForReading.availableData
    if chunk.isEmpty { break }
    printed += String(decoding: chunk, as: UTF8.self)
}
guard let joinLine = printed.split(separator: "\n").first(where: { $0.hasPrefix("Learners join:") }) else {
    print("the host did not start: \(printed)")
    exit(1)
}
let address = try ClassAddress(parsing: String(joinLine.split(separator: " ")[4]))
let token = printed.split(separator: "\n").first { $0.hasPrefix("Instructor view:") }.map { String($0.split(separator: "=").last ?? "") } ?? ""

// A realistic record: the whole shipped pack's results, a few steps passed.
let pack = try PackInfo.load(folder: lessons)
let lessonList = LessonCatalog.scan(folder: lessons).ordered(pack.order).parseAll().0
@Sendable func results(_ name: String, passed: Int) -> LearnerResults {
    var progress = LearnerProgress()
    var n = 0
    for lesson in lessonList {
        var record = LessonRecord()
        for step in lesson.steps where step.isInteractive && n < passed {
            var s = StepRecord()
            s.result = .passed
            s.attempts = 2
            s.seconds = 40
            s.wrongChoices = n % 3 == 0 ? ["user"] : []
            record.steps[step.id] = s
            record.current = step.id
            n += 1
        }
        progress.lessons[lesson.id] = record
        if n < passed { continue }
        progress.currentLesson = lesson.id
        break
    }
    return LearnerResults(learner: name, pack: .init(id: pack.id, version: pack.version, hash: pack.hash), lessons: lessonList, progress: progress)
}

@Sendable func rss(_ pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

/// The processes whose parent is `pid` (from /proc/N/stat: the field after the name).
@Sendable func children(of pid: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter { child in
        guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 && Int32(fields[1]) == pid
    }
}

let latencies = Mutex<[Double]>([])
let failures = Mutex<[String: Int]>([:])
let firstOutput = Mutex<[Double]>([])
let deadline = Date(timeIntervalSinceNow: Double(seconds))
let group = DispatchGroup()

// Learners: each posts its record every `interval` seconds, starting at a random offset.
let sample = results("sample", passed: 6).encodedSize
for i in 0..<learners {
    group.enter()
    Thread.detachNewThread {
        defer { group.leave() }
        var generator = SystemRandomNumberGenerator()
        func hex(_ words: Int) -> String { (0..<words).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined() }
        let id = hex(2)
        let secret = hex(4)
        usleep(UInt32.random(in: 0..<UInt32(interval * 1_000_000)))
        var seq = 0
        while Date() < deadline {
            seq += 1
            let record = ClassRecord(
                learnerId: id, secret: secret, seq: seq, lesson: lessonList.first?.id, step: nil, results: results("Learner \(i)", passed: 1 + seq % 12))
            let body = Array(record.encoded())
            let start = Date()
            do {
                let response = try HTTPClient.request(
                    method: "POST", host: address.host, port: address.port, path: "/api/results",
                    headers: [("Authorization", "Bearer \(address.code)"), ("Content-Type", "application/json")], body: body, timeout: 10)
                if response.status == 200 {
                    latencies.withLock { $0.append(Date().timeIntervalSince(start)) }
                } else {
                    failures.withLock { $0["HTTP \(response.status)", default: 0] += 1 }
                }
            } catch {
                failures.withLock { $0["\(error)", default: 0] += 1 }
            }
            let next = start.addingTimeInterval(interval)
            let wait = next.timeIntervalSinceNow
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
        }
    }
}

// Terminals: a WebSocket each (a minimal client: handshake, masked text frames, output drained),
// typing `start plumber` and then a command every 5 s.
@Sendable func frame(_ text: String) -> [UInt8] {
    let payload = Array(text.utf8)
    var out: [UInt8] = [0x81]
    if payload.count < 126 { out.append(0x80 | UInt8(payload.count)) } else { out += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] }
    let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
    out += mask
    out += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    return out
}

for i in 0..<terminals {
    group.enter()
    Thread.detachNewThread {
        defer { group.leave() }
        usleep(UInt32(i) * 100_000)
        let id = String(format: "%032x", i + 1)
        guard let fd = try? HTTPClient.connect(host: address.host, port: address.port, timeout: 10) else {
            failures.withLock { $0["terminal connect", default: 0] += 1 }
            return
        }
        defer { close(fd) }
        let start = Date()
        let request =
            "GET /terminal/ws?code=\(address.code)&id=\(id)&name=T\(i)&cols=100&rows=30 HTTP/1.1\r\nHost: \(address.host):\(address.port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        guard (try? HTTPClient.sendAll(fd, Array(request.utf8))) != nil else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var sawOutput = false
        var typed = 0
        var lastTyped = Date()
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 200) > 0 {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 {
                    failures.withLock { $0["terminal closed", default: 0] += 1 }
                    return
                }
                if !sawOutput && n > 200 {
                    sawOutput = true
                    firstOutput.withLock { $0.append(Date().timeIntervalSince(start)) }
                }
            }
            if sawOutput && Date().timeIntervalSince(lastTyped) > 5 {
                let line = typed == 0 ? "start plumber\r" : "help\r"
                _ = try? HTTPClient.sendAll(fd, frame("i" + line))
                typed += 1
                lastTyped = Date()
            }
        }
    }
}

// The instructor: the live view polled every 2 s, as its page does.
let views = Mutex<[Double]>([])
group.enter()
Thread.detachNewThread {
    defer { group.leave() }
    while Date() < deadline {
        let start = Date()
        if let page = try? HTTPClient.request(method: "GET", host: address.host, port: address.port, path: "/instructor/live?token=\(token)", timeout: 10),
            page.status == 200
        {
            views.withLock { $0.append(Date().timeIntervalSince(start)) }
        } else {
            failures.withLock { $0["live view", default: 0] += 1 }
        }
        usleep(2_000_000)
    }
}

// The host's memory, sampled every second.
var hostPeak = 0
var tutorsPeak = 0
while Date() < deadline {
    hostPeak = max(hostPeak, rss(host.processIdentifier))
    tutorsPeak = max(tutorsPeak, children(of: host.processIdentifier).reduce(0) { $0 + rss($1) })
    sleep(1)
}
group.wait()
host.terminate()
host.waitUntilExit()

let sorted = latencies.withLock { $0 }.sorted()
func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
let firsts = firstOutput.withLock { $0 }.sorted()
let viewTimes = views.withLock { $0 }.sorted()
let summary: [String: Any] = [
    "learners": learners, "terminals": terminals, "seconds": seconds, "record_bytes": sample,
    "posts": sorted.count, "post_ms_p50": (percentile(0.5) * 10).rounded() / 10, "post_ms_p99": (percentile(0.99) * 10).rounded() / 10,
    "post_ms_max": ((sorted.last ?? 0) * 10_000).rounded() / 10, "failures": failures.withLock { $0 },
    "terminals_started": firsts.count,
    "terminal_first_screen_ms_p99": firsts.isEmpty ? 0 : (firsts[min(firsts.count - 1, Int(Double(firsts.count) * 0.99))] * 1000).rounded(),
    "live_view_ms_p50": viewTimes.isEmpty ? 0 : (viewTimes[viewTimes.count / 2] * 1000).rounded(),
    "live_view_ms_max": ((viewTimes.last ?? 0) * 1000).rounded(),
    "host_rss_peak_mb": Double(hostPeak / 102) / 10, "tutors_rss_peak_mb": Double(tutorsPeak / 102) / 10,
]
let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))

extension LearnerResults {
    var encodedSize: Int { encoded().count }
}
