import ArgumentParser
import Foundation
import Tutor
import XAPI

#if canImport(Glibc)
    import Glibc
#endif

/// `iam-tutor class …`: the workshop host, a program of its own (`iam-tutor-class`, installed
/// beside this one) so that none of its server code is loaded when the prompt starts.
struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "Run a workshop: `iam-tutor class serve` starts the host with the live class view (see `iam-tutor class serve --help`).",
        discussion: "Learners join with `iam-tutor --class URL --name NAME`; the host prints the URL."
    )

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("serve [--port N] [--bind ADDRESS] [--data DIR] [--terminals] …", valueName: "ARGS"))
    var arguments: [String] = []

    func run() throws {
        let program = try Self.hostProgram()
        let argv = [program] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        execv(program, &cArgs)
        printError("iam-tutor: cannot start \(program): \(String(cString: strerror(errno)))")
        throw ExitCode(.unavailable)
    }

    /// `iam-tutor-class` beside this program, else on the PATH.
    static func hostProgram() throws -> String {
        var candidates: [String] = []
        if let me = realpath("/proc/self/exe", nil) {
            let path = String(cString: me)
            free(me)
            candidates.append(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) + "/iam-tutor-class")
        }
        for folder in (TutorSettings.env("PATH") ?? "").split(separator: ":") { candidates.append(folder + "/iam-tutor-class") }
        guard let found = candidates.first(where: { access($0, X_OK) == 0 }) else {
            printError(
                "iam-tutor: the workshop host `iam-tutor-class` is not installed beside iam-tutor nor on the PATH: build it with `swift build --product iam-tutor-class` or install with `bash .ci/install`"
            )
            throw ExitCode(.unavailable)
        }
        return found
    }

    /// The learners' results held in a host's database, as (name, bytes) pairs for the report:
    /// read by the host program, which links SQLite.
    static func results(database: String) throws -> [(name: String, data: [UInt8])] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try hostProgram())
        process.arguments = ["results", "--db", database]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ExitCode(.noInput) }
        struct Entry: Decodable {
            var name: String
            var data: Data
        }
        guard let entries = try? JSONDecoder().decode([Entry].self, from: data) else {
            printError("iam-tutor: the results read from \(database) are not what iam-tutor-class writes; are both from the same build?")
            throw ExitCode(.dataError)
        }
        return entries.map { ($0.name, Array($0.data)) }
    }

    /// Sends xAPI statements to a Learning Record Store through the host program, which links the
    /// HTTP client (this one does not, so that its prompt opens fast). The host program's own
    /// lines (what was stored, or why not) are the user's; its failure is this command's.
    static func send(_ statements: [JSONValue], lrs: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try hostProgram())
        process.arguments = ["send", "--lrs", lrs]
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
        } catch {
            printError("iam-tutor: cannot start \(process.executableURL?.path ?? "iam-tutor-class"): \(error)")
            throw ExitCode(.unavailable)
        }
        let lines = statements.map { $0.serialized() + "\n" }.joined()
        // A host program that stops early (a bad URL) closes its end: the write fails, its exit
        // status says why.
        try? input.fileHandleForWriting.write(contentsOf: Data(lines.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
    }
}
