import Foundation
import TestSupport
import Testing
import Tutor
import World

/// Every `aws` command a shipped lesson holds — its world, solutions, the designs it rejects and
/// accepts, and hints that are commands, with each variant's values — is accepted by the real
/// AWS CLI: run through awscli (installed by `bash .ci/setup --tests`) against a local endpoint
/// where nothing listens, none is refused before sending.
@Suite("the real AWS CLI accepts every lesson command")
struct RealCLITests {
    struct Command: Encodable {
        var `where`: String
        var argv: [String]
    }

    /// The lessons' commands, for 32 seeds (each draws its variants' values; with lists of four,
    /// 32 draws leave a value out with odds below one in a thousand, and the draws are fixed).
    static func commands() throws -> [Command] {
        var out: [Command] = []
        var seen: Set<[String]> = []
        let files = try FileManager.default.contentsOfDirectory(atPath: lessonsFolder).filter { $0.hasSuffix(".yaml") && $0 != "pack.yaml" }.sorted()
        for file in files {
            let text = try String(contentsOfFile: lessonsFolder + "/" + file, encoding: .utf8)
            for seed in UInt64(0)..<32 {
                let lesson = try LessonLoader.load(yaml: text, file: file, seed: seed)
                var lines: [(String, String)] = lesson.world.map { ("\(file) world", $0) }
                for step in lesson.steps {
                    let place = "\(file) step \(step.id)"
                    lines += step.hints.flatMap(Self.hintCommands).map { ("\(place) hint", $0) }
                    if case .task(let task) = step.kind {
                        lines += task.solution.map { ("\(place) solution", $0) }
                        for design in task.rejects + task.accepts {
                            lines += design.commands.map { ("\(place) design \(design.name)", $0) }
                        }
                    }
                }
                for (place, line) in lines where line.hasPrefix("aws ") {
                    let argv = try ShellWords.split(line)
                    if seen.insert(argv).inserted { out.append(Command(where: place, argv: argv)) }
                }
            }
        }
        return out
    }

    /// The commands a hint gives: `aws …`, or `aws … then aws …`; a hint that only names a
    /// command in prose (`<the key's id>`, a sentence) gives none.
    static func hintCommands(_ hint: String) -> [String] {
        hint.components(separatedBy: " then ").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            $0.hasPrefix("aws ") && !$0.contains("<") && !$0.hasSuffix(".") && !$0.hasSuffix(",")
        }
    }

    @Test func everyLessonCommandIsAcceptedByTheRealCLI() throws {
        let commands = try Self.commands()
        #expect(commands.count > 100, "the lessons hold more commands than \(commands.count)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-commands-\(getpid()).json")
        try JSONEncoder().encode(commands).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot.appendingPathComponent(".ci/models/cli_accepts.py").path, file.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let refused = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(said)\n\(refused)")
    }
}
