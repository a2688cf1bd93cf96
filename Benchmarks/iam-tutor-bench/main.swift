// iam-tutor-bench: decisions per second of the policy engine on the standard workloads
// (../shared/bench, format "iam-eval-workload/1"). Policies are parsed and compiled once, the
// requests built once; then every request is decided, over repeated passes.
//
//     swift run -c release iam-tutor-bench ../shared/bench/workloads/account-small.json [...]
//
// Prints one JSON line per file:
// {"workload","decisions","agree","decisions_per_second","p50_ns","p99_ns","load_seconds","peak_rss_mb"}

import Foundation
import Policy
import Shell
import Tutor
import World

func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func peakResidentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

struct Workload {
    var name: String
    var requests: [(AuthorizationRequest, Int, EvalDecision)] = []
    var sets: [PolicySet] = []
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

func load(_ path: String) throws -> Workload {
    guard let data = FileManager.default.contents(atPath: path) else { throw BenchError(description: "cannot read \(path)") }
    let phase = now()
    let root = try JSONParser.parse(Array(data))
    let verbose = ProcessInfo.processInfo.environment["BENCH_VERBOSE"] != nil
    func report(_ what: String, since: UInt64) {
        if verbose { FileHandle.standardError.write(Data("  \(what): \(Double(now() - since) / 1e9) s\n".utf8)) }
    }
    report("JSON", since: phase)
    var mark = now()
    guard root["format"]?.string == "iam-eval-workload/1" else { throw BenchError(description: "\(path): not an iam-eval-workload/1 file") }
    var workload = Workload(name: root["name"]?.string ?? path)
    let account = root["account_id"]?.string ?? "123456789012"
    guard case .array(let policyNodes)? = root["policies"]?.kind,
        case .array(let principalNodes)? = root["principals"]?.kind,
        case .array(let requestNodes)? = root["requests"]?.kind
    else { throw BenchError(description: "\(path): policies, principals or requests missing") }

    var policies: [CompiledPolicy] = []
    policies.reserveCapacity(policyNodes.count)
    for node in policyNodes {
        let name = node["PolicyName"]?.string ?? "policy"
        policies.append(try CompiledPolicy(json: node["PolicyDocument"]?.string ?? "", kind: .identity, id: name, sourceType: "user-managed"))
    }
    report("policies", since: mark)
    mark = now()
    func ints(_ node: JSONNode?) -> [Int] {
        guard case .array(let list)? = node?.kind else { return [] }
        return list.compactMap { if case .number(let n) = $0.kind { Int(n) } else { nil } }
    }
    var callers: [Caller] = []
    for node in principalNodes {
        let name = node["Name"]?.string ?? "caller"
        callers.append(
            node["Kind"]?.string == "role"
                ? .roleSession(account: account, roleName: name, sessionName: "bench")
                : .user(account: account, path: "/", name: name))
        workload.sets.append(PolicySet(identity: ints(node["PolicyIndexes"]).map { policies[$0] }))
    }
    report("policy sets", since: mark)
    mark = now()
    for node in requestNodes {
        var principal = 0
        if case .number(let n)? = node["Principal"]?.kind { principal = Int(n) ?? 0 }
        var context = RequestContext()
        if case .array(let entries)? = node["ContextEntries"]?.kind {
            for e in entries {
                let values: [String]
                if case .array(let list)? = e["ContextKeyValues"]?.kind { values = list.compactMap(\.string) } else { values = [] }
                context[e["ContextKeyName"]?.string ?? ""] = ContextValue(values, type: ContextKeyType(rawValue: e["ContextKeyType"]?.string ?? "") ?? .string)
            }
        }
        func first(_ key: String) -> String {
            if case .array(let list)? = node[key]?.kind { return list.first?.string ?? "*" }
            return "*"
        }
        let request = AuthorizationRequest(caller: callers[principal], action: first("ActionNames"), resource: first("ResourceArns"), context: context)
        let expected = EvalDecision(rawValue: node["Expected"]?.string ?? "") ?? .implicitDeny
        workload.requests.append((request, principal, expected))
    }
    report("requests", since: mark)
    return workload
}

/// `--repl N`: `why`, `graph` and `show users` at the prompt on a world of N identities.
func replBenchmark(identities n: Int) {
    var world = World()
    let trust = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}'"#
    let policy = #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"}]}'"#
    for g in 0..<(n / 20) {
        _ = world.run("aws iam create-group --group-name g\(g)")
        _ = world.run("aws iam put-group-policy --group-name g\(g) --policy-name p --policy-document \(policy)")
    }
    for i in 0..<(n * 7 / 10) {
        _ = world.run("aws iam create-user --user-name u\(i)")
        _ = world.run("aws iam add-user-to-group --group-name g\(i % max(1, n / 20)) --user-name u\(i)")
    }
    for r in 0..<(n - n * 7 / 10 - n / 20) {
        _ = world.run("aws iam create-role --role-name r\(r) --assume-role-policy-document \(trust)")
        _ = world.run("aws iam put-role-policy --role-name r\(r) --policy-name p --policy-document \(policy)")
    }
    _ = world.run("aws iam create-access-key --user-name u1")
    _ = world.run("aws ec2 describe-instances --profile u1")
    var repl = REPL(world: world)
    for command in ["why", "graph", "show users"] {
        var times: [UInt64] = []
        for _ in 0..<7 {
            let start = now()
            let out = repl.execute(command)
            times.append(now() - start)
            if out.isEmpty { print("empty output") }
        }
        times.sort()
        print("{\"command\": \"\(command)\", \"identities\": \(n), \"median_ms\": \(String(format: "%.2f", Double(times[times.count / 2]) / 1e6))}")
    }
}

