import ArgumentParser
import ClassHost
import Foundation
import LRS
import Tutor
import XAPI

/// `iam-tutor-class`: the workshop host, run as `iam-tutor class …`.
@main
struct ClassTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam-tutor class",
        abstract: "Run a workshop: a host that collects every learner's results and shows the class live.",
        subcommands: [Serve.self, Results.self, Send.self]
    )
}

/// The instructor's data folder: IAM_TUTOR_HOME, XDG_DATA_HOME/iam-tutor or ~/.local/share/iam-tutor; `class/` in it.
func defaultDataFolder() -> String {
    let env = ProcessInfo.processInfo.environment
    let home: String
    if let dir = env["IAM_TUTOR_HOME"], !dir.isEmpty {
        home = dir
    } else if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty {
        home = xdg + "/iam-tutor"
    } else {
        home = (env["HOME"] ?? ".") + "/.local/share/iam-tutor"
    }
    return home + "/class"
}

func fail(_ message: String, _ code: Int32) -> ExitCode {
    FileHandle.standardError.write(Data(("iam-tutor class: " + message + "\n").utf8))
    return ExitCode(code)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the workshop host: prints the join address for learners and the instructor's address.",
        discussion: """
            Learners join with `iam-tutor --class JOIN-URL --name NAME`; with --terminals, opening the join address in a \
            browser gives a terminal running the tutor on this machine. Results are kept in DIR/class.sqlite; \
            `iam-tutor report --db DIR/class.sqlite` reports on them. Stop with Ctrl-C; started again with the same \
            --data, the host keeps its join code, its token and every result.
            """
    )

    @Option(help: "The port (0: any free one).") var port = 8080
    @Option(help: ArgumentHelp("The address to listen on: 0.0.0.0 for the room's network.", valueName: "ADDRESS")) var bind = "127.0.0.1"
    @Option(help: ArgumentHelp("The host's data folder (default: class/ in the instructor's data folder).", valueName: "DIR")) var data: String?
    @Option(help: ArgumentHelp("The lesson pack (default: the one iam-tutor opens).", valueName: "DIR")) var lessons: String?
    @Option(help: ArgumentHelp("The host name or address printed in the join address (default: the bind address).", valueName: "HOST"))
    var advertise: String?
    @Flag(help: "Also serve browser terminals: the join address opens the tutor in the browser, run on this machine.") var terminals = false
    @Option(
        help: ArgumentHelp(
            "Also send every stored result to this Learning Record Store as xAPI statements (user and password from IAM_TUTOR_LRS_USER and IAM_TUTOR_LRS_PASSWORD, or user:password@ in the URL).",
            valueName: "URL"))
    var lrs: String?
    @Option(help: ArgumentHelp("The base of the xAPI activity and account ids (your institution's address).", valueName: "URL"))
    var xapiBase = XAPIStatements.defaultBase
    @Option(help: ArgumentHelp("At most this many browser terminals at once.", valueName: "N")) var maxTerminals = 60
    @Option(help: ArgumentHelp("The iam-tutor program the terminals run (default: the one beside this program).", valueName: "PATH"))
    var tutor: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port is 0…65535") }
        guard (1...1000).contains(maxTerminals) else { throw ValidationError("--max-terminals is 1…1000") }
    }

    func run() async throws {
        let program = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let folderOfLessons = lessons ?? LessonPack.defaultFolder(executable: program) ?? "lessons"
        let pack: PackInfo
        do {
            pack = try PackInfo.load(folder: folderOfLessons)
        } catch {
            throw fail("\(error)", 65)
        }
        let (lessonList, problems) = LessonCatalog.scan(folder: folderOfLessons).ordered(pack.order).parseAll()
        if let problem = problems.first { throw fail("\(problem)", 65) }
        let tutorProgram = tutor ?? (program as NSString).deletingLastPathComponent + "/iam-tutor"
        if terminals && access(tutorProgram, X_OK) != 0 {
            throw fail("--terminals runs \(tutorProgram), which is not there: build iam-tutor beside this program, or give --tutor PATH", 69)
        }
        var settings = HostSettings(
            dataFolder: data ?? defaultDataFolder(), lessonsFolder: URL(fileURLWithPath: folderOfLessons).standardizedFileURL.path, tutorProgram: tutorProgram)
        settings.bind = bind
        settings.port = port
        settings.advertise = advertise
        settings.terminals = terminals
        settings.maximumTerminals = maxTerminals
        let server: ClassHostServer
        do {
            var sinks: [any ResultSink] = []
            if let lrs {
                let environment = ProcessInfo.processInfo.environment
                let client = try LRSClient(url: lrs, username: environment["IAM_TUTOR_LRS_USER"], password: environment["IAM_TUTOR_LRS_PASSWORD"])
                sinks.append(LRSForwarding(client: client, statements: XAPIStatements(base: xapiBase), pack: pack, lessons: lessonList))
            }
            server = try ClassHostServer(settings: settings, pack: pack, lessons: lessonList, sinks: sinks)
        } catch {
            throw fail("\(error)", 73)
        }
        let store = server.store.path
        let withTerminals = terminals
        try await server.run { addresses in
            var lines = [
                "iam-tutor class host: \(pack.title) (\(pack.id) \(pack.version)); results in \(store)",
                "Learners join:     iam-tutor --class \(addresses.join) --name NAME",
            ]
            if withTerminals { lines.append("Browser terminals: \(addresses.join)") }
            lines.append("Instructor view:   \(addresses.instructor)")
            lines.append("Report any time:   iam-tutor report --db \(store)")
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}

/// `iam-tutor class results --db FILE`: the stored results as JSON, for `iam-tutor report --db`.
struct Results: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the results a host keeps (for `iam-tutor report --db FILE`).")

    @Option(help: ArgumentHelp("The host's class.sqlite.", valueName: "FILE")) var db: String

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw fail("\(db) does not exist: give the class.sqlite `class serve` printed", 66) }
        struct Entry: Encodable {
            var name: String
            var data: Data
        }
        let learners: [HostStore.Learner]
        do {
            learners = try HostStore(path: db).learners()
        } catch {
            throw fail("\(db) cannot be read as a host's database: \(error)", 66)
        }
        let entries = learners.map { Entry(name: "\(db): " + LiveView.fileName($0), data: Data($0.results)) }
        FileHandle.standardOutput.write(try JSONEncoder().encode(entries))
    }
}
