import ClassLink
import Foundation
import Synchronization
import Tutor

/// The instructor's live class view: who is where and who is stuck now, above the class report's
/// own figures (computed by `ClassReport` from the stored results, as `iam-tutor report` does).
/// Every text a learner sent is cut short and escaped before it reaches the page.
public struct LiveView: Sendable {
    public let pack: PackInfo
    public let lessons: [Lesson]
    /// Results decoded once per stored record, not once per refresh.
    let decoded = DecodedResults()
    /// A learner counts as stuck after this long on one step, or this many tries, with no hint taken.
    public var stuckSeconds = 300
    public var stuckTries = 3

    public init(pack: PackInfo, lessons: [Lesson]) {
        self.pack = pack
        self.lessons = lessons
    }

    /// One learner's line in the "now" table.
    public struct Now: Sendable, Equatable {
        public var name: String
        public var place: String
        public var seconds: Int
        public var tries: Int
        public var hints: Int
        public var stuck: Bool
        public var lastSeen: Int
    }

    public func now(_ learners: [HostStore.Learner], at time: Int) -> [Now] {
        learners.map { learner in
            let results = decoded.results(learner.results)
            var tries = 0
            var hints = 0
            var place = "at the menu"
            var seconds = 0
            if let lesson = learner.lesson {
                let step = learner.step ?? ""
                place = lesson.shown(limit: 40) + (step.isEmpty ? "" : " · " + step.shown(limit: 40))
                seconds = max(0, time - learner.stepSince)
                if let r = results?.lessons.first(where: { $0.id == lesson })?.steps.first(where: { $0.id == step }) {
                    tries = max(0, min(r.attempts, 1_000_000))
                    hints = max(0, min(r.hints, 1000))
                }
            }
            let stuck = learner.lesson != nil && hints == 0 && (seconds >= stuckSeconds || tries >= stuckTries)
            return Now(
                name: learner.name.shown(limit: 60).ifEmpty("(no name)"), place: place, seconds: seconds, tries: tries, hints: hints, stuck: stuck,
                lastSeen: max(0, time - learner.lastSeen))
        }.sorted { ($0.stuck ? 0 : 1, $0.name.lowercased()) < ($1.stuck ? 0 : 1, $1.name.lowercased()) }
    }

    /// The class report over the stored results, exactly as `iam-tutor report --db` makes it.
    public func report(_ learners: [HostStore.Learner]) -> ClassReport {
        let decoded = self.decoded
        decoded.keep(learners.map(\.results))
        return ClassReport(pack: pack, lessons: lessons, files: learners.map { (Self.fileName($0), $0.results) }) { bytes in decoded.results(bytes) }
    }

    /// How a learner's results are named where the report names files (its "left out" list).
    public static func fileName(_ learner: HostStore.Learner) -> String {
        "\(learner.name.shown(limit: 60)) (\(learner.id.prefix(8)))"
    }

    /// The part of the page that updates: the "now" table and the report's body.
    public func fragment(_ learners: [HostStore.Learner], at time: Int) -> String {
        let rows = now(learners, at: time)
        let stuck = rows.filter(\.stuck).count
        var b = "<h2>Now</h2>\n<p id=\"summary\">\(rows.count) learner\(rows.count == 1 ? "" : "s") joined"
        b +=
            stuck == 0
            ? "; nobody is stuck.</p>\n" : "; <strong>\(stuck) stuck</strong> (\(stuckSeconds / 60) min or \(stuckTries) tries on one step, no hint).</p>\n"
        b += "<table id=\"now\"><tr><th>Learner</th><th>Where</th><th>On this step</th><th>Tries</th><th>Hints</th><th>Last heard</th></tr>\n"
        for row in rows {
            b += "<tr\(row.stuck ? " class=\"stuck\"" : "")><th>\(row.name.htmlEscaped)\(row.stuck ? " <span class=\"flag\">stuck</span>" : "")</th>"
            b += "<td>\(row.place.htmlEscaped)</td><td>\(Self.duration(row.seconds))</td><td>\(row.tries)</td><td>\(row.hints)</td>"
            b += "<td>\(Self.duration(row.lastSeen)) ago</td></tr>\n"
        }
        b += "</table>\n"
        let html = report(learners).html()
        if let body = html.between("<body>", "</body>") { b += "<section id=\"report\">\n" + body + "</section>\n" }
        return b
    }

    /// The whole page; `fragment` inside, refreshed by `/live.js` every two seconds.
    public func page(_ fragment: String, joinURL: String) -> String {
        let reportStyle = ClassReport(pack: pack, lessons: lessons, files: []) { _ in nil }.html().between("<style>", "</style>") ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Live class — \(pack.title.htmlEscaped)</title>
            <style>\(reportStyle)
            #now .stuck th,#now .stuck td{background:#fdecea}.flag{background:#c62828;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.8em}
            #status{color:#555;font-size:.9em}code.join{font-size:1.1em;background:#eef;padding:.2rem .4rem}
            </style></head><body>
            <h1>Live class — \(pack.title.htmlEscaped)</h1>
            <p>Join: <code class="join">iam-tutor --class \(joinURL.htmlEscaped) --name NAME</code> <span id="status">updated every 2 s</span></p>
            <div id="live">
            \(fragment)</div>
            <script src="/live.js"></script>
            </body></html>

            """
    }

    public static let script = """
        // Refreshes the live part of the page every two seconds; says so when the host is away.
        (function () {
          var token = new URLSearchParams(location.search).get('token') || '';
          var last = '';
          var status = document.getElementById('status');
          function tick() {
            fetch('/instructor/live?token=' + encodeURIComponent(token), {cache: 'no-store'}).then(function (r) {
              if (!r.ok) { status.textContent = 'the host answers ' + r.status; return null; }
              return r.text();
            }).then(function (text) {
              if (text === null) return;
              if (text !== last) { last = text; document.getElementById('live').innerHTML = text; }
              status.textContent = 'live, ' + new Date().toLocaleTimeString();
            }).catch(function () { status.textContent = 'the host cannot be reached; trying again'; })
              .finally(function () { setTimeout(tick, 2000); });
          }
          setTimeout(tick, 2000);
        })();

        """

    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }
}

/// Decoded results by their bytes: a learner's stored record is decoded once, however often
/// the view is refreshed; records no longer stored are forgotten.
final class DecodedResults: Sendable {
    private let cache = Mutex<[[UInt8]: LearnerResults?]>([:])

    func results(_ bytes: [UInt8]) -> LearnerResults? {
        if let hit = cache.withLock({ $0[bytes] }) { return hit }
        let value = try? JSONDecoder().decode(LearnerResults.self, from: Data(bytes))
        cache.withLock { $0[bytes] = value }
        return value
    }

    /// Forgets what is not among `current`.
    func keep(_ current: [[UInt8]]) {
        let wanted = Set(current)
        cache.withLock { $0 = $0.filter { wanted.contains($0.key) } }
    }
}

extension String {
    /// Text a learner sent, made safe to show: control, line-separator and direction characters
    /// dropped, cut at `limit` characters.
    public func shown(limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                || v == 0x200E || v == 0x200F || v == 0xFEFF
            {
                continue
            }
            if count == limit {
                out += "…"
                break
            }
            out.unicodeScalars.append(scalar)
            count += 1
        }
        return out
    }

    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }

    func between(_ start: String, _ end: String) -> String? {
        guard let a = range(of: start), let b = range(of: end, range: a.upperBound..<endIndex) else { return nil }
        return String(self[a.upperBound..<b.lowerBound])
    }
}