/// `--aws N`: one `aws` call in a world of N identities where the caller has 60 policies
/// (10 of its own, 50 from 10 groups): every policy was compiled when written.
func awsCallBenchmark(identities n: Int) {
    var world = World()
    func doc(_ i: Int) -> String {
        #"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*","dynamodb:Query"],"Resource":"arn:aws:s3:::bucket-\#(i)/*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}'"#
    }
    for g in 0..<10 {
        _ = world.run("aws iam create-group --group-name g\(g)")
        for p in 0..<5 { _ = world.run("aws iam put-group-policy --group-name g\(g) --policy-name p\(p) --policy-document \(doc(g * 5 + p))") }
    }
    for i in 0..<n {
        _ = world.run("aws iam create-user --user-name u\(i)")
        for g in 0..<10 { _ = world.run("aws iam add-user-to-group --group-name g\(g) --user-name u\(i)") }
        for p in 0..<10 { _ = world.run("aws iam put-user-policy --user-name u\(i) --policy-name own\(p) --policy-document \(doc(100 + p))") }
    }
    _ = world.run("aws iam create-access-key --user-name u\(n / 2)")
    // The session as the prompt holds it: one world, each call recorded in its trail. (A copy per
    // call, as `undo` keeps today, also copies the trail: that cost is the undo history's.)
    var w = world
    var times: [UInt64] = []
    let calls = ProcessInfo.processInfo.environment["BENCH_CALLS"].flatMap(Int.init) ?? 300
    for _ in 0..<calls {
        let start = now()
        let outcome = w.run("aws ec2 describe-instances --profile u\(n / 2)")
        times.append(now() - start)
        _ = outcome
    }
    times.sort()
    print(
        "{\"benchmark\": \"aws-call\", \"identities\": \(n), \"policies_per_caller\": 60, \"median_us\": \(String(format: "%.1f", Double(times[times.count / 2]) / 1e3)), \"p99_us\": \(String(format: "%.1f", Double(times[times.count * 99 / 100]) / 1e3))}"
    )
}

