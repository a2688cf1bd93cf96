import Foundation
import Policy
import Shell
import Tutor
import World

/// The fuzz targets: each takes arbitrary bytes and must neither trap nor hang.
///
/// Built with `-sanitize=fuzzer` (see `.ci/fuzz`), libFuzzer drives `LLVMFuzzerTestOneInput` and
/// `FUZZ_TARGET` picks the target. Built normally, this is a plain program that replays files
/// (the kept crashers and the seed corpus) through a target: the regression test of every crash
/// once found.
enum FuzzTarget: String, CaseIterable {
    case repl, policy, simulate, lesson, progress, results

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .repl:
            // Each line at the prompt, in the sandbox and in a lesson.
            var repl = REPL(world: .sandbox(), lessons: FuzzTarget.catalog, store: MemoryProgressStore())
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
                _ = repl.execute(String(line.prefix(4096)), ask: { _ in "y" })
            }
        case .policy:
            for kind in [PolicyKind.identity, .resource, .trust] {
                if let compiled = try? CompiledPolicy(json: text, kind: kind, id: "fuzz") {
                    let request = AuthorizationRequest(
                        caller: .user(account: "111122223333", path: "/", name: "u"), action: "s3:GetObject", resource: "arn:aws:s3:::b/k")
                    _ = Evaluator.explain(request, PolicySet(identity: [compiled]))
                }
            }
        case .simulate:
            if let request = try? SimulationRequest(json: text), let simulator = try? PolicySimulator(request) {
                _ = simulator.response().compact
            }
        case .lesson:
            if let lesson = try? LessonLoader.load(yaml: text, file: "fuzz.yaml") {
                _ = Lint.check([lesson])
            }
        case .progress:
            if let progress = try? LearnerProgress.decode(Data(bytes)) {
                _ = progress.validated()
            }
        case .results:
            let report = ClassReport(pack: PackInfo(), lessons: [], files: [(name: "fuzz.json", data: bytes)]) {
                try? JSONDecoder().decode(LearnerResults.self, from: Data($0))
            }
            _ = (report.text(), report.markdown(), report.csv(), report.html())
        }
    }

    /// One small lesson, so `start` has something to open.
    static let catalog: LessonCatalog = {
        let yaml = """
            id: fuzz
            title: Fuzz
            summary: s
            minutes: 5
            world:
              - aws iam create-user --user-name u
            steps:
              - id: q
                ask: Which?
                choices:
                  - {id: a, text: a, correct: true, feedback: f}
                  - {id: b, text: b, feedback: f}
                hints: [h]
              - id: t
                task: let u list users
                goal:
                  - can: {as: user/u, do: "iam:ListUsers", on: "*"}
                hints: [h]
                solution: ["aws iam attach-user-policy --user-name u --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess"]
              - id: r
                recap: r
            """
        return LessonCatalog(lessons: [try! LessonLoader.load(yaml: yaml, file: "fuzz.yaml")])
    }()

    static var current: FuzzTarget {
        ProcessInfo.processInfo.environment["FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:)) ?? .repl
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.current.run(bytes)
    return 0
}

#if FUZZING
    /// libFuzzer's own driver, called from the entry point the package manager names.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @_cdecl("iam_tutor_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var values = argv
        return LLVMFuzzerRunDriver(&count, &values) { data, size in fuzzOne(data, size) }
    }
#else
    /// `iam-tutor-fuzz TARGET FILE…`: replays files through a target.
    @main
    struct Replay {
        static func main() {
            let args = CommandLine.arguments.dropFirst()
            guard let name = args.first, let target = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(Data("usage: iam-tutor-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...\n".utf8))
                exit(64)
            }
            for path in args.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                    exit(66)
                }
                target.run(Array(data))
            }
            print("\(args.count - 1) file(s) replayed through \(target.rawValue): no crash")
        }
    }
#endif