/// `--attack DIR`: every task of the lessons in DIR graded on its reference solution (goals,
/// attacks and the least-privilege sweep), and lint of the whole folder, mutation testing included.
func attackBenchmark(folder: String) {
    let (lessons, _) = LessonCatalog.scan(folder: folder).parseAll()
    var times: [UInt64] = []
    for lesson in lessons {
        for (i, step) in lesson.steps.enumerated() {
            guard case .task(let task) = step.kind else { continue }
            let start = lesson.world(atStep: i)
            var after = start
            for c in task.solution { _ = after.run(c) }
            for _ in 0..<20 {
                let t0 = now()
                let g = task.grade(from: start, to: after)
                times.append(now() - t0)
                if g.grade != .best { print("not best: \(lesson.id).\(step.id)") }
            }
        }
    }
    times.sort()
    let t0 = now()
    let problems = Lint.check(lessons)
    let lint = now() - t0
    print(
        "{\"benchmark\": \"task-check\", \"tasks\": \(times.count / 20), \"median_ms\": \(String(format: "%.2f", Double(times[times.count / 2]) / 1e6)), \"p99_ms\": \(String(format: "%.2f", Double(times[times.count * 99 / 100]) / 1e6)), \"lint_ms\": \(String(format: "%.0f", Double(lint) / 1e6)), \"lint_problems\": \(problems.count)}"
    )
}

/// `--session N`: N `aws` commands typed at the prompt (through the REPL value, so `undo` keeps
/// its history as it does for a learner): mostly `create-user`, every tenth a read. Prints the
/// time per 1,000 commands at ten points (flat when the cost per command does not grow with the
/// session) and the peak resident memory.
func sessionBenchmark(commands n: Int) {
    var repl = REPL(world: World())
    let points = Set((1...10).map { n * $0 / 10 })
    var windowStart = now()
    var windowCommands = 0
    var users = 0
    let total = now()
    for i in 1...n {
        let command: String
        switch i % 10 {
        case 3: command = "aws iam get-user --user-name u\(max(0, users - 1))"
        case 7: command = "aws iam list-groups"
        case 9: command = "aws sts get-caller-identity"
        default:
            command = "aws iam create-user --user-name u\(users)"
            users += 1
        }
        _ = repl.execute(command)
        windowCommands += 1
        if points.contains(i) {
            let perThousand = Double(now() - windowStart) / 1e6 / Double(windowCommands) * 1000
            print(
                "{\"benchmark\": \"session\", \"commands\": \(i), \"users\": \(users), \"ms_per_1000_commands\": \(String(format: "%.0f", perThousand)), \"peak_rss_mb\": \(String(format: "%.1f", peakResidentMB()))}"
            )
            windowStart = now()
            windowCommands = 0
        }
    }
    print(
        "{\"benchmark\": \"session\", \"commands\": \(n), \"total_s\": \(String(format: "%.2f", Double(now() - total) / 1e9)), \"peak_rss_mb\": \(String(format: "%.1f", peakResidentMB()))}"
    )
}

/// What the first prompt costs, part by part (median of repeated runs in one process; the first,
/// cold run apart): the sandbox world, the lesson menu's scan, the pack's quick reading, and a REPL
/// up to its welcome.
func startupBenchmark(folder: String) {
    func measure(_ name: String, _ body: () -> Void) {
        let t0 = now()
        body()
        let cold = now() - t0
        var runs: [UInt64] = []
        for _ in 0..<50 {
            let t = now()
            body()
            runs.append(now() - t)
        }
        runs.sort()
        print(
            "{\"benchmark\": \"startup\", \"part\": \"\(name)\", \"cold_us\": \(cold / 1000), \"median_us\": \(runs[runs.count / 2] / 1000), \"p90_us\": \(runs[runs.count * 9 / 10] / 1000)}"
        )
    }
    measure("sandbox world") { _ = World.sandbox() }
    measure("lesson menu scan") { _ = LessonCatalog.scan(folder: folder) }
    measure("pack quick reading") { _ = PackInfo.quick(folder: folder) }
    measure("REPL to its welcome") {
        let repl = REPL(world: .sandbox(), lessons: LessonCatalog.scan(folder: folder))
        _ = repl.welcome
    }
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--startup" {
    startupBenchmark(folder: CommandLine.arguments[2])
    exit(0)
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--session", let n = Int(CommandLine.arguments[2]), n > 0 {
    sessionBenchmark(commands: n)
    exit(0)
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--aws", let n = Int(CommandLine.arguments[2]) {
    awsCallBenchmark(identities: n)
    exit(0)
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--attack" {
    attackBenchmark(folder: CommandLine.arguments[2])
    exit(0)
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--repl", let n = Int(CommandLine.arguments[2]) {
    replBenchmark(identities: n)
    exit(0)
}

let paths = CommandLine.arguments.dropFirst()
if paths.isEmpty {
    FileHandle.standardError.write(Data("usage: iam-tutor-bench WORKLOAD.json ...  |  iam-tutor-bench --repl IDENTITIES\n".utf8))
    exit(64)
}
for path in paths {
    let t0 = now()
    let workload: Workload
    do {
        workload = try load(path)
    } catch {
        FileHandle.standardError.write(Data("iam-tutor-bench: \(error)\n".utf8))
        exit(65)
    }
    let loadSeconds = Double(now() - t0) / 1e9
    let requests = workload.requests
    let sets = workload.sets

    // Agreement, once.
    var agree = 0
    for (request, principal, expected) in requests where Evaluator.decide(request, sets[principal]).decision == expected {
        agree += 1
    }

    // Throughput: repeated passes for at least ~1.5 s (and at least 5 passes); median pass.
    var passes: [Double] = []
    var spent: UInt64 = 0
    var sink = 0
    while passes.count < 5 || (spent < 1_500_000_000 && passes.count < 200) {
        let start = now()
        // Read in place: the pass times the decisions, not copies of the workload's entries.
        requests.withUnsafeBufferPointer { list in
            sets.withUnsafeBufferPointer { sets in
                for i in list.indices where Evaluator.decide(list[i].0, sets[list[i].1]).decision == .allowed { sink &+= 1 }
            }
        }
        let elapsed = now() - start
        spent += elapsed
        passes.append(Double(elapsed))
    }
    passes.sort()
    let perSecond = Double(requests.count) / (passes[passes.count / 2] / 1e9)

    // Latency of single decisions (the clock's own cost included).
    var latencies: [UInt64] = []
    latencies.reserveCapacity(requests.count)
    for (request, principal, _) in requests {
        let start = now()
        if Evaluator.decide(request, sets[principal]).decision == .allowed { sink &+= 1 }
        latencies.append(now() - start)
    }
    // BENCH_SLOWEST=N lists the N slowest requests on standard error, to see what the tail is made of.
    if let n = ProcessInfo.processInfo.environment["BENCH_SLOWEST"].flatMap(Int.init) {
        for i in latencies.indices.sorted(by: { latencies[$0] > latencies[$1] }).prefix(n) {
            let r = requests[i].0
            FileHandle.standardError.write(Data("\(latencies[i]) ns  \(r.action) \(r.resource) -> \(requests[i].2.rawValue)\n".utf8))
        }
    }
    latencies.sort()
    let p50 = latencies[latencies.count / 2]
    let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]

    let line: [(String, String)] = [
        ("workload", "\"\(workload.name)\""),
        ("decisions", "\(requests.count)"),
        ("agree", "\(agree)"),
        ("decisions_per_second", "\(Int(perSecond))"),
        ("p50_ns", "\(p50)"),
        ("p99_ns", "\(p99)"),
        ("load_seconds", String(format: "%.3f", loadSeconds)),
        ("peak_rss_mb", String(format: "%.1f", peakResidentMB())),
    ]
    print("{" + line.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    if sink == -1 { print(sink) }
}
